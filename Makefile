# Jol. `make run` and `make test` work on a fresh machine: both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Languages are listed in content/languages.yaml; `make translations` creates their catalogs.
BOT_PO := $(wildcard locales/*/LC_MESSAGES/bot.po)
BOT_MO := $(BOT_PO:.po=.mo)

.PHONY: setup run chat test bench bench-search lint check translations clean

setup: $(VENV)/.installed $(BOT_MO)

# Reinstall only when the dependencies change; a second `make setup` does nothing.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled catalogs are build output: never committed, rebuilt when a .po changes.
locales/%/LC_MESSAGES/bot.mo: locales/%/LC_MESSAGES/bot.po $(VENV)/.installed
	$(BIN)/pybabel -q compile --domain bot --input-file $< --output-file $@ --locale $*

run: setup
	$(BIN)/python bot.py

chat: setup
	$(BIN)/python bot.py chat

# The Redis tests need a real redis-server: installed here when missing (apt).
test: setup lint
	scripts/ensure-redis
	$(BIN)/python -m pytest -q

# Not part of `make test`: speed is measured side by side, never asserted in a test.
bench: setup
	scripts/ensure-redis
	$(BIN)/python -m benchmarks.storage

# Search (issue #9): hit rates on tests/search_eval/ per language and kind, query latency.
bench-search: setup
	$(BIN)/python -m benchmarks.search

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: setup
	$(BIN)/python bot.py check

# After editing English texts (content/ or code): refresh every catalog. Changed entries
# become fuzzy and are not shown until a translator reviews them.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel-bot.cfg -k _n -k in_every_language -k ui_format -k UploadError --no-wrap -o locales/bot.pot .
	$(BIN)/pybabel -q extract -F babel.cfg --no-wrap -o locales/content.pot .
	$(BIN)/python bot.py translations
	$(MAKE) --no-print-directory setup

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo
