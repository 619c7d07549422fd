# Production image: gunicorn serves the app, WhiteNoise serves the static files.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=pdxsafety.settings.prod \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 10001 app

# The dependencies first, at the locked versions and hashes: this layer is rebuilt only
# when the lock file changes, not with every change to the code.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# Then the project itself, with every package in it. Nothing beyond the lock file is
# installed; pip fetches only setuptools, to build the project.
COPY . .
RUN pip install --no-deps --editable .
# collectstatic needs settings to load; these throwaway values never reach a running container.
RUN SECRET_KEY=build-only-$(python -c 'import secrets; print(secrets.token_hex(32))') \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as u; host = os.environ['ALLOWED_HOSTS'].split(',')[0]; u.urlopen(u.Request(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', headers={'Host': host}), timeout=4)"
# Workers, timeouts and the trusted proxy are in gunicorn.conf.py (PORT and WEB_CONCURRENCY
# from the environment).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "pdxsafety.wsgi"]
