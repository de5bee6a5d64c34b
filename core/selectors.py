"""Reads owned by core."""

from django.db.models import Count, Q

from .models import Notification, OutboxMessage


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list(*, user):
    return Notification.objects.filter(user=user).order_by("-created_at")


def outbox_status_counts() -> dict[str, int]:
    counts = OutboxMessage.objects.aggregate(
        queued=Count("pk", filter=Q(status=OutboxMessage.Status.QUEUED)),
        sent=Count("pk", filter=Q(status=OutboxMessage.Status.SENT)),
        failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
    )
    return counts
