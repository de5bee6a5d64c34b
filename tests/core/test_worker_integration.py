"""A real Celery worker against a real Redis: heartbeat, e-mail delivery, and a Redis outage."""

import time

import pytest

from core.models import OutboxMessage, WorkerHeartbeat
from core.services import email_send
from tests.workers import VISIBILITY_TIMEOUT, live_worker_fixture, publisher, wait_until  # noqa: F401  (fixture `live_worker`)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_records_heartbeat(live_worker):
    publisher(live_worker["redis"].url).send_task("core.tasks.record_heartbeat")
    assert wait_until(lambda: WorkerHeartbeat.objects.exists()), "the worker never recorded a heartbeat"


def test_email_queued_while_redis_is_down_is_delivered_once_after_it_returns(live_worker):
    smtp, redis_server = live_worker["smtp"], live_worker["redis"]
    # Healthy path: commit queues the row and enqueues delivery; the worker sends it.
    first = email_send(to="a@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:1")
    assert wait_until(lambda: OutboxMessage.objects.get(pk=first.pk).status == "sent")
    assert len(smtp.messages) == 1

    # Redis down: the caller still succeeds (enqueue fails quietly), the row waits in PostgreSQL.
    live_worker["stop_worker"]()
    redis_server.stop()
    started = time.monotonic()
    second = email_send(to="b@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:2")
    assert time.monotonic() - started < 5
    assert OutboxMessage.objects.get(pk=second.pk).status == "queued"

    # Redis and the worker return; the beat sweep picks the row up and it is sent exactly once.
    redis_server.start()
    live_worker["start_worker"]()
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


def test_a_worker_killed_in_the_middle_of_a_delivery_leaves_it_done_once(live_worker):
    """acks_late + the row lock: the task of a worker killed mid-SMTP is neither lost nor doubled."""
    smtp = live_worker["smtp"]
    smtp.hold()  # the SMTP server stops answering after RCPT TO: the worker is caught mid-task
    message = email_send(
        to="d@nav-inkludering.local", template="test_message", context={}, dedupe_key="int:kill"
    )
    assert smtp.sink.held.wait(60), "the worker never started the delivery"
    live_worker["kill_worker"]()
    smtp.release()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 0)  # its transaction died with it
    assert smtp.messages == []

    # Not lost: the unacknowledged task comes back to the next worker after the visibility
    # timeout, without any sweep, and delivers.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    live_worker["start_worker"]()
    assert wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent", timeout=60)
    # Not doubled: the sweep and any late redelivery find the row sent.
    publisher(live_worker["redis"].url).send_task("core.tasks.outbox_sweep")
    time.sleep(2)
    assert [m[0] for m in smtp.messages] == [["d@nav-inkludering.local"]]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1
