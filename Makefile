# Two commands for a fresh machine: `make report` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SEEDS  := $(wildcard seeds/*.txt)

.PHONY: setup report test bench clean browser

setup: $(STAMP)

# Reinstall only when the package's declared dependencies change.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(VENV)/bin/mideast-analysis report $(SEEDS) --out reports/

test: $(STAMP) browser
	$(PY) -m pytest

# Debian's Chromium for the browser tests (tests/browser.py); Playwright never downloads a browser.
# Without apt-get the browser tests skip, except under CI (CI set), where they fail.
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)

$(CHROMIUM):
	@if ! command -v apt-get >/dev/null; then echo "apt-get not found: install Chromium as $@ yourself" >&2; exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "installing chromium needs root or sudo" >&2; exit 1; fi; \
	$$SUDO apt-get update && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

bench: $(STAMP)
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/stages.py
	$(PY) benchmarks/events.py
	$(PY) benchmarks/report.py

clean:
	rm -rf $(VENV) reports data/processed
