# Min Vej. Two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
BUN := $(shell command -v bun 2>/dev/null || echo $(CURDIR)/.tools/node_modules/bun/bin/bun.exe)

# Keep Reflex, bun and their caches inside the project; never phone home.
export REFLEX_DIR := $(CURDIR)/.reflex
export BUN_INSTALL_CACHE_DIR := $(CURDIR)/.cache/bun
export REFLEX_BUN_PATH := $(BUN)
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PORT

.PHONY: run run-scale test bench-lighthouse install install-test bun i18n i18n-compile diagrams migrate demo lint system-test-packages scale-packages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed bun
install-test: $(VENV)/.installed-test bun

bun:
	@if [ ! -x "$(BUN)" ]; then \
		echo "Installerer bun fra npm i .tools/"; \
		npm install --silent --prefix .tools bun >/dev/null 2>&1 || npm install --prefix .tools bun; \
	fi

i18n: $(VENV)/.installed  ## extract texts, update the catalogues, compile them
	$(PY) -m babel.messages.frontend extract -F locales/babel.cfg -k t -k N_ --no-location \
		--sort-output --project "Min Vej" -o locales/messages.pot .
	$(PY) -m babel.messages.frontend update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete
	$(MAKE) i18n-compile

i18n-compile: $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -d locales -D messages --statistics

diagrams: $(VENV)/.installed  ## draw each chat flow as a Mermaid diagram in docs/flows/
	$(PY) -m citizenplan.flows.diagram

migrate: $(VENV)/.installed
	$(VENV)/bin/citizenplan migrate

demo: migrate
	$(VENV)/bin/citizenplan demo

run: install i18n-compile demo
	@echo "Min Vej starter på http://localhost:$(PORT)/ (første gang tager det et par minutter)"
	$(VENV)/bin/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# PostgreSQL, Redis, nginx and WORKERS (default 2) backend workers on this machine, in .scale/
# (docs/operations.md).
run-scale: install i18n-compile scale-packages
	$(PY) -m citizenplan.ops.stack

# Debian packages: installed when root, otherwise the one apt-get command to run.
define apt_install
	if [ -n "$(1)" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
		else \
			echo "$(2) mangler: $(1). Kør: sudo apt-get install -y $(1)"; exit 1; \
		fi; \
	fi
endef

scale-packages:
	@$(call apt_install,$(strip \
		$(if $(wildcard /usr/lib/postgresql/*/bin/initdb),,postgresql) \
		$(if $(shell command -v redis-server),,redis-server) \
		$(if $(wildcard /usr/sbin/nginx),,nginx) \
		$(if $(wildcard /usr/lib/nginx/modules/ngx_http_brotli_static_module.so),,libnginx-mod-http-brotli-static)),make run-scale)

system-test-packages: scale-packages
	@$(call apt_install,$(if $(wildcard /usr/bin/chromium),,chromium),Testene)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

test: install-test system-test-packages i18n-compile lint
	$(VENV)/bin/pytest -p no:cacheprovider

# Lighthouse's mobile profile on the bare Reflex app and every citizen and relative page (issue 21): figures,
# not a test; not part of `make test`. Lighthouse is installed with npm into .tools/lighthouse if missing.
bench-lighthouse: install-test system-test-packages i18n-compile
	$(PY) benchmarks/lighthouse.py $(ARGS)

clean:
	rm -rf .web .states .reflex data .scale
