# Madang: `make demo` runs the site with real demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings.base

.PHONY: demo serve test setup lint translations bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

translations: setup
	$(PY) manage.py i18n_compile

# The demo serves with DEBUG off (Madang's own error pages), so it needs a secret key of its own: see deploy/.
demo: export DJANGO_SECRET_KEY ?= $(shell deploy/secret_key.sh)
demo: setup translations
	$(PY) manage.py createcachetable
	$(PY) manage.py migrate --noinput
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_demo
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_matching_examples
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_pilot_example
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_assessment_demo
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_training_demo
	MADANG_DEMO_LOGINS=1 $(PY) manage.py load_inclusion_demo
	@echo ""
	@echo "  Madang is running at http://127.0.0.1:$(PORT)/"
	@echo "  Demo admin:  user 'admin', password 'madang-demo' (also http://127.0.0.1:$(PORT)/admin/)"
	@echo "  Demo editor: user 'seoul-editor', citizen: user 'citizen' (same password)"
	@echo "  Yokohama city editor: 'yokohama-editor'; provider: 'provider-editor'; network admins: 'wego-admin', 'citynet-admin', 'ascn-admin', 'cjk-cooperation-admin' (same password)"
	@echo "  Digital classes: user 'training-editor' (city staff), 'trainer'; digital guide: 'seoul-guide'; example pilot: 'pilot-manager' (same password)"
	@echo ""
	@echo "  Background jobs (messages, search index, schedule) run in a worker beside the server."
	@echo ""
	MADANG_SITE_URL=$${MADANG_SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py run_worker & trap 'kill $$! 2>/dev/null' EXIT; MADANG_SITE_URL=$${MADANG_SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production stack (gunicorn + job worker, DEBUG off, hashed static files) against DATABASE_URL.
serve: setup translations
	PORT=$(PORT) deploy/serve.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Two workers: one runs the tests that roll back, the other those that empty tables (browser, worker, WSGI);
# see pytest_collection_modifyitems in tests/conftest.py. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: setup translations lint
	$(VENV)/bin/pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)

bench: setup
	$(PY) bench/catalogue.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
