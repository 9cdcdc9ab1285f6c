# Two commands: `make run` (site with demo content) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
DEMO_TIME_ZONE ?= Asia/Phnom_Penh
DEV := DEBUG=1 PORT=$(PORT) TIME_ZONE=$(DEMO_TIME_ZONE)

.PHONY: install run test test-sqlite test-postgres bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py demo_api --port $(PORT)
	$(DEV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(DEV) $(PY) manage.py render_story_parts
	$(DEV) bin/dev-server $(PY) $(HOST) $(PORT)

test: test-sqlite test-postgres

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
