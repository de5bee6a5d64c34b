"""Share links: one way to show one object to someone outside NAV without a login.

    link, token = share_link_create(obj=…, scope="matching.candidate_list", by=user, recipient_name=…)
    url = reverse("matching:shared_list", args=[token])          # the token is shown once
    link = share_link_resolve(token=token, scope="matching.candidate_list", client=ip)  # or ShareLinkRefused

The token is 32 random bytes (secrets.token_urlsafe); only its SHA-256 is stored. Resolving is
rate-limited per client (failed attempts counted in the cache, i.e. Redis), and every attempt,
good or refused, writes a ShareLinkAccess row. Scopes keep a candidate-list link from opening a
job-fair page and vice versa.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ShareLink, ShareLinkAccess

DEFAULT_DAYS = 14
MAX_DAYS = 90
# Failed attempts per client before it is refused for the rest of the window.
MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)


class ShareLinkRefused(Exception):
    def __init__(self, outcome: str, message: str):
        super().__init__(message)
        self.outcome = outcome
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_key(ip: str) -> str:
    return hashlib.sha256(f"sharelink:{ip}".encode()).hexdigest()


def share_link_create(
    *, obj, scope: str, by, recipient_name: str, recipient_email: str = "", days: int = DEFAULT_DAYS
) -> tuple[ShareLink, str]:
    """Create a link to `obj` for `scope`; returns the row and the token (never stored)."""
    from django.core.exceptions import ValidationError

    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("Lenken må gjelde mellom 1 og %(max)s dager.") % {"max": MAX_DAYS}})
    if not (recipient_name or "").strip():
        raise ValidationError({"recipient_name": _("Skriv hvem lenken deles med.")})
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        token_hash=token_hash(token),
        scope=scope,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        recipient_name=recipient_name.strip(),
        recipient_email=recipient_email,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return link, token


def share_link_revoke(*, link: ShareLink, by) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def _failures_key(client: str) -> str:
    return f"sharelink-failures:{client}"


def share_link_resolve(*, token: str, scope: str, client: str, obj=None) -> ShareLink:
    """The active link for this token and scope (and object, when given), logged; otherwise
    ShareLinkRefused, logged and counted towards the client's rate limit."""
    now = timezone.now()
    failures = cache.get(_failures_key(client), 0)
    if failures >= MAX_FAILURES:
        ShareLinkAccess.objects.create(outcome=ShareLinkAccess.Outcome.RATE_LIMITED, client=client)
        raise ShareLinkRefused(
            ShareLinkAccess.Outcome.RATE_LIMITED, _("For mange forsøk. Vent et kvarter og prøv igjen.")
        )
    link = ShareLink.objects.filter(token_hash=token_hash(token or "")).first()
    outcome, message = None, ""
    if link is None:
        outcome, message = (
            ShareLinkAccess.Outcome.UNKNOWN,
            _("Lenken finnes ikke. Sjekk at hele lenken er med."),
        )
    elif link.scope != scope or (
        obj is not None
        and (link.content_type_id != ContentType.objects.get_for_model(obj).pk or link.object_id != obj.pk)
    ):
        outcome, message = ShareLinkAccess.Outcome.WRONG_SCOPE, _("Lenken gjelder ikke denne siden.")
    elif link.revoked_at is not None:
        outcome, message = ShareLinkAccess.Outcome.REVOKED, _("Lenken er trukket tilbake av NAV.")
    elif now >= link.expires_at:
        outcome, message = ShareLinkAccess.Outcome.EXPIRED, _("Lenken er utløpt. Be NAV om en ny.")
    if outcome is not None:
        if outcome != ShareLinkAccess.Outcome.REVOKED and outcome != ShareLinkAccess.Outcome.EXPIRED:
            # Guessing produces unknown tokens; count those (and misuse of a real one).
            cache.add(_failures_key(client), 0, int(FAILURE_WINDOW.total_seconds()))
            cache.incr(_failures_key(client))
        ShareLinkAccess.objects.create(link=link, outcome=outcome, client=client)
        raise ShareLinkRefused(outcome, message)
    share_link_log(link=link, client=client)
    return link


def share_link_log(
    *, link: ShareLink, client: str, outcome: str = ShareLinkAccess.Outcome.OK, detail: str = ""
):
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
        return ShareLinkAccess.objects.create(link=link, outcome=outcome, client=client, detail=detail[:200])


def share_links_for(obj, *, scope: str):
    return ShareLink.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, scope=scope
    ).select_related("created_by", "revoked_by")
