"""Enqueue Celery tasks after the current transaction commits, without ever failing the caller.

Rows in PostgreSQL are the truth (outbox, due dates); a task is only a nudge. If Redis is down
when a web request commits, the request must still succeed: the row waits and a beat sweep
enqueues it later. So publishing errors are logged, never raised.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    def publish():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception as exc:  # broker down: the periodic sweep will pick the work up
            logger.warning("Could not enqueue %s (%s); the sweep will retry", task.name, exc)

    transaction.on_commit(publish)
