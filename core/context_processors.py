import time

from django.conf import settings

from .middleware import session_renewed_at
from .navigation import nav_items_for
from .selectors import notification_unread_count


def navigation(request):
    """Header data for logged-in pages: menu by role, unread notifications, current unit."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from accounts.access import primary_membership

    items = nav_items_for(user)
    active = _active_url([item.url for item in items], request.path)
    return {
        "nav_items": [(item, item.url == active) for item in items],
        "unread_notifications": notification_unread_count(user=user),
        "primary_membership": primary_membership(user),
        "session_seconds": session_seconds_left(request),
        "session_warning_seconds": min(settings.SESSION_WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2),
    }


def _active_url(urls: list[str], path: str) -> str | None:
    """The one menu URL the page belongs to: an exact match, else the longest prefix.

    Longest wins so /prosjekter/sammenlign/ marks «Sammenlign prosjekter», not also «Prosjekter».
    """
    if path in urls:
        return path
    prefixes = [url for url in urls if url != "/" and path.startswith(url)]
    return max(prefixes, key=len, default=None)


def list_query(request):
    """The current filters as a query string without the page number, for pagination and
    export links on list pages: `?{{ query_string }}&page=2`, `export/?{{ query_string }}`."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"query_string": query.urlencode()}


def session_seconds_left(request) -> int:
    """Seconds until the idle timeout as the server sees it: the deadline moves at most every
    SESSION_RENEW_SECONDS (core.middleware.SessionIdleMiddleware), so it can be a little less
    than SESSION_COOKIE_AGE; the warning dialog counts down from this."""
    renewed = session_renewed_at(request)
    if renewed is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, int(settings.SESSION_COOKIE_AGE - (time.time() - renewed)))
