"""Thin tasks: the daily reminder job (beat) calls one service."""

from celery import shared_task

from . import services


@shared_task
def reminders_daily() -> dict:
    return services.reminders_run()
