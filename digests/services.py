"""Writes for the weekly market e-mail: queue one recipient's e-mail once a week, preferences."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from core.audit import model_update
from core.services import email_send

from . import selectors
from .models import DigestPreference, DigestSend
from .selectors import Week

logger = logging.getLogger(__name__)

TEMPLATE = "market_weekly"


def dedupe_key(user_id: int, week: Week) -> str:
    return f"digest:{user_id}:{week.label}"


def digest_queue(*, user_id: int, week: Week, fit: dict[int, int] | None = None) -> DigestSend | None:
    """Queue `week`'s e-mail for one recipient, at most once: the send log row and the outbox row
    are written in one transaction, and the log is unique per (recipient, ISO year, ISO week).
    Returns the log row, or None when already queued, empty, or the user gets none. `fit`: the
    recipient's precomputed fit counts (selectors.week_fit_counts), else counted here."""
    try:
        with transaction.atomic():
            # The user and whether this week's e-mail is already logged, in one query.
            sent = DigestSend.objects.filter(
                recipient_id=OuterRef("pk"), iso_year=week.iso_year, iso_week=week.iso_week
            )
            user = (
                User.objects.filter(pk=user_id, is_active=True)
                .exclude(email="")
                .annotate(already_sent=Exists(sent))
                .first()
            )
            if user is None or user.already_sent:
                return None
            context = selectors.digest_content(user=user, week=week, fit=fit)
            if context is None:
                return None
            url = context["unsubscribe_url"]
            message = email_send(
                to=user.email,
                template=TEMPLATE,
                context=context,
                dedupe_key=dedupe_key(user_id, week),
                headers={
                    "List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            shown = {n["pk"] for key in ("fitting", "new_needs", "closing", "rest") for n in context[key]}
            return DigestSend.objects.create(
                recipient=user,
                iso_year=week.iso_year,
                iso_week=week.iso_week,
                message=message,
                needs=len(shown),
            )
    except IntegrityError:
        # A concurrent run queued it first (the unique send log); that one stands.
        logger.info("Weekly e-mail %s for user %s was queued by another run", week.label, user_id)
        return None


def digest_preference_update(*, user: User, by: User, opted_out: bool, extra_counties) -> DigestPreference:
    """Opt out of the weekly e-mail or add regions (the preferences page, the unsubscribe link)."""
    with transaction.atomic():
        preference = DigestPreference.objects.select_for_update().filter(user=user).first()
        if preference is None:
            preference = DigestPreference(user=user)
        model_update(
            preference,
            data={"opted_out": opted_out, "extra_counties": list(extra_counties)},
            fields=["opted_out", "extra_counties"],
            by=by,
        )
    return preference


def digest_unsubscribe(*, user) -> DigestPreference:
    """One-click unsubscribe: opt out, keep any added regions for a later change of mind."""
    preference = selectors.preference_for(user)
    extra = preference.extra_county_ids if preference else []
    return digest_preference_update(user=user, by=user, opted_out=True, extra_counties=extra)
