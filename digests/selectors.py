"""Reads for the weekly market e-mail: who gets it, and what one recipient gets this week.

The content never names a candidate: needs, employers, fairs and advisers only, plus for a
counsellor a count of their own candidates who fit each need well (matching's ranking in SQL)
and links behind login. Building one recipient's e-mail takes the same handful of queries
whatever the size of the region (bench/market_email.py).
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core import signing
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from accounts.access import county_ids as access_county_ids
from accounts.models import Membership, NavUnit, Role, User
from core.facilitation import label as facilitation_label
from core.models import County
from core.vocabulary import OfferType
from employers.models import Need, RecruitmentNeed
from matching.ranking import fit_counts

from .models import DigestPreference, DigestSend

# A candidate "fits well" when the strict ranking keeps them (hard filters met) and they score this.
GOOD_FIT_SCORE = 50
FITTING_CAP = 10
NEW_CAP = 15
CLOSING_CAP = 15
EMPLOYERS_CAP = 10
REST_CAP = 10
CLOSING_DAYS = 7
TASKS_CHARS = 180
UNSUBSCRIBE_SALT = "digests.unsubscribe"

NEED_FIELDS = (
    "pk", "title", "department", "tasks", "places", "offer_types", "facilitation", "deadline",
    "start_date", "opened_at", "job_may_follow", "county_id", "employer_id", "employer__name",
    "employer__recruitment_need", "occupation__name", "municipality__name",
)  # fmt: skip


@dataclass(frozen=True)
class Week:
    """An ISO week; `on` is the day its content is built for (its Monday unless told otherwise)."""

    iso_year: int
    iso_week: int
    on: datetime.date

    @classmethod
    def of(cls, day: datetime.date) -> "Week":
        year, week, _weekday = day.isocalendar()
        return cls(year, week, day)

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2026-W48' -> that week, built for its Monday. ValueError when malformed."""
        monday = datetime.datetime.strptime(text.strip() + "-1", "%G-W%V-%u").date()
        return cls.of(monday)

    @property
    def monday(self) -> datetime.date:
        return datetime.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"


def this_week() -> Week:
    """The current ISO week, built for its Monday: the preview shows what Monday's run queues."""
    today = timezone.localdate()
    return Week.of(today - datetime.timedelta(days=today.weekday()))


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Unsubscribe tokens ----------------------------------------------------------------------------------


def unsubscribe_token(user_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user_id))


def unsubscribe_user(token: str) -> User | None:
    """The user a token was signed for, or None (forged, altered or a deleted user)."""
    try:
        user_id = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def unsubscribe_url(user_id: int) -> str:
    return _absolute(reverse("digests:unsubscribe", kwargs={"token": unsubscribe_token(user_id)}))


# --- Recipients ------------------------------------------------------------------------------------------


def preference_for(user) -> DigestPreference | None:
    """The user's preference with `extra_county_ids` (one query), or None."""
    return (
        DigestPreference.objects.filter(user=user)
        .annotate(
            extra_county_ids=ArrayAgg("extra_counties", filter=Q(extra_counties__isnull=False), default=[])
        )
        .first()
    )


def recipient_counties(user, preference: DigestPreference | None = None) -> set[int]:
    """The regions a user's e-mail covers: their offices' counties (counsellors) and any added."""
    counties = access_county_ids(user, Role.VEILEDER)
    if preference is not None:
        counties |= set(preference.extra_county_ids)
    return counties


def counties_with_content(*, on: datetime.date) -> set[int]:
    counties = set(
        Need.objects.filter(status=Need.Status.OPEN).values_list("county_id", flat=True).distinct()
    )
    if apps.is_installed("jobfairs"):
        counties |= {c.pk for c in County.objects.all() if _fairs(county_ids=[c.pk], on=on)}
    return counties


