"""Checks behind /healthz. Each returns a small dict with 'ok'; none reveals personal data."""

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


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


def health_report() -> tuple[bool, dict]:
    checks = {"database": check_database(), "redis": check_redis(), "worker": check_worker()}
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "unavailable", "checks": checks}
