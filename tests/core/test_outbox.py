"""The outbox: queued in the caller's transaction, delivered once through a real SMTP server."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from core import tasks
from core.models import OutboxMessage
from core.services import email_send, outbox_deliver
from tests.servers import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    yield server
    server.stop()


def send(key="test:1", to="kari@nav-inkludering.local"):
    return email_send(to=to, template="test_message", context={}, dedupe_key=key)


def test_queued_row_is_delivered_once(smtp, django_capture_on_commit_callbacks):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert len(smtp.messages) == 1
    recipients, mail = smtp.messages[0]
    assert recipients == ["kari@nav-inkludering.local"]
    assert mail["Subject"] == "Test av e-post fra NAV Inkludering"
    assert mail.is_multipart()  # text and HTML

    # A redelivered task, a second worker and the sweep all find nothing left to send.
    assert outbox_deliver(message_id=message.pk) is None
    assert tasks.outbox_sweep() == 0
    assert len(smtp.messages) == 1


def test_stays_queued_while_smtp_is_down_and_is_delivered_once_when_it_returns(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > timezone.now()

    # Not due yet: the sweep leaves it alone even though the server is back.
    smtp.start()
    assert tasks.outbox_sweep() == 0
    assert smtp.messages == []

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert tasks.outbox_sweep() == 1
        assert tasks.outbox_sweep() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    assert len(smtp.messages) == 1


def test_smtp_down_for_an_hour_the_mail_waits_and_goes_out_once(smtp, django_capture_on_commit_callbacks):
    """Beat runs the sweep every minute; an hour of that, simulated, with the relay down, then up."""
    start = timezone.now()
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        message = send(key="hour:1")
    attempts_at = []
    for minute in range(1, 61):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            if tasks.outbox_sweep():
                attempts_at.append(minute)
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.QUEUED  # waiting, never given up within the hour
    assert smtp.messages == []
    # Backoff 1, 2, 4, 8, 16, 32 minutes: few connection attempts, none wasted on a dead relay.
    assert attempts_at == [1, 3, 7, 15, 31]
    assert message.attempts == 6

    smtp.start()
    for minute in range(61, 91):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            tasks.outbox_sweep()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at - start == timedelta(minutes=63)
    assert len(smtp.messages) == 1


def test_backoff_grows_and_gives_up_after_max_attempts(smtp, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = send()
    now = timezone.now()
    gaps = []
    for _ in range(3):
        with time_machine.travel(now):
            outbox_deliver(message_id=message.pk)
        message.refresh_from_db()
        gaps.append(message.next_attempt_at - now)
        now = message.next_attempt_at + timedelta(seconds=1)
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert gaps[1] > gaps[0]


def test_same_dedupe_key_gives_one_row():
    first = send(key="weekly:2026-48:kari")
    second = send(key="weekly:2026-48:kari")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_rolled_back_caller_leaves_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("booking failed")
    assert not OutboxMessage.objects.exists()


def test_email_carries_login_link_not_personal_data(settings):
    settings.SITE_URL = "https://inkludering.example"
    message = send()
    assert "https://inkludering.example" in message.body_text
    assert "personopplysninger" in message.body_text
