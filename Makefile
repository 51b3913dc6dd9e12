# plansite: two commands matter. `make serve` builds and serves the sample site on
# 127.0.0.1:8000; `make test` runs every test. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JS_STAMP := tests/js/node_modules/.installed-stamp
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check new import edit test lint typecheck pytest system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

## Build the sample site and serve it on http://127.0.0.1:8000/ (reloads on edits): each page
## is made again from the plans when it is asked for after an edit (plansite.preview).
serve: $(STAMP)
	$(BIN)/python -m plansite.preview --dev-addr $(HOST)

## Build the site for publishing into site/ (replaced only if the build succeeds).
site: $(STAMP)
	$(BIN)/plansite build --strict --site-dir site

## Check every plan file, as editors do.
check: $(STAMP)
	$(BIN)/plansite check

## A new plan file from the template: make new TITLE="Kế hoạch …"
new: $(STAMP)
	@test -n "$(TITLE)" || { echo 'lỗi: ghi tên kế hoạch: make new TITLE="Kế hoạch …"' >&2; exit 2; }
	$(BIN)/plansite new "$(TITLE)"

## A received .docx, .pdf, .txt or .md turned into a plan file to review: make import FILE=van-ban.docx
import: $(STAMP)
	@test -n "$(FILE)" || { echo 'lỗi: ghi tệp cần nhập: make import FILE=van-ban.docx' >&2; exit 2; }
	$(BIN)/plansite import "$(FILE)"

## Edit plans in the browser: the form at http://127.0.0.1:8000/admin/ saves into plans/
## (decap-server on 127.0.0.1:8081; Decap installed from npm into tests/js/node_modules).
DECAP := tests/js/node_modules/decap-cms/dist/decap-cms.js
edit: $(STAMP) $(DECAP)
	@trap 'kill $$pid 2>/dev/null' EXIT INT TERM; \
	PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" \
	  node tests/js/node_modules/decap-server/dist/index.js & pid=$$!; \
	echo "Mở http://$(HOST)/admin/ để soạn kế hoạch (Ctrl+C để dừng)."; \
	$(BIN)/mkdocs serve --dev-addr $(HOST)

## The browser form's files (Decap CMS, from npm) without starting anything: for the machine
## that builds the published site (CI), so that its admin/ carries the form.
.PHONY: admin-deps
admin-deps: $(DECAP)

$(DECAP): tests/js/package.json tests/js/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo 'lỗi: cần Node.js và npm: sudo apt-get install nodejs npm' >&2; exit 1; }
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $(DECAP)

## Every test: lint, types, unit, integration and browser tests.
test: $(STAMP) system-deps lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/pytest

## Browsers and validators the tests drive (Debian packages; installs them when missing),
## and the validators from npm (vnu-jar, axe-core) into tests/js/node_modules.
system-deps: $(JS_STAMP)
	@sh tests/system-deps.sh

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@sh tests/system-deps.sh
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $(JS_STAMP)

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_extract.py

.PHONY: bench-pages
## Page sizes: the largest page of each kind and lich.ics on 1,000 and 10,000 generated plans,
## against the page budgets (one build each; several minutes); writes docs/hieu-nang.md.
bench-pages: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_pages.py --write-docs $(BENCH_ARGS)

.PHONY: bench-build
## Build benchmark: the site against plain Material and Material's blog + RSS plugin, on the
## same generated plans (1,000 and 10,000; about an hour on 2 cores); writes docs/hieu-nang.md.
## Fewer: make bench-build BENCH_ARGS="--sizes 100,1000 --runs 3"
bench-build: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python tests/benchmarks/bench_build.py --write-docs $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
