"""Per-address lockout in addition to django-axes' per (user, address) lockout (issue 10, item 8).

Axes stops one address guessing one user's password; it does not stop one address trying one
password against many users. Failed logins are counted per address in the cache; at
AXES_ADDRESS_FAILURE_LIMIT within the cool-off time, this backend refuses every login from that
address, right password or not. The limit is higher than the per-user one: an office behind one
NAT address has many people who mistype.
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
CACHE_DOWN = (RedisError, OSError)


def _key(request) -> str | None:
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    return f"login-failures:{address}" if address else None


def address_failures(request) -> int:
    key = _key(request)
    if not key:
        return 0
    try:
        return cache.get(key, 0)
    except CACHE_DOWN:
        # Redis down: logging in must keep working (sessions and axes' own per-user lockout are in
        # PostgreSQL); only this extra per-address counter pauses, and says so.
        logger.warning("address lockout counter unavailable (cache down)")
        return 0


class AddressLockoutBackend:
    """Before ModelBackend: PermissionDenied stops authenticate() for every later backend."""

    def authenticate(self, request, **credentials):
        if "password" not in credentials:
            return None  # single sign-on: the provider does its own lockout
        if not settings.PASSWORD_LOGIN_ENABLED:
            raise PermissionDenied  # production: the admin's login form too
        if address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        return None


@receiver(user_login_failed, dispatch_uid="accounts.count_address_failure")
def count_address_failure(sender, credentials, request=None, **kwargs):
    key = _key(request)
    if key is None:
        return
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    try:
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout)
    except CACHE_DOWN:
        logger.warning("address lockout counter unavailable (cache down)")
