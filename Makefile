# Touchpoint: `make run` starts the demo on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := server

.PHONY: install run test test-python test-widget widget bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(BIN)/.installed

widget/node_modules/.installed: widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# only for the test that checks admin/vendor against the pinned Chart.js; running the admin needs no Node
admin/node_modules/.installed: admin/package.json admin/package-lock.json
	cd admin && npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask demo-info --port $(PORT)
	$(BIN)/gunicorn --workers 1 --worker-class server.gunicorn_worker.ThreadWorker --threads 8 --bind 127.0.0.1:$(PORT) \
		--access-logfile - "server:create_app()"

test: install widget/node_modules/.installed admin/node_modules/.installed
	bash .ci/setup-machine
	cd widget && npm test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

widget: widget/node_modules/.installed
	cd widget && npm run build

bench: install
	bash .ci/setup-machine
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) widget/node_modules instance .pytest_cache .hypothesis
