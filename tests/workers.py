"""A real Celery worker process against a Redis and an SMTP server that the test owns: shared by
the integration tests (core's outbox, the weekly e-mail) so each does not start its own way."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.db import connection

from navinclusion.celery import app as celery_app
from tests.servers import RedisServer, SmtpServer

ROOT = Path(__file__).resolve().parents[1]
# A task held by a killed worker comes back to the next worker this soon (production: an hour).
VISIBILITY_TIMEOUT = 4


def point_app_at(broker_url: str, *, eager: bool) -> None:
    """Re-point this process's Celery app; its cached producer pool must go with the old URL."""
    celery_app.conf.update(task_always_eager=eager, broker_url=broker_url)
    celery_app.close()
    celery_app.__dict__.pop("amqp", None)


def wait_until(predicate, timeout=30.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def publisher(url):
    # Not the current app: shared_task proxies in this process must keep resolving to ours.
    return Celery(broker=url, set_as_current=False)


@pytest.fixture(name="live_worker")
def live_worker_fixture(settings):
    """{"redis", "smtp", "start_worker", "stop_worker" (warm), "kill_worker" (SIGKILL)}."""
    redis_server = RedisServer().start()
    smtp = SmtpServer().start()
    db = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        # Deployment-like settings, pointed by environment at the services this test owns.
        "DJANGO_SETTINGS_MODULE": "navinclusion.settings.local",
        # The worker must write to the database this test reads: pytest-django's test database.
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        "REDIS_URL": redis_server.url,
        "CACHE_URL": redis_server.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT),
    }
    worker = None

    def start_worker():
        nonlocal worker
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "navinclusion",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop_worker():
        if worker and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=20)

    def kill_worker():
        if worker and worker.poll() is None:
            worker.kill()  # SIGKILL: no warm shutdown, no acknowledgement, no rollback by the worker
            worker.wait(timeout=20)

    original_broker = django_settings.CELERY_BROKER_URL
    # The test process publishes to the same broker, for real (not eagerly).
    settings.CELERY_BROKER_URL = redis_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    point_app_at(redis_server.url, eager=False)
    start_worker()
    yield {
        "redis": redis_server,
        "smtp": smtp,
        "start_worker": start_worker,
        "stop_worker": stop_worker,
        "kill_worker": kill_worker,
    }
    stop_worker()
    point_app_at(original_broker, eager=True)
    smtp.stop()
    redis_server.stop()
