# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-quick install migrate seed lint format messages mutation docs docs-build docs-screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The Nu HTML Checker (vnu-jar from the npm registry, package.json) for
# tests/portal/test_html_validity*.py, run with the machine's Java. Without npm
# or Java those tests are skipped (CI installs both).
VNU := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error \
	&& touch $(VNU); else echo "npm not found: the Nu HTML Checker tests will be skipped"; fi

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(BIN)/python manage.py seed_demo

# The background worker (report PDFs) runs beside the development server and stops
# with it (Ctrl-C). `make run PORT=8001` serves on another port when 8000 is taken;
# the links in the e-mails it writes and the demo's printed logins and curl line
# follow the port (unless PORTAL_BASE_URL is set).
PORT ?= 8000
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
# The help (/hilfe/) is the documentation site, built into site/ first (about a second;
# without Material's notice of its end of life in 2027, which docs/development/ names).
run: migrate
	DEBUG=true MFA_DEMO_CODE=123456 PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(BIN)/python manage.py seed_demo
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --quiet
	DEBUG=true PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(BIN)/python manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true MFA_DEMO_CODE=123456 PORTAL_BASE_URL=$(PORTAL_BASE_URL) \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in one worker process per CPU (pytest-xdist); tests/conftest.py says
# how tests are shared out. TEST_WORKERS=0 runs it in this process (for a debugger).
TEST_WORKERS ?= auto
test: install $(VNU)
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

# Everything but the browser tests (real Chromium: most of the suite's time), to check
# a change in about two minutes; `make test` and CI run them too.
test-quick: install $(VNU)
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder -m "not browser" $(PYTEST_ARGS)

# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml names them):
# far too slow for CI, run it before a change to a rule module lands. mutmut keeps its
# results in mutants/ (`$(BIN)/mutmut show <mutant>`, `$(BIN)/mutmut browse`); a run
# without MUTATE tests only the mutants it has no result for, or whose function
# changed. MUTATE=portal/compliance.py (several separated by spaces) tests that
# module's mutants, all of them again. The score counts timeouts as killed.
MUTATION_STAMP := $(VENV)/.mutation-stamp
$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	touch $(MUTATION_STAMP)

MUTATE ?=
mutation: $(MUTATION_STAMP)
	$(BIN)/mutmut run $(foreach module,$(MUTATE),'$(subst /,.,$(module:.py=)).*')
	@echo; echo "Not killed:"
	@$(BIN)/mutmut results | grep -v ': not checked$$' || true
	@echo; echo "Per module:"
	@$(BIN)/mutmut results --all true \
	| sed -E 's/^ *(.*)\.[^.]*__mutmut_[0-9]+: (.*)$$/\1 \2/' \
	| awk '{ module = $$1; $$1 = ""; sub(/^ /, ""); total[module]++; n[module, $$0]++; seen[$$0] = 1 } \
	END { for (module in total) { line = sprintf("%-20s %5d mutants", module, total[module]); \
	for (status in seen) if (n[module, status]) line = line sprintf(", %d %s", n[module, status], status); \
	checked = total[module] - n[module, "not checked"]; \
	if (checked) line = line sprintf(", score %.1f %%", \
	100 * (n[module, "killed"] + n[module, "timeout"]) / checked); print line } }' \
	| sort

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The .po catalogue is the source of the translations: this adds new msgids to it
# (untranslated, or fuzzy where a similar one existed), drops the ones the code no
# longer uses and compiles the .mo. Needs GNU gettext (apt-get install gettext);
# commit both files. tests/portal/test_translations.py extracts the same files.
messages: install
	$(BIN)/python manage.py makemessages --locale en --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'mutants/*'
	$(BIN)/python manage.py compilemessages --locale en --ignore '.venv/*'

# The documentation site (docs/, mkdocs.yml): `make docs` serves it with live reload on
# http://127.0.0.1:$(DOCS_PORT); `make docs-build` builds it strictly (a broken link, a
# page missing from the navigation or a missing page fails) into site/, as CI does.
DOCS_PORT ?= 8001
docs: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(DOCS_PORT)

docs-build: install
	$(BIN)/mkdocs build --strict

# The role guides' screenshots, taken anew from the demo data by the browser test that
# takes them in every test run (docs/screenshots/, ignored by git; without them the
# guides show a note). CI builds the site a second time after the tests with
# DOCS_SCREENSHOTS=required: a screenshot a guide shows and no test took fails.
docs-screenshots: install
	$(BIN)/python -m pytest tests/browser/test_docs_screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 mutants site
