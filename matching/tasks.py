"""Thin Celery tasks: take primary keys, call one service."""

from celery import shared_task

from . import ranking_cache, services


@shared_task(name="matching.tasks.board_escalation_sweep")
def board_escalation_sweep() -> int:
    return services.board_escalation_sweep()


@shared_task(name="matching.tasks.ranking_cache_sweep")
def ranking_cache_sweep() -> tuple[int, int]:
    return ranking_cache.sweep()
