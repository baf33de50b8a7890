# make run   - serve the dashboard on http://127.0.0.1:8050 (ARGS="--port 8051 --data DIR")
# make test  - run the linter and the whole test suite, browser and reverse-proxy tests included
# make serve - production server: gunicorn, several workers, on 127.0.0.1:$(PORT) (default 8050)
# make bench - run the benchmarks and the load tests; figures go to docs/performance.md
#              (ARGS=--quick: the smoke run CI makes, writing nothing)
# All create .venv and install the pinned requirements when needed.

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
NGINX ?= /usr/sbin/nginx
ARGS ?=
PYTEST_ARGS ?=
PORT ?= 8050

.PHONY: run serve bench test lint venv deps dev-deps chromium nginx clean

$(VPY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(VENV)/.deps: requirements.txt | $(VPY)
	$(VPY) -m pip install -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VPY)
	$(VPY) -m pip install -r requirements-dev.txt
	touch $@ $(VENV)/.deps

venv: $(VPY)
deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

run: deps
	$(VPY) app.py $(ARGS)

serve: deps
	PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py sufficiency.server:application

bench: dev-deps chromium
	$(VPY) -m bench $(ARGS)

# Browser tests drive Debian's chromium; Playwright's own browser download is never used.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium with apt-get"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-liberation; \
	  else \
	    echo "$(CHROMIUM) is missing: install Debian's chromium (apt-get install chromium) as root" >&2; \
	    exit 1; \
	  fi; \
	fi

# The linter (ruff.toml: errors that are bugs, not style) runs before the tests.
lint: dev-deps
	$(VENV)/bin/ruff check sufficiency tests bench app.py

# The test of the example reverse-proxy config (docs/deployment.md) runs Debian's nginx in
# front of gunicorn, with a certificate made by openssl. Installed without starting the
# nginx service (policy-rc.d says no).
nginx:
	@if [ ! -x "$(NGINX)" ] || ! command -v openssl >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing nginx with apt-get (the service is not started)"; \
	    policy=/usr/sbin/policy-rc.d; made=0; \
	    if [ ! -e $$policy ]; then printf '#!/bin/sh\nexit 101\n' > $$policy && chmod 755 $$policy && made=1; fi; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx openssl; rc=$$?; \
	    if [ $$made = 1 ]; then rm -f $$policy; fi; \
	    exit $$rc; \
	  else \
	    echo "$(NGINX) or openssl is missing: install Debian's nginx and openssl (apt-get install nginx openssl) as root" >&2; \
	    exit 1; \
	  fi; \
	fi

test: dev-deps chromium nginx lint
	@mkdir -p test-artifacts
	@rm -f test-artifacts/pytest-exit-code
	@$(VPY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	echo $$rc > test-artifacts/pytest-exit-code; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$rc

clean:
	rm -rf test-artifacts .pytest_cache
