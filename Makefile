# Two commands: `make run` (set up, build the mart with demo data, serve on :8501) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PORT ?= 8501

.PHONY: run test mart venv chromium papers-tools lint format bench clean

venv: $(STAMP)

# Recreate the environment whenever requirements.txt changes.
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

mart: venv
	$(PY) -m mart build

run: mart papers-tools
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Browser tests use Debian's chromium; install it only when it is missing (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# The council's PDFs need a Cyrillic TrueType font (DejaVu Sans); tests read PDFs back with
# poppler-utils (pdftotext, pdftoppm). Debian's packages, installed only when missing.
papers-tools:
	@{ command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
		&& test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils fonts-dejavu-core; }

# Two workers, one per core; the tests of a file stay on one worker (they share module fixtures).
test: mart chromium papers-tools
	$(PY) -m pytest -q -n 2 --dist loadfile

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: mart
	$(PY) bench/build.py

clean:
	rm -rf data
