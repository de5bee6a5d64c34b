"""The weekly e-mail with the real services: a real worker killed mid-send, an SMTP server that
goes away, Redis down. Each recipient gets exactly one e-mail that week."""

import collections
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.models import OutboxMessage
from core.tasks import outbox_sweep
from digests import tasks
from digests.models import DigestSend
from tests.employers.factories import EmployerFactory, NeedFactory, municipality
from tests.factories import user_with_role
from tests.servers import SmtpServer
from tests.workers import live_worker_fixture, publisher, wait_until  # noqa: F401  (fixture `live_worker`)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def counsellors(office):
    employer = EmployerFactory(name="Butikken AS", municipality=municipality("3403"))
    for i in range(3):
        NeedFactory(
            employer=employer, title=f"Butikkmedarbeider {i}", status="apen", opened_at=timezone.now()
        )
    return [user_with_role(Role.VEILEDER, office, username=f"veileder{i}") for i in range(40)]


def per_recipient(smtp):
    return collections.Counter(rcpt for rcpts, _message in smtp.messages for rcpt in rcpts)


def test_worker_killed_mid_send_then_restarted_sends_each_exactly_once(live_worker, counsellors):
    smtp, redis_url = live_worker["smtp"], live_worker["redis"].url
    expected = {u.email for u in counsellors}
    publisher(redis_url).send_task("digests.tasks.weekly_fan_out")
    # Killed (SIGKILL) in the middle of the week's run: some e-mails queued, most not. (Killed
    # between an SMTP server's "250 accepted" and the commit that marks the row sent, the outbox
    # would send that one e-mail again: at-least-once is all SMTP allows; docs/apps/digests.md.)
    assert wait_until(lambda: DigestSend.objects.count() >= 10, timeout=60, step=0.02), "nothing was queued"
    live_worker["kill_worker"]()
    assert DigestSend.objects.count() < len(expected), "the worker finished before it was killed"

    # The worker returns; beat's next catch-up run and the outbox sweep finish the week.
    live_worker["start_worker"]()
    sender = publisher(redis_url)
    sender.send_task("digests.tasks.weekly_fan_out")
    assert wait_until(lambda: DigestSend.objects.count() == len(expected), timeout=60)
    sender.send_task("core.tasks.outbox_sweep")
    assert wait_until(lambda: set(per_recipient(smtp)) == expected, timeout=60)
    sender.send_task("digests.tasks.weekly_fan_out")
    sender.send_task("core.tasks.outbox_sweep")
    assert wait_until(lambda: not OutboxMessage.objects.filter(status="queued").exists(), timeout=30)
    assert set(per_recipient(smtp).values()) == {1}


def test_smtp_down_during_send_keeps_emails_queued_and_delivers_once(
    counsellors, settings, django_capture_on_commit_callbacks
):
    smtp = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    try:
        first = counsellors[0]
        with django_capture_on_commit_callbacks(execute=True):
            tasks.digest_send.delay(first.pk, tasks.selectors.this_week().label)
        assert list(per_recipient(smtp)) == [first.email]

        smtp.stop()  # the mail server goes away in the middle of the week's sending
        with django_capture_on_commit_callbacks(execute=True):
            tasks.weekly_fan_out.delay()
        queued = OutboxMessage.objects.filter(status="queued")
        assert queued.count() == len(counsellors) - 1
        assert all(m.attempts == 1 and m.last_error for m in queued)

        smtp.start()
        # Time passes: the backoff is over; the beat's sweep runs (twice, as beats do).
        OutboxMessage.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
        outbox_sweep.delay()
        outbox_sweep.delay()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.weekly_fan_out.delay()
        counts = per_recipient(smtp)
        assert set(counts) == {u.email for u in counsellors} and set(counts.values()) == {1}
        assert not OutboxMessage.objects.exclude(status="sent").exists()
    finally:
        smtp.stop()


def test_redis_down_pages_work_and_queued_mail_goes_out_after_it_returns(
    live_worker, counsellors, markedskoordinator, client, settings
):
    smtp, redis_server = live_worker["smtp"], live_worker["redis"]
    # The web process's cache is this test's Redis too, so "Redis down" means all of it (changing
    # the setting resets Django's cache handler).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    live_worker["stop_worker"]()
    redis_server.stop()

    client.force_login(markedskoordinator, backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        reverse("digests:preferences"),
        reverse("digests:preview") + f"?mottaker={counsellors[0].pk}",
        reverse("digests:preview_html", kwargs={"pk": counsellors[0].pk}),
    ):
        assert client.get(url).status_code == 200, url
    # The week's run while Redis is down (the management command): rows wait in PostgreSQL.
    call_command("market_email")
    assert OutboxMessage.objects.filter(status="queued").count() == len(counsellors)

    redis_server.start()
    live_worker["start_worker"]()
    sender = publisher(redis_server.url)
    sender.send_task("core.tasks.outbox_sweep")
    sender.send_task("digests.tasks.weekly_fan_out")  # the catch-up run finds everyone sent
    expected = {u.email for u in counsellors}
    assert wait_until(lambda: set(per_recipient(smtp)) == expected, timeout=60)
    sender.send_task("core.tasks.outbox_sweep")
    assert wait_until(lambda: not OutboxMessage.objects.filter(status="queued").exists(), timeout=30)
    assert set(per_recipient(smtp).values()) == {1}
    assert DigestSend.objects.count() == len(counsellors)
