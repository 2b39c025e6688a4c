# Styra: `make demo` and `make test` are the two commands of the README.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres test-deploy lint mypy mypy-baseline bench openapi messages clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

$(VENV)/bin/styra: $(STAMP)

# Development settings, explicitly: DEBUG on, static files from the apps; one worker beside.
demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=styra.settings.dev $(BIN)/styra demo

test: test-sqlite test-postgres test-deploy

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

# Runs the suite on PostgreSQL when one is reachable: STYRA_TEST_POSTGRES_URL, or a
# throwaway cluster started by scripts/pg-test-server when PostgreSQL is installed.
test-postgres: $(STAMP)
	@bash scripts/test-postgres.sh

# Follows docs/deploy.md on this machine: PostgreSQL, gunicorn, the worker, nginx with TLS,
# then logs in, reports and downloads reports through it (needs postgresql and nginx).
test-deploy: $(STAMP)
	@bash scripts/deploy-check.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=styra.settings.test $(BIN)/styra manage makemigrations --check --dry-run
	@bash scripts/mypy.sh

# mypy over src/styra; fails on errors not in mypy-baseline.txt (docs/typing.md).
mypy: $(STAMP)
	@bash scripts/mypy.sh

# Rewrites mypy-baseline.txt after errors were fixed; it may only shrink.
mypy-baseline: $(STAMP)
	@bash scripts/mypy.sh sync

bench: $(STAMP)
	bash bench/run.sh

# Rewrites docs/api/openapi.json after a change of the API (tests/api/test_openapi.py).
openapi: $(STAMP)
	$(BIN)/python scripts/openapi.py

# Collects new Swedish message ids into the English catalogue and compiles it (docs/translations.md).
messages: $(STAMP)
	cd src/styra && ../../$(BIN)/styra manage makemessages -l en --ignore 'migrations/*' --add-location file --no-obsolete
	cd src/styra && ../../$(BIN)/styra manage compilemessages -l en

clean:
	rm -rf $(VENV) var out
