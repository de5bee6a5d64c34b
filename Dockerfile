# syntax=docker/dockerfile:1
# NAV Inkludering: one image for web (gunicorn), worker and beat (the command differs, .nais/).
# Build: docker build -t nav-inkludering .   (docs/deploy.md)
# PYTHON_IMAGE: the base of both stages, the official image by default; a builder that cannot reach
# Docker Hub passes a Debian bookworm image with python3 and python3-venv of its own making.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Build stage: wheels, compiled messages, collected static files ---------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Runtime dependencies only: requirements.txt lists the test tools after "# Development and tests".
COPY requirements.txt .
RUN sed '/^# Development and tests/,$d' requirements.txt > requirements-runtime.txt \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install -r requirements-runtime.txt
COPY . .
# Static files collected (and compressed by whitenoise) and messages compiled at build time, with
# throwaway values: production settings insist on them, and nothing here touches a database.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost DJANGO_SETTINGS_MODULE=navinclusion.settings.production \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost DJANGO_SETTINGS_MODULE=navinclusion.settings.production \
    /opt/venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0

# --- Runtime stage ------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=navinclusion.settings.production \
    PORT=8080
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
# Read-only code owned by root; the process runs as an unprivileged user with no shell.
USER 10001:10001
EXPOSE 8080
# Web by default; the worker and beat deployments override the command (.nais/worker.yaml, beat.yaml).
CMD ["sh", "-c", "exec gunicorn navinclusion.wsgi:application -c gunicorn.conf.py --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-2} --threads ${GUNICORN_THREADS:-4} --timeout 30 --graceful-timeout 25 --forwarded-allow-ips '*'"]
