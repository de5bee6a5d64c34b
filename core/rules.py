"""Rules for core's own rows: notifications are private to their user; the outbox is for admins."""

from accounts.access import is_admin, rule, scope


@scope("core.Notification")
def _notifications(user, queryset):
    return queryset.filter(user=user)


@scope("core.OutboxMessage")
def _outbox(user, queryset):
    return queryset if is_admin(user) else queryset.none()


@rule("core.read_notification")
def _read_notification(user, notification):
    return notification is not None and notification.user_id == user.pk
