"""Reads owned by core."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet

from .models import AuditEntry, Notification, OutboxMessage


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


def audit_history(*targets, limit: int = 50) -> list[AuditEntry]:
    """The audit trail of one or more objects, newest first, for the «Endringshistorikk» component.

    A target is a model instance or a queryset (an object's parts: a project's goals and risks).
    Each entry gets `field_labels` (the fields' verbose names) and `object_label` (the model's
    verbose name when several kinds of object are shown). Values are never shown on pages.
    """
    condition = Q()
    models_seen = {}
    for target in targets:
        if isinstance(target, QuerySet):
            model, ids = target.model, {"object_id__in": target.values("pk")}
        else:
            model, ids = type(target), {"object_id": target.pk}
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        models_seen[content_type.pk] = model
        condition |= Q(content_type=content_type, **ids)
    if not models_seen:
        return []
    entries = list(AuditEntry.objects.filter(condition).select_related("user")[:limit])
    several = len(models_seen) > 1
    for entry in entries:
        meta = models_seen[entry.content_type_id]._meta
        entry.object_label = meta.verbose_name if several else ""
        entry.field_labels = [_field_label(meta, name) for name in entry.field_names]
    return entries


def _field_label(meta, name: str) -> str:
    try:
        return str(meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
