"""/healthz against real services: a Redis server this test starts, stops and restarts."""

import time

import pytest
from django.urls import reverse

from core.services import heartbeat_record
from tests.servers import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(settings):
    server = RedisServer().start()
    # Point both the broker and the cache at the server this test controls: while it is down,
    # everything that depends on Redis in a real outage is down too.
    settings.CELERY_BROKER_URL = server.url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}
    }
    yield server
    server.stop()


def test_healthy_when_everything_answers(client, redis_server):
    heartbeat_record(worker="celery@test")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["redis"]["ok"]
    assert body["checks"]["worker"]["ok"]
    assert body["checks"]["worker"]["age_seconds"] < 5


def test_redis_down_turns_503_within_seconds_and_back_to_200(client, redis_server, client_for, veileder):
    heartbeat_record(worker="celery@test")
    assert client.get(reverse("healthz")).status_code == 200

    redis_server.stop()
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert elapsed < 3

    # The web pages keep working while Redis is down (sessions and login live in PostgreSQL).
    logged_in = client_for(veileder)
    assert logged_in.get(reverse("core:home")).status_code == 200
    assert logged_in.get(reverse("core:notifications")).status_code == 200

    redis_server.start()
    assert client.get(reverse("healthz")).status_code == 200


def test_worker_without_recent_heartbeat_is_down(client, redis_server, settings):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False

    heartbeat_record(worker="celery@test")
    settings.HEALTH_WORKER_MAX_AGE = settings.HEALTH_WORKER_MAX_AGE * 0
    assert client.get(reverse("healthz")).json()["checks"]["worker"]["ok"] is False


def test_health_needs_no_login_and_shows_no_personal_data(client, redis_server, veileder):
    heartbeat_record(worker="celery@test")
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    assert veileder.username not in text
    assert veileder.email not in text


def test_live_answers_without_database_or_redis(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz_live"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_stays_200_with_redis_stopped_and_no_worker(client, redis_server):
    """Readiness asks only the database: a Redis outage or a missing worker heartbeat must not
    take the web out of service (D5), while /healthz reports both."""
    redis_server.stop()
    ready = client.get(reverse("healthz_ready"))
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": {"ok": True}}}
    full = client.get(reverse("healthz"))
    assert full.status_code == 503
    checks = full.json()["checks"]
    assert (
        checks["redis"]["ok"] is False and checks["worker"]["ok"] is False and checks["beat"]["ok"] is False
    )
    redis_server.start()
    assert client.get(reverse("healthz_ready")).status_code == 200


def test_full_report_shows_an_outbox_backlog(client, redis_server):
    import datetime

    from django.utils import timezone

    from core.models import OutboxMessage

    heartbeat_record(worker="celery@test")
    assert client.get(reverse("healthz")).json()["checks"]["outbox"] == {
        "ok": True,
        "queued": 0,
        "overdue": 0,
    }
    message = OutboxMessage.objects.create(
        recipient="a@example.com", subject="Test", body_text="Test", template="test", dedupe_key="backlog"
    )
    # next_attempt_at is set on insert; move it an hour back, as if the sweep had not run since.
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == {"ok": False, "queued": 1, "overdue": 1}
    assert client.get(reverse("healthz_ready")).status_code == 200


def test_logging_in_and_working_with_redis_stopped(client, redis_server, veileder):
    """Redis down: a person can still log in (the per-address failure counter lives in the cache
    and is skipped, not fatal; axes' own lockout is in PostgreSQL) and use the pages."""
    from tests.factories import PASSWORD

    redis_server.stop()
    response = client.post(
        reverse("login"), {"username": veileder.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    wrong = client.post(
        reverse("login"), {"username": veileder.username, "password": "feil"}, REMOTE_ADDR="10.0.0.9"
    )
    assert wrong.status_code in (200, 302)
    redis_server.start()
