"""Writes owned by core: the one e-mail function and its delivery, notifications, heartbeat."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification, OutboxMessage, WorkerHeartbeat

logger = logging.getLogger(__name__)

OUTBOX_BACKOFF_BASE = timedelta(minutes=1)
OUTBOX_BACKOFF_CAP = timedelta(hours=1)


def email_render(*, template: str, context: dict) -> dict[str, str]:
    """{"subject", "text", "html"} of `templates/emails/<template>.*`: what email_send queues
    (a preview page shows exactly this)."""
    context = {"site_url": settings.SITE_URL, **context}
    return {
        "subject": " ".join(render_to_string(f"emails/{template}.subject.txt", context).split()),
        "text": render_to_string(f"emails/{template}.txt", context),
        "html": render_to_string(f"emails/{template}.html", context),
    }


def email_send(
    *, to: str, template: str, context: dict, dedupe_key: str, headers: dict[str, str] | None = None
) -> OutboxMessage:
    """Render `templates/emails/<template>.{subject.txt,txt,html}` and queue it in the outbox.

    Runs in the caller's transaction: if the caller rolls back, no e-mail exists. The same
    dedupe key twice returns the first row, so callers may be retried freely. E-mails never
    carry personal data about candidates, only links behind login (domain.md §7). `headers` are
    extra message headers stored with the row (List-Unsubscribe); they cannot override our own.
    """
    rendered = email_render(template=template, context=context)
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "recipient": to,
            "subject": rendered["subject"],
            "body_text": rendered["text"],
            "body_html": rendered["html"],
            "template": template,
            "headers": dict(headers or {}),
        },
    )
    if created:
        from .queue import enqueue_on_commit
        from .tasks import deliver_email  # tasks import services; import here to avoid a cycle

        enqueue_on_commit(deliver_email, message.pk)
    return message


def _backoff(attempts: int) -> timedelta:
    return min(OUTBOX_BACKOFF_BASE * (2 ** max(attempts - 1, 0)), OUTBOX_BACKOFF_CAP)


def outbox_deliver(*, message_id: int) -> OutboxMessage | None:
    """Deliver one queued e-mail through Django's mail backend, at most once.

    The row is locked (skip_locked) for the whole SMTP conversation and marked sent in the same
    transaction, so two workers, a redelivered task and the sweep can never send it twice.
    Returns None when another worker holds it or it is no longer queued.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.QUEUED)
            .first()
        )
        if message is None:
            return None
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={**message.headers, "X-NAV-Inkludering-Id": str(message.pk)},
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        message.attempts += 1
        try:
            get_connection(fail_silently=False).send_messages([email])
        except OSError as exc:  # smtplib errors are OSError subclasses
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                logger.error("E-mail %s failed for good after %s attempts", message.pk, message.attempts)
            else:
                message.next_attempt_at = timezone.now() + _backoff(message.attempts)
                logger.warning("E-mail %s not delivered (attempt %s): %s", message.pk, message.attempts, exc)
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
        return message


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:limit]
    )


def notification_create(*, user, title: str, body: str = "", url: str = "", dedupe_key: str | None = None):
    """Create an in-app notification; with a dedupe key, at most one per user and key."""
    if dedupe_key is None:
        return Notification.objects.create(user=user, title=title, body=body, url=url)
    notification, _created = Notification.objects.get_or_create(
        user=user, dedupe_key=dedupe_key, defaults={"title": title, "body": body, "url": url}
    )
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread when ids is None). Returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"last_seen": timezone.now()}
    )
    return heartbeat
