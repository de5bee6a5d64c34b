"""A real Celery worker against a real Redis: heartbeat, e-mail delivery, and a Redis outage."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.db import connection

from core.models import OutboxMessage, WorkerHeartbeat
from core.services import email_send
from navinclusion.celery import app as celery_app
from tests.servers import RedisServer, SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture
def services(settings):
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
        # A task held by a killed worker comes back this soon (production: an hour).
        "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT),
    }
    worker = None
    original_broker = django_settings.CELERY_BROKER_URL

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
        worker.kill()  # SIGKILL: no warm shutdown, no acknowledgement, no rollback by the worker
        worker.wait(timeout=20)

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


def publisher(url):
    # Not the current app: shared_task proxies in this process must keep resolving to ours.
    return Celery(broker=url, set_as_current=False)


def test_worker_records_heartbeat(services):
    publisher(services["redis"].url).send_task("core.tasks.record_heartbeat")
    assert wait_until(lambda: WorkerHeartbeat.objects.exists()), "the worker never recorded a heartbeat"


def test_email_queued_while_redis_is_down_is_delivered_once_after_it_returns(services):
    smtp, redis_server = services["smtp"], services["redis"]
    # Healthy path: commit queues the row and enqueues delivery; the worker sends it.
    first = email_send(to="a@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:1")
    assert wait_until(lambda: OutboxMessage.objects.get(pk=first.pk).status == "sent")
    assert len(smtp.messages) == 1

    # Redis down: the caller still succeeds (enqueue fails quietly), the row waits in PostgreSQL.
    services["stop_worker"]()
    redis_server.stop()
    started = time.monotonic()
    second = email_send(to="b@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:2")
    assert time.monotonic() - started < 5
    assert OutboxMessage.objects.get(pk=second.pk).status == "queued"

    # Redis and the worker return; the beat sweep picks the row up and it is sent exactly once.
    redis_server.start()
    services["start_worker"]()
    sender = publisher(redis_server.url)
    sender.send_task("core.tasks.outbox_sweep")
    sender.send_task("core.tasks.outbox_sweep")
    assert wait_until(lambda: OutboxMessage.objects.get(pk=second.pk).status == "sent")

    # The web process's own publisher reconnects by itself: a new e-mail goes straight through.
    third = email_send(to="c@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:3")
    assert wait_until(lambda: OutboxMessage.objects.get(pk=third.pk).status == "sent")
    time.sleep(1)  # give a duplicate delivery the chance to show itself
    assert sorted(m[0][0] for m in smtp.messages) == [
        "a@nav-inkludering.local",
        "b@nav-inkludering.local",
        "c@nav-inkludering.local",
    ]


def test_a_worker_killed_in_the_middle_of_a_delivery_leaves_it_done_once(services):
    """acks_late + the row lock: the task of a worker killed mid-SMTP is neither lost nor doubled."""
    smtp = services["smtp"]
    smtp.hold()  # the SMTP server stops answering after RCPT TO: the worker is caught mid-task
    message = email_send(
        to="d@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:kill"
    )
    assert smtp.sink.held.wait(60), "the worker never started the delivery"
    services["kill_worker"]()
    smtp.release()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 0)  # its transaction died with it
    assert smtp.messages == []

    # Not lost: the unacknowledged task comes back to the next worker after the visibility
    # timeout, without any sweep, and delivers.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    services["start_worker"]()
    assert wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent", timeout=60)
    # Not doubled: the sweep and any late redelivery find the row sent.
    publisher(services["redis"].url).send_task("core.tasks.outbox_sweep")
    time.sleep(2)
    assert [m[0] for m in smtp.messages] == [["d@nav-inkludering.local"]]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1
