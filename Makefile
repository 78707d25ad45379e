# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TLS_PORT ?= 8443
export FLASK_APP := wsgi:app

.PHONY: run stack static edit test test-fast preview check status launch-check translations extract update-translations index install lint sbom clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Node tools for the tests and benchmarks (pinned in package-lock.json): axe-core, the Nu Html Checker,
## Lighthouse. Only the package files decide what is installed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Interface strings (gettext): extract -> update -> (translate) -> compile.
extract: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--omit-header --width 100 -o translations/messages.pot .

update-translations: extract
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching \
		--width 100 --ignore-pot-creation-date
	$(BIN)/python scripts/fill_english.py

translations: install
	$(BIN)/pybabel -q compile --use-fuzzy -d translations 2>&1 | grep -v '^compiling' || true
	@# --use-fuzzy only so the build never fails; the test suite fails on any fuzzy entry.

## The search index (also built at start-up when the content changed).
index: install translations
	$(BIN)/flask search build

check: install
	$(BIN)/flask content check

## Before go-live: every fact no person has confirmed with the service (fails while any remain).
launch-check: install
	$(BIN)/flask content launch

## Translations that are missing, draft or older than the Danish text; files confirmed over 180 days ago.
status: install
	$(BIN)/flask content status

run: install translations
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## The production set-up on loopback (deploy/stack.py): nginx on PORT (HTTP, 8080 unless given) and TLS_PORT
## (HTTPS, a self-signed certificate unless TLS_CERTIFICATE and TLS_KEY are set) before two instances.
stack: install translations
	HOST=$(HOST) PORT=$(if $(filter command line environment,$(origin PORT)),$(PORT),8080) TLS_PORT=$(TLS_PORT) \
		exec $(BIN)/python deploy/stack.py

## What nginx serves itself, into build/: static files with .gz and .br beside them, its error pages.
static: install translations
	$(BIN)/python deploy/staticfiles.py

## Preview for editors: every request re-checks site/content/ when a file changed (and rebuilds the
## index), so a saved Markdown file shows on reload; problems are shown on the page, never a crash.
preview: install translations
	HELPSITE_PREVIEW=1 $(BIN)/flask run --debug --host $(HOST) --port $(PORT)

## The browser editor (Decap CMS) for the communications team, on this machine only: it writes to
## site/content/ and refuses a save that `make check` would refuse. Never part of the public site.
EDIT_PORT ?= 8081
edit: install node_modules/.installed
	$(BIN)/flask --app 'helpsite.editor:create_app()' run --host 127.0.0.1 --port $(EDIT_PORT)

## Software bill of materials (CycloneDX 1.6 JSON) into build/sbom/ (git-ignored, never committed):
## python.cdx.json, every package installed in .venv (what `make install` resolved from pyproject.toml),
## and npm.cdx.json, every package pinned in package-lock.json (read from the lock alone; the lock's
## peer-range warnings are ignored). The npm tool is fetched by npx at this pinned version.
CYCLONEDX_NPM := @cyclonedx/cyclonedx-npm@6.0.1
sbom: install
	mkdir -p build/sbom
	$(BIN)/cyclonedx-py environment --output-reproducible --of JSON -o build/sbom/python.cdx.json $(VENV)
	npx --yes $(CYCLONEDX_NPM) --package-lock-only --ignore-npm-errors --output-reproducible \
		--output-format JSON --output-file build/sbom/npm.cdx.json 2>/dev/null
	@echo "SBOMs: build/sbom/python.cdx.json build/sbom/npm.cdx.json"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Some machines set PYTHONDONTWRITEBYTECODE; the suite writes bytecode anyway (__pycache__ is ignored by
## Git): each pytest worker and each server or command a test starts would otherwise compile the
## package and pytest would rewrite every test module again, seconds each time.
test test-fast: export PYTHONDONTWRITEBYTECODE =

test: install translations node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	@# One run over every CPU (pytest-xdist): each worker starts the shared app and Chromium once;
	@# tests/stack/ stays on one worker (its conftest groups it), so no two stacks start at once.
	@# The content check runs inside it (tests/real_content/), as `flask content check` would.
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

## The inner loop, with nothing but Python, in under a minute: no browser, no server, no Java, no Node
## (tests marked `slow` are left out: browser and real-content-save tests by their fixtures, tests/stack/
## by its conftest, and by hand those that need Node or take over half a second). `make test` runs them all.
test-fast: install translations
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto -m "not slow"

clean:
	rm -rf $(VENV) search_index build translations/*/LC_MESSAGES/*.mo
