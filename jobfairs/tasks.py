"""Thin Celery tasks for job fairs."""

from celery import shared_task

from . import services


@shared_task(name="jobfairs.tasks.jobfairs_sweep")
def jobfairs_sweep() -> dict:
    """Every few minutes: plan and send due reminders, lapse old waiting-list offers. Safe twice."""
    return services.jobfairs_sweep()
