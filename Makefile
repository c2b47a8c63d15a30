# Thin entry point: set up what is missing, then hand over to invoke (tasks.py).
#   make serve   build the site, serve it on http://127.0.0.1:8000/ and rebuild on every change
#   make test    run the whole test suite (what CI runs)
#   make publish TARGET=user@host:path [RELOAD='sudo -n systemctl reload nginx'] [NOW=2026-11-28T02:17]
#                [CHECK_CONFIG='sudo -n /usr/sbin/nginx -t -q -c /etc/nginx/batteryregion-check.conf']
#                build with publishconf.py, check, verify and deploy only if all pass (CI does this for main)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
INVOKE := $(VENV)/bin/invoke

# Debian packages the test suite needs: "command package" pairs (a path for a package without a command).
TEST_DEBS := chromium:chromium java:openjdk-17-jre-headless node:nodejs npm:npm \
	nginx:nginx /usr/lib/nginx/modules/ngx_http_brotli_static_module.so:libnginx-mod-http-brotli-static \
	faketime:faketime openssl:openssl rsync:rsync logrotate:logrotate

.PHONY: serve test build publish debs-venv debs-test
serve: $(VENV)/.installed
	$(INVOKE) serve

build: $(VENV)/.installed
	$(INVOKE) build

test: $(VENV)/.installed debs-test node_modules/.installed
	$(INVOKE) test

publish: $(VENV)/.installed debs-test node_modules/.installed
	@test -n "$(TARGET)" || { echo "Say where: make publish TARGET=user@host:path (or a folder)"; exit 1; }
	$(INVOKE) publish --target "$(TARGET)" $(if $(RELOAD),--reload "$(RELOAD)") $(if $(NOW),--now "$(NOW)") \
		$(if $(CHECK_CONFIG),--check-config "$(CHECK_CONFIG)")

$(VENV)/.installed: requirements.txt | debs-venv
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json | debs-test
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Install missing Debian packages with apt when root; otherwise print the exact command.
define ensure_debs
	@missing=""; \
	for pair in $(1); do \
	  cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null 2>&1 || [ -x /usr/sbin/$$cmd ] || [ -e $$cmd ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages. Run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

debs-venv:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "Missing Debian package. Run:  sudo apt-get install -y python3-venv"; exit 1; fi; }

debs-test:
	$(call ensure_debs,$(TEST_DEBS))
