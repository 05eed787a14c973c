# Touchpoint: `make run` starts the demo on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := server

.PHONY: install install-dev run test lint widget wordpress-plugin shopify-extension bench clean

# `make run` needs only the service; the test and bench tools come with `make test` and `make bench`
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

widget/node_modules/.installed: widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# only for the test that checks admin/vendor against the pinned Chart.js; running the admin needs no Node
admin/node_modules/.installed: admin/package.json admin/package-lock.json
	cd admin && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# the demo's webhook endpoint posts to this server's /demo/webhook-log on 127.0.0.1, which the SSRF guard refuses
# unless private addresses are allowed: allowed here, for the local demo only (never in the Procfile)
run: export WEBHOOKS_ALLOW_PRIVATE ?= 1
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty --port $(PORT)
	$(BIN)/flask demo-info --port $(PORT)
# the outbox worker runs beside gunicorn and is stopped when gunicorn exits, so `make run` stays one command
	$(BIN)/flask worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --workers 1 --worker-class server.runtime.gunicorn_worker.GeventWorker --threads 8 --bind 127.0.0.1:$(PORT) \
		--access-logfile - "server:create_app()"

# only for the browser test of snippets/react in a real React app with client-side routes
tests/browser/react-app/node_modules/.installed: tests/browser/react-app/package.json tests/browser/react-app/package-lock.json
	cd tests/browser/react-app && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install-dev widget/node_modules/.installed admin/node_modules/.installed tests/browser/react-app/node_modules/.installed lint
	bash .ci/setup-machine
	cd widget && npm test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check server tests bench

widget: widget/node_modules/.installed
	cd widget && npm run build

# the WordPress plugin as "Plugins → Add New → Upload Plugin" takes it: one zip holding a touchpoint/ folder
WORDPRESS_PLUGIN := touchpoint.php uninstall.php readme.txt woocommerce-cart.js
dist/touchpoint-wordpress.zip: $(addprefix snippets/wordpress/,$(WORDPRESS_PLUGIN))
	rm -rf build/wordpress && mkdir -p build/wordpress/touchpoint dist
	cp $^ build/wordpress/touchpoint/
	rm -f $@ && cd build/wordpress && $(PYTHON) -m zipfile -c ../../$@ touchpoint

wordpress-plugin: dist/touchpoint-wordpress.zip

# the Shopify theme app extension: unpack into a Shopify app's extensions/ folder, then `shopify app deploy`;
# its script is the same file the theme-snippet route uploads as a theme asset
SHOPIFY_EXTENSION := $(shell find snippets/shopify/app-embed -type f) snippets/shopify/touchpoint-shopify.js
dist/touchpoint-shopify-extension.zip: $(SHOPIFY_EXTENSION)
	rm -rf build/shopify && mkdir -p build/shopify dist
	cp -r snippets/shopify/app-embed build/shopify/touchpoint
	mkdir -p build/shopify/touchpoint/assets && cp snippets/shopify/touchpoint-shopify.js build/shopify/touchpoint/assets/
	rm -f $@ && cd build/shopify && $(PYTHON) -m zipfile -c ../../$@ touchpoint

shopify-extension: dist/touchpoint-shopify-extension.zip

bench: install-dev
	bash .ci/setup-machine
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) widget/node_modules tests/browser/react-app/node_modules instance .pytest_cache .hypothesis build dist
