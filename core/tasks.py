"""Thin Celery tasks: take primary keys, call one service."""

import socket

from celery import shared_task
from django.core import management

from . import services


@shared_task(name="core.tasks.deliver_email")
def deliver_email(message_id: int) -> None:
    # Failures are recorded on the row with a backoff; outbox_sweep re-enqueues when due.
    services.outbox_deliver(message_id=message_id)


@shared_task(name="core.tasks.outbox_sweep")
def outbox_sweep() -> int:
    """Deliver e-mails left queued: retries after backoff and rows queued while Redis was down."""
    ids = services.outbox_due_ids()
    for message_id in ids:
        services.outbox_deliver(message_id=message_id)
    return len(ids)


@shared_task(name="core.tasks.record_heartbeat", bind=True)
def record_heartbeat(self) -> None:
    worker = getattr(self.request, "hostname", None) or socket.gethostname()
    services.heartbeat_record(worker=worker)


@shared_task(name="core.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    management.call_command("clearsessions")
