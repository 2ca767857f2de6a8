# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test worker install install-test system-packages bench-packages migrate demo clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-packages

# Debian packages the tests need, installed when missing (apt-get, through sudo unless root):
# pdftotext (poppler-utils) reads the rendered minutes back; the browser tests drive Debian's
# Chromium at /usr/bin/chromium (Playwright never downloads a browser of its own here); the broker
# outage tests start and stop a Redis server of their own (/usr/bin/redis-server).
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || command -v sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600

system-packages:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing ..."; \
	  $(APT_GET) install -y $$missing >/dev/null || \
	  { $(APT_GET) update >/dev/null && $(APT_GET) install -y $$missing >/dev/null; }; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The web server and, in the background beside it, the scheduled jobs (deadline
# reminders, digests, followers' e-mail): a Celery worker with its scheduler
# (beat) on a queue of files in var/celery, which needs no broker server (or on
# CELERY_BROKER_URL when it is set). Its warnings and the e-mail it writes to the
# console show here; it stops when the server stops.
run: demo
	$(BIN)/python manage.py install_schedule >/dev/null
	@CELERY_BROKER_URL=$${CELERY_BROKER_URL:-filesystem://localhost/} $(BIN)/celery -A config --quiet worker --beat --pool=solo \
	  --without-gossip --without-mingle --without-heartbeat --loglevel=WARNING & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	echo "Background jobs: a Celery worker with its scheduler (pid $$worker)."; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production's web server: migrate, collectstatic, gunicorn (bin/serve; README.md, "Production").
serve: install
	PYTHON=$(BIN)/python bin/serve

# The background jobs: a Celery worker with the scheduler (beat) beside it, on
# the broker CELERY_BROKER_URL names (Redis here; RabbitMQ works the same:
# amqp://guest:guest@127.0.0.1:5672//). The schedule is in the admin.
CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
worker: migrate
	$(BIN)/python manage.py install_schedule
	CELERY_BROKER_URL=$(CELERY_BROKER_URL) $(BIN)/celery -A config worker --beat --loglevel=INFO

# pytest exits 5 when it collects no tests; that is not a failure here.
test: install-test
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || \
	  { echo "Models and migrations differ: run manage.py makemigrations"; exit 1; }
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status

# How fast the minutes are rendered and served, then the pages at national
# scale on PostgreSQL (bench/scale.py; SCALE_SIZES=10000,100000 for a shorter
# run, SCALE_KEEP=1 to keep the generated databases), against their targets;
# the results are written to bench/README.md. Exits 1 when a target is missed.
bench: install bench-packages
	$(BIN)/python bench/run.py; first=$$?; $(BIN)/python bench/scale.py; second=$$?; \
	  [ $$first -eq 0 ] && [ $$second -eq 0 ]

# The scale benchmark's load generator: Debian's wrk, installed when missing.
bench-packages:
	@command -v wrk >/dev/null || { echo "Installing wrk ..."; \
	  $(APT_GET) install -y wrk >/dev/null || { $(APT_GET) update >/dev/null && $(APT_GET) install -y wrk >/dev/null; }; }

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache var
