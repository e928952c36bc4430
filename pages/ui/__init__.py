"""Shared pieces of the pages (``pages/*.py``), by concern; a page imports the ones it uses.

- ``navigation``: the page list, the navigation each role sees, the access gate (``run_app``);
- ``session``: the signed-in user's access, the session cookie, sign-in and sign-out;
- ``screen``: a page's heading, demo banner, empty states, the data's freshness;
- ``draw``: charts (``st.altair_chart`` without the schema check on every run);
- ``fmt``: figures the Russian way, changes from the previous year, ``plain`` for text from files;
- ``sidebar``: filters in the sidebar, kept in the URL;
- ``yearly``: the year filter that never passes a partial year for the region, partial-year charts;
- ``tables``: tables with their XLSX download, person-level rows;
- ``decree``: the decree's roadmap measures a page reports on;
- ``council``: the council's meeting pack and papers;
- ``federal_form``, ``collect``: pieces of the federal form and of data collection (employment, upload).

The conventions are in docs/PAGES_BRIEF.md. No SQL here: pages and these pieces call ``mart`` only.
"""
