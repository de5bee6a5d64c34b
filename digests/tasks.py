"""Thin tasks for the weekly market e-mail: one fan-out, then one task per recipient."""

from celery import shared_task

from core.queue import enqueue_on_commit

from . import selectors, services
from .selectors import Week


@shared_task(name="digests.tasks.weekly_fan_out")
def weekly_fan_out(week: str | None = None) -> int:
    """Enqueue one digest_send per recipient not yet in this week's send log. Beat runs it on
    Monday at 07:00 and again every hour that day: a missed or half-finished run catches up."""
    target = Week.parse(week) if week else selectors.this_week()
    ids = selectors.recipient_ids(week=target)
    for user_id in ids:
        # Not in a transaction: on_commit publishes at once; a failed publish waits for the next run.
        enqueue_on_commit(digest_send, user_id, target.label)
    return len(ids)


@shared_task(name="digests.tasks.digest_send")
def digest_send(user_id: int, week: str) -> None:
    services.digest_queue(user_id=user_id, week=Week.parse(week))
