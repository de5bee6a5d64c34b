"""Checks behind the health endpoints. Each returns a small dict with 'ok'; none reveals personal data.

Three questions, three answers (README «Health»):
- /healthz/live: does the process answer? Touches nothing; 200 while Django serves.
- /healthz/ready: may the web take traffic? Only the database decides (D5: pages keep working while
  Redis or the worker is down, so those never make the web unready); 503 when PostgreSQL is down.
- /healthz: the full report for monitoring: database, Redis, worker, beat, outbox backlog; 503
  when any of them is not ok.
"""

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import OutboxMessage, WorkerHeartbeat


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_redis() -> dict:
    timeout = settings.HEALTH_REDIS_TIMEOUT_SECONDS
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    finally:
        client.close()
    return {"ok": True}


def check_worker() -> dict:
    try:
        last = WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if last is None:
        return {"ok": False, "last_heartbeat": None, "error": "no heartbeat recorded"}
    age = (timezone.now() - last).total_seconds()
    return {
        "ok": age <= settings.HEALTH_WORKER_MAX_AGE.total_seconds(),
        "last_heartbeat": last.isoformat(),
        "age_seconds": round(age),
    }


def check_beat(worker: dict) -> dict:
    """Beat is the only sender of the heartbeat task, so a fresh heartbeat also means beat is
    scheduling; a stale one means beat or every worker is down (the worker check tells which
    together with Redis: both stale while Redis answers points at beat or the workers)."""
    return {
        "ok": worker["ok"],
        "schedules": "worker-heartbeat",
        "last_heartbeat": worker.get("last_heartbeat"),
    }


def check_outbox() -> dict:
    """Queued e-mails overdue by more than OUTBOX_OVERDUE (the sweep runs every minute): a backlog
    means delivery is stuck (SMTP, worker or beat)."""
    cutoff = timezone.now() - settings.HEALTH_OUTBOX_OVERDUE
    try:
        queued = OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED)
        overdue = queued.filter(next_attempt_at__lt=cutoff).count()
        total = queued.count()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": overdue == 0, "queued": total, "overdue": overdue}


def ready_report() -> tuple[bool, dict]:
    checks = {"database": check_database()}
    ready = checks["database"]["ok"]
    return ready, {"status": "ok" if ready else "unavailable", "checks": checks}


def health_report() -> tuple[bool, dict]:
    worker = check_worker()
    checks = {
        "database": check_database(),
        "redis": check_redis(),
        "worker": worker,
        "beat": check_beat(worker),
        "outbox": check_outbox(),
    }
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "unavailable", "checks": checks}
