"""Thin Celery tasks for candidates."""

from celery import shared_task

from . import services


@shared_task(name="candidates.tasks.retention_sweep")
def retention_sweep() -> int:
    """Daily: erase identities past the retention period and refresh age bands. Safe to run twice."""
    erased = services.candidates_erase_expired()
    services.profile_age_bands_refresh()
    return erased
