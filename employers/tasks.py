"""Thin Celery tasks: take primary keys, call one service."""

from celery import shared_task

from . import services


@shared_task(name="employers.tasks.run_employer_import")
def run_employer_import(job_id: int) -> None:
    services.employer_import_run(job_id=job_id)


@shared_task(name="employers.tasks.notify_need_opened")
def notify_need_opened(need_id: int) -> int:
    return services.need_notify_counsellors(need_id=need_id)


@shared_task(name="employers.tasks.import_sweep")
def import_sweep() -> int:
    return services.employer_imports_sweep()