def recipient_ids(*, week: Week, exclude_sent: bool = True) -> list[int]:
    """Everyone who gets this week's e-mail: active counsellors (veileder at a NAV office) and
    users who added regions, not opted out, whose regions have content; without those already
    in the send log for the week when `exclude_sent`."""
    content = counties_with_content(on=week.on)
    if not content:
        return []
    counsellors = Q(
        memberships__role=Role.VEILEDER,
        memberships__unit__kind=NavUnit.Kind.OFFICE,
        memberships__unit__county_id__in=content,
    )
    subscribers = Q(digest_preference__extra_counties__in=content)
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(counsellors | subscribers)
        .exclude(digest_preference__opted_out=True)
    )
    if exclude_sent:
        sent = DigestSend.objects.filter(iso_year=week.iso_year, iso_week=week.iso_week)
        users = users.exclude(pk__in=sent.values("recipient_id"))
    return sorted(set(users.values_list("pk", flat=True)))


# --- Content ---------------------------------------------------------------------------------------------


def _fairs(*, county_ids, on) -> list[dict]:
    """Upcoming job fairs in the regions, from the job fairs app when it is installed; each a dict
    {"title","url","date","venue","booking_deadline","eligibility","employers":[{"name","unit",
    "tasks","constraints","free_slots","booking_url"}]} (jobfairs.selectors.fairs_for_digest)."""
    if not apps.is_installed("jobfairs"):
        return []
    from jobfairs.selectors import fairs_for_digest

    return with_fair_totals(fairs_for_digest(county_ids=sorted(county_ids), today=on))


def with_fair_totals(fairs) -> list[dict]:
    """Each fair dict plus "free_slots_total" (the headline "Nå bare 6 ledige intervjutider")."""
    return [
        {**fair, "free_slots_total": sum(e["free_slots"] or 0 for e in fair["employers"])} for fair in fairs
    ]


