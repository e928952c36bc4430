"""The figures and year-on-year changes the pages show (pages/ui/fmt.py), worked out by hand."""

from pages.ui import fmt


def test_number_and_percent_use_a_decimal_comma():
    assert fmt.number(12345) == "12\u00a0345"  # a non-breaking space between thousands (Babel, ru)
    assert fmt.number(71.94, 1) == "71,9"
    assert fmt.number(3.5, 1, " балла") == "3,5 балла"
    assert fmt.number(None) == "—"
    assert fmt.percent(0.7194) == "71,9\u00a0%"
    assert fmt.percent(0.0072, 2) == "0,72\u00a0%"
    assert fmt.percent(None) == "—"


def test_delta_has_a_comma_and_no_signed_zero():
    assert fmt.delta(120, 100) == "+20 к прошлому году"
    assert fmt.delta(1100, 2300) == "-1\u00a0200 к прошлому году"
    assert fmt.delta(0.7, 0.685, pct=True) == "+1,5 п.п. к прошлому году"
    assert fmt.delta(0.5, 0.512, pct=True) == "-1,2 п.п. к прошлому году"
    # a change that rounds to zero is «0», neither «+0» nor «-0,0»
    assert fmt.delta(7, 7) == "0 к прошлому году"
    assert fmt.delta(0.5, 0.5004, pct=True) == "0,0 п.п. к прошлому году"
    assert fmt.delta(71.23, 71.26, digits=1) == "0,0 к прошлому году"
    assert fmt.delta(71.3, 70.0, digits=1) == "+1,3 к прошлому году"
    assert fmt.delta(None, 3) is None and fmt.delta(3, None) is None


def test_change_greys_a_zero_change():
    assert fmt.change(5, 3) == {"delta": "+2 к прошлому году", "delta_color": "normal"}
    assert fmt.change(5, 3, color="inverse") == {"delta": "+2 к прошлому году", "delta_color": "inverse"}
    assert fmt.change(5, 3, color="off", arrow=False) == {
        "delta": "+2 к прошлому году",
        "delta_color": "off",
        "delta_arrow": "off",
    }
    assert fmt.change(0.5, 0.5004, pct=True, color="inverse") == {
        "delta": "0,0 п.п. к прошлому году",
        "delta_color": "off",
        "delta_arrow": "off",
    }
    assert fmt.change(None, 3) == {}


def test_a_national_table_keeps_its_formats_instead_of_a_styler():
    """More cells than a Styler renders quickly (or at all: pandas refuses 262,144) keep printf formats."""
    import polars as pl

    from pages.ui import tables

    config = {"rate": {"type_config": {"format": "%.1f"}}}
    small = pl.DataFrame({"rate": [81.14, 2.5]})
    styled, small_config = tables.russian_numbers(small, config)
    assert not isinstance(styled, pl.DataFrame) and small_config["rate"]["type_config"]["format"] is None
    rows = tables.STYLED_CELLS_AT_MOST // 2 + 1
    big = pl.DataFrame({"rate": [81.14] * rows, "share": [0.5] * rows})
    shown, big_config = tables.russian_numbers(big, config)
    assert shown is big and big_config == config


def test_percent_texts_of_a_column_read_as_percent_does_row_by_row():
    """The vectorised texts of a ranking column equal ``fmt.percent`` of each row (ties, 0, 1, NaN, gaps)."""
    import random

    import polars as pl

    rng = random.Random(448)
    values = [rng.random() for _ in range(5000)]
    values += [None, float("nan"), float("inf"), 0.35, 0.7125, 0.0, 1.0, 0.00049, 0.99951, 12.345]
    has = [rng.random() < 0.9 for _ in values]
    has[-10:] = [True] * 10
    has[0] = None
    frame = pl.DataFrame({"value": values, "has_data": has})
    got = frame.select(fmt.percent_texts("value", "has_data", "text", "нет данных"))["text"].to_list()
    expected = [
        fmt.percent(v) if h and v is not None else "нет данных" for v, h in zip(values, has, strict=True)
    ]
    assert got == expected
    pct = [f"{t}\u00a0%" for t in ("35,0", "71,2", "0,0", "100,0", "0,0", "100,0", "1\u00a0234,5")]
    assert got[-10:] == ["нет данных", "—", "—", *pct]
