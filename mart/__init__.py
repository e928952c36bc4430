"""The data mart of the Amur region's staffing standard (decree No. 448 of 09.08.2019).

The package is in rooms; a newcomer reads them in this order:

- ``mart.platform`` — config and the clock, the connection and the single writer, migrations, seeds,
  the SQL model runner, checks, build and rebuild, Russian formatting;
- ``mart.intake`` — the upload contract (datasets), reading files, validation, the one ingestion
  path, templates, the upload log, reporting-period collections, the federal form;
- ``mart.access`` — who may see and change what (``rules``), accounts and sessions (their own
  store), cookies, person-level privacy and small cells;
- ``mart.read`` — the read functions by domain: they filter the SQL models of ``sql/marts/<domain>``
  by parameters, apply access and small-cell protection, and label;
- ``mart.papers`` — the council's papers and office files: the meeting pack, protocols, exports,
  the charts screens and papers share;
- ``mart.demo`` — the fictional region, outside the production path: only ``build`` with demo data
  and the benchmarks import it.

``python -m mart`` is the command line (``mart.cli``).
"""