def _shorten(text: str, limit: int = TASKS_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _need_urls(pk: int) -> dict[str, str]:
    """A need's two links, reversed once per process: every e-mail of the region repeats them
    (keyed by what else they depend on: the site's address and the script prefix)."""
    return _need_urls_for(pk, settings.SITE_URL, get_script_prefix())


@lru_cache(maxsize=8192)
def _need_urls_for(pk: int, _site_url: str, _prefix: str) -> dict[str, str]:
    return {
        "url": _absolute(reverse("employers:need_detail", kwargs={"pk": pk})),
        "ranking_url": _absolute(reverse("matching:need_ranking", kwargs={"pk": pk})),
    }


def _need_row(row: dict) -> dict:
    pk = row["pk"]
    return {
        "pk": pk,
        "title": row["title"],
        "employer": row["employer__name"],
        "department": row["department"],
        "tasks": _shorten(row["tasks"]),
        "occupation": row["occupation__name"] or "",
        "municipality": row["municipality__name"],
        "places": row["places"],
        "offer_types": [str(OfferType(v).label) for v in row["offer_types"] if v in OfferType.values],
        "facilitation": [str(facilitation_label(c)) for c in row["facilitation"]],
        "deadline": row["deadline"],
        "start_date": row["start_date"],
        "job_may_follow": row["job_may_follow"],
        **_need_urls(pk),
    }


def _advisers(county_ids) -> list[dict]:
    """Who to send employer suggestions to: the regions' IA advisers (Arbeidslivssenter)."""
    memberships = (
        Membership.objects.filter(role=Role.IA_RADGIVER, unit__county_id__in=county_ids, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__name", "user__last_name", "user__first_name", "pk")[:3]
    )
    seen, out = set(), []
    for m in memberships:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        out.append({"name": m.user.get_full_name() or m.user.username, "unit": m.unit.name,
                    "email": m.user.email, "phone": m.user.phone})  # fmt: skip
    return out


def week_fit_counts(*, recipient_ids, week: Week) -> dict[int, dict[int, int]]:
    """recipient id -> {open need id -> well-fitting candidates}, for all recipients in one query
    (the fan-out runs it once and hands each recipient's counts to its task). Counts are per
    counsellor and need, so counting over every open need gives each recipient exactly what
    digest_content would count over their regions' needs; it keeps only those."""
    need_ids = list(Need.objects.filter(status=Need.Status.OPEN).values_list("pk", flat=True))
    return fit_counts(
        need_ids=need_ids, counsellor_ids=list(recipient_ids), minimum=GOOD_FIT_SCORE, today=week.on
    )


def digest_content(*, user, week: Week, fit: dict[int, int] | None = None) -> dict | None:
    """What `user` gets in the weekly e-mail for `week`, as template context; None when empty
    (no open needs and no fairs in the user's regions) or when the user gets none (opted out, no
    region). A fixed number of queries, whatever the region's size. `fit`: the user's counts from
    week_fit_counts (need id -> count); without it they are counted here (one more query)."""
    preference = preference_for(user)
    if preference is not None and preference.opted_out:
        return None
    counties = recipient_counties(user, preference)
    if not counties:
        return None
    on = week.on
    fairs = _fairs(county_ids=counties, on=on)
    rows = list(
        Need.objects.filter(county_id__in=counties, status=Need.Status.OPEN)
        .order_by("-opened_at", "-pk")
        .values(*NEED_FIELDS)
    )
    if not rows and not fairs:
        return None
    by_pk = {row["pk"]: row for row in rows}

    # For a counsellor: the needs that fit their own candidates, most well-fitting candidates first.
    if fit is None:
        counts = fit_counts(
            need_ids=list(by_pk), counsellor_ids=[user.pk], minimum=GOOD_FIT_SCORE, today=on
        ).get(user.pk, {})
    else:
        counts = {pk: n for pk, n in fit.items() if pk in by_pk}
    fitting_pks = sorted(counts, key=lambda pk: (-counts[pk], pk))[:FITTING_CAP]

    since = timezone.make_aware(
        datetime.datetime.combine(week.monday - datetime.timedelta(days=7), datetime.time())
    )
    new_pks = [r["pk"] for r in rows if r["opened_at"] and r["opened_at"] >= since][:NEW_CAP]
    closing_by = on + datetime.timedelta(days=CLOSING_DAYS)
    closing_pks = [
        r["pk"]
        for r in sorted(rows, key=lambda r: (r["deadline"] or on, r["pk"]))
        if r["deadline"] and on <= r["deadline"] <= closing_by
    ][:CLOSING_CAP]
    employers: dict[int, dict] = {}
    for r in rows:
        if r["employer__recruitment_need"] == RecruitmentNeed.SHORT_TERM:
            entry = employers.setdefault(
                r["employer_id"], {"name": r["employer__name"], "needs": 0, "places": 0}
            )
            entry["needs"] += 1
            entry["places"] += r["places"]
    shown = set(fitting_pks) | set(new_pks) | set(closing_pks)
    rest_pks = [r["pk"] for r in rows if r["pk"] not in shown]
    # Only the needs the e-mail shows become rows (labels, links): at most the caps' sum.
    needs = {pk: _need_row(by_pk[pk]) for pk in (*shown, *rest_pks[:REST_CAP])}
    fitting = [{**needs[pk], "fit_count": counts[pk]} for pk in fitting_pks]
    new = [needs[pk] for pk in new_pks]
    closing = [needs[pk] for pk in closing_pks]
    rest = rest_pks

    county_names = list(
        County.objects.filter(pk__in=counties).order_by("name").values_list("name", flat=True)
    )
    return {
        "user": user,
        "recipient_name": user.get_full_name() or user.username,
        "week": week,
        "regions": county_names,
        "fairs": fairs,
        "good_fit_score": GOOD_FIT_SCORE,
        "fitting": fitting,
        "new_needs": new,
        "closing": closing,
        "closing_days": CLOSING_DAYS,
        "employers_now": sorted(employers.values(), key=lambda e: e["name"])[:EMPLOYERS_CAP],
        "rest": [needs[pk] for pk in rest[:REST_CAP]],
        "rest_more": max(len(rest) - REST_CAP, 0),
        "open_total": len(rows),
        "all_needs_url": _absolute(reverse("employers:need_list") + "?status=apen"),
        "advisers": _advisers(counties),
        "preferences_url": _absolute(reverse("digests:preferences")),
        "unsubscribe_url": unsubscribe_url(user.pk),
    }


def sends_for_week(*, week: Week):
    return DigestSend.objects.filter(iso_year=week.iso_year, iso_week=week.iso_week)


def preview_recipients(*, user):
    """Whom a coordinator may preview: active users with an e-mail in the coordinator's regions
    (all for an administrator)."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if not (user.is_staff or user.is_superuser):
        users = users.filter(memberships__unit__county_id__in=access_county_ids(user))
    return users.distinct().order_by("last_name", "first_name", "username")
