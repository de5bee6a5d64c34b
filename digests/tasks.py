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
    # Every recipient's fit counts in one query here; each task only reads its own (JSON keys are text).
    fits = selectors.week_fit_counts(recipient_ids=ids, week=target)
    for user_id in ids:
        fit = {str(pk): n for pk, n in fits.get(user_id, {}).items()}
        # Not in a transaction: on_commit publishes at once; a failed publish waits for the next run.
        enqueue_on_commit(digest_send, user_id, target.label, fit)
    return len(ids)


@shared_task(name="digests.tasks.digest_send")
def digest_send(user_id: int, week: str, fit: dict[str, int] | None = None) -> None:
    """`fit`: the recipient's fit counts from the fan-out; None (a task queued before they were
    passed) counts them here."""
    counts = None if fit is None else {int(pk): n for pk, n in fit.items()}
    services.digest_queue(user_id=user_id, week=Week.parse(week), fit=counts)
