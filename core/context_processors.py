from .navigation import nav_items_for
from .selectors import notification_unread_count


def navigation(request):
    """Header data for logged-in pages: menu by role, unread notifications, current unit."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from accounts.access import primary_membership

    return {
        "nav_items": [(item, _is_active(item.url, request.path)) for item in nav_items_for(user)],
        "unread_notifications": notification_unread_count(user=user),
        "primary_membership": primary_membership(user),
    }


def _is_active(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
