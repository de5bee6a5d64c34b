"""Thin Celery tasks: take primary keys, call one service."""

from celery import shared_task

from . import services


@shared_task(name="matching.tasks.board_escalation_sweep")
def board_escalation_sweep() -> int:
    return services.board_escalation_sweep()
