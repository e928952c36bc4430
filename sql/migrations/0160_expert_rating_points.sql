-- The points of the regional expert rating (roadmap measure 5.10) as reference data beside the KPI
-- weights: seeds/expert_rating_points.csv fills it at every build, sql/marts/experts/ reads it.
create table seed.expert_rating_points (
    kind       varchar not null,   -- certificate (held in the competence on D) or role (at an event)
    code       varchar not null,   -- certificate or role code (mart.datasets.ENUMS)
    points     integer not null,
    label_ru   varchar not null,   -- the short wording of the method shown on the page
    sort_order integer not null,
    primary key (kind, code)
);
