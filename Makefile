# The two commands a newcomer needs:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format venv install install-dev screenshots bench-articles bench-votes bench-newsletter clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP) $@

venv install: $(STAMP)
install-dev: $(DEV_STAMP)

## Serve the demo practice on http://127.0.0.1:8000 (admin at /admin/) with its task worker and
## minute tick; Ctrl-C stops all three. Keeps your data. `make run PORT=8001` serves elsewhere
## (links in emails follow); it prints a Practice owner login (`SUPERUSER=1`: the superuser's).
HOST ?= 127.0.0.1
PORT ?= 8000
# Links point where a browser on this machine reaches the site ("listen everywhere" is 127.0.0.1).
LINK_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
run: export WAGTAILADMIN_BASE_URL ?= http://$(LINK_HOST):$(PORT)
run: $(STAMP)
	$(BIN)/python manage.py move_old_database
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py practice_blog_setup --groups
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py reset_local_admin --address $(HOST):$(PORT) $(if $(SUPERUSER),--superuser)
	$(BIN)/python manage.py practice_blog_run $(HOST):$(PORT)

## Lint, check migrations, run the whole test suite. CI runs exactly this.
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=website.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Votes per second through gunicorn with concurrent clients, checked against the database.
bench-votes: $(STAMP)
	$(BIN)/python bench/vote_bench.py

## Article pages per second and latency percentiles through gunicorn, against a static file.
bench-articles: $(STAMP)
	$(BIN)/python bench/article_bench.py

## Emailing an article to 10,000 readers through a local SMTP sink: publish cost, emails/s, memory.
bench-newsletter: $(STAMP)
	$(BIN)/python bench/newsletter_bench.py

## Regenerate the README's screenshots (docs/screenshots/) in the system Chromium.
screenshots: $(DEV_STAMP)
	PRACTICE_BLOG_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/browser/make_screenshots.py -q -s

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
