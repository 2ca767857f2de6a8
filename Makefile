# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-test system-packages migrate demo clean

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

# pdftotext (poppler-utils) reads the rendered minutes back in the tests.
system-packages:
	@command -v pdftotext >/dev/null || { \
	  echo "Installing poppler-utils (pdftotext) ..."; \
	  $$(command -v sudo || true) apt-get install -y -q poppler-utils >/dev/null || \
	  { $$(command -v sudo || true) apt-get update -q >/dev/null && \
	    $$(command -v sudo || true) apt-get install -y -q poppler-utils >/dev/null; }; }

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# pytest exits 5 when it collects no tests; that is not a failure here.
test: install-test
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || \
	  { echo "Models and migrations differ: run manage.py makemigrations"; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
