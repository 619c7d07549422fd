# The README's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format seed migrate check-deploy clean bench-tools bench-serve scale-demo \
	lock audit

# Every dependency at the version and hash in the lock file, then the project itself.
$(STAMP): pyproject.toml requirements-test.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12 or newer is needed (see .python-version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Rewrites both lock files from pyproject.toml: one resolution for every platform, so a
# Mac, a Linux laptop and the Docker image install the same versions. Pins move only
# as pyproject.toml requires; `make lock ARGS=--upgrade` moves every one to the newest.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --no-header --quiet $(ARGS)
lock: install
	$(LOCK) -o requirements.lock
	$(LOCK) --extra test -o requirements-test.lock

# Known vulnerabilities in the locked versions, from PyPI's advisory data (one request per
# release). A finding fails, and so does a release PyPI cannot tell about (--strict): an
# audit that skipped packages would pass without checking them. A machine that cannot
# reach that data at all says so and passes, as nothing was checked.
PYPI_PROBE := import urllib.request as u; u.urlopen("https://pypi.org/pypi/pip/24.0/json", timeout=10)
audit: install
	@if $(BIN)/python -c '$(PYPI_PROBE)' 2>/dev/null; then \
		$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off \
			-r requirements.lock -r requirements-test.lock; \
	else \
		echo "make audit: PyPI's vulnerability data cannot be reached from here; not checked."; \
	fi

# The HTML checker for the browser tests; without npm those tests skip and say why.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the HTML validation tests will be skipped."; fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed

run: seed
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install node_modules/.package-lock.json
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: install
	DJANGO_SETTINGS_MODULE=pdxsafety.settings.prod \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=community-safety.example \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# wrk and HAProxy (Debian packages), for the two targets below.
bench-tools:
	@if command -v wrk >/dev/null && { command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; }; then \
		echo "wrk and haproxy are installed."; \
	else \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk haproxy; \
	fi

# The production stack under wrk (needs PostgreSQL on 127.0.0.1; README "Benchmarks").
# Options go in ARGS, e.g. make bench-serve ARGS="--duration 10".
bench-serve: install bench-tools
	$(BIN)/python bench/serve.py $(ARGS)

# Three app servers behind HAProxy, one PostgreSQL, one Redis (README "Scaling out").
scale-demo: install bench-tools
	$(BIN)/python bench/scale_demo.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
