# make run: the product on its embedded default (SQLite, file broker, e-mail outbox in var/).
# make test: every test; PostgreSQL and Redis when DATABASE_URL / REDIS_URL point at them.
.DEFAULT_GOAL := help
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: help run test lint messages bench bench-chat bench-soak clean

help:
	@echo "make run    serve http://127.0.0.1:$(PORT) with a Celery worker and beat"
	@echo "make test   run every test"
	@echo "make lint   ruff and mypy"
	@echo "make bench  seed 1M tickets, load the product beside django-helpdesk, print the table"
	@echo "make bench-soak  ten minutes of mixed load: worker memory and errors"

$(VENV)/.installed: pyproject.toml
	@interp=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || "$$interp" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	  else echo "npm not found: browser tests will be skipped"; fi

run: $(VENV)/.installed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo --if-empty
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runall --port $(PORT)

# A helpdesk lives by its calendar: the tests whose outcome depends on the date run again with
# the clock moved a year ahead, to the next Chuseok day and to 31 December 23:59 in Seoul.
CLOCK_TESTS := tests/sla tests/reports tests/contacts tests/catalog tests/tickets tests/agent tests/parties tests/accounts tests/notices tests/callbacks tests/scorecard tests/mail tests/claims tests/askonce tests/community tests/chat
MOVED_CLOCKS := year-ahead chuseok new-years-eve

# Tests run as production does (DEBUG off) but over plain HTTP on 127.0.0.1.
test: export DJANGO_SECRET_KEY ?= tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
test: export DJANGO_SECURE_SSL_REDIRECT ?= 0
test: export DJANGO_SECURE_COOKIES ?= 0
test: $(VENV)/.installed node_modules/axe-core/axe.min.js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py compilemessages -v0 -i .venv -i node_modules -i var
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS); status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status
	@for clock in $(MOVED_CLOCKS); do \
	  echo "== the date-sensitive tests with the clock moved to $$clock"; \
	  $(PY) -m pytest -n 2 -q -m "not browser and not integration and not faults" --clock=$$clock $(CLOCK_TESTS) || exit 1; \
	done

lint: export DJANGO_DEBUG ?= 1
lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

messages: export DJANGO_DEBUG ?= 1
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l ko -l en --no-obsolete --no-wrap --add-location file -i '.venv/*' -i 'node_modules/*' -i 'var/*' -i 'tests/*' -i 'scripts/*'
	python3 scripts/po.py fill-en
	$(PY) manage.py makemessages -d djangojs -l ko -l en --no-obsolete --no-wrap --add-location file -i '.venv/*' -i 'node_modules/*' -i 'var/*' -i 'tests/*' -i 'scripts/*'
	PO_DOMAIN=djangojs python3 scripts/po.py fill-en
	$(PY) manage.py compilemessages -i .venv -i node_modules -i var

# Minutes, not part of make test: seeds PostgreSQL (its own databases helpdesk_bench,
# helpdesk_bench_small and helpdesk_peer on BENCH_DATABASE_URL's server), loads each page with
# wrk beside what it is compared with, writes var/bench/results.md; then the chat's benchmark
# (var/bench/chat.md). BENCH_DATABASE_URL, BENCH_TICKETS, BENCH_ROUNDS and BENCH_SLICE override.
bench: $(VENV)/.installed
	$(PY) -m bench
	$(PY) -m bench.chat

# Ten minutes of the mixed load on the seeded database: worker memory and errors (soak.md).
bench-soak: $(VENV)/.installed
	$(PY) -m bench.soak

# The live chat alone: connections held, lines a second, delivery p50/p99 (var/bench/chat.md).
bench-chat: $(VENV)/.installed
	$(PY) -m bench.chat

clean:
	rm -rf $(VENV) var node_modules
