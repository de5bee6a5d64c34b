"""Thin Celery task: the periodic build of the published figures."""

from celery import shared_task

from . import services


@shared_task(name="dashboards.tasks.snapshot_refresh")
def snapshot_refresh() -> str:
    return str(services.snapshot_refresh().cutoff)
