"""Reads for the employer register. List selectors take the user and scope through
accounts.access.visible(), and load what their page shows in a fixed number of queries."""

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.access import county_ids, scope_sql, visible
from core.facilitation import VALUES

from .models import (
    ContactLogEntry,
    ContactLogTotal,
    ContactPerson,
    Employer,
    ImportJob,
    Need,
    NeedEvent,
    Network,
)

# Someone else's contact within this many days makes the contact form say "Koordiner med …".
# Advisers are reminded of their employers without any contact for this long.
NO_CONTACT_DAYS = 90


def coordination_window_days() -> int:
    return settings.COORDINATION_WINDOW_DAYS


def employer_list(*, user, filters: dict | None = None) -> QuerySet[Employer]:
    filters = filters or {}
    qs = visible(user, Employer.objects.all()).select_related("municipality", "primary_contact")
    if q := filters.get("q"):
        digits = "".join(q.split())
        qs = (
            qs.filter(Q(name__icontains=q) | Q(orgnr__startswith=digits))
            if digits.isdigit()
            else qs.filter(name__icontains=q)
        )
    if county := filters.get("county"):
        qs = qs.filter(county=county)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if recruitment_need := filters.get("recruitment_need"):
        qs = qs.filter(recruitment_need=recruitment_need)
    if filters.get("mine"):
        qs = qs.filter(primary_contact=user)
    return qs.order_by("name", "pk")


def employer_detail(*, user, pk: int) -> Employer | None:
    return (
        visible(user, Employer.objects.all())
        .select_related("municipality", "county", "primary_contact", "nav_office")
        .prefetch_related(
            Prefetch("contact_persons", queryset=ContactPerson.objects.order_by("name")),
            Prefetch("networks", queryset=Network.objects.order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )


def employer_timeline(*, user, employer: Employer, limit: int = 50) -> list[ContactLogEntry]:
    return list(
        visible(user, ContactLogEntry.objects.filter(employer=employer))
        .select_related("user", "unit")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def employer_needs(*, user, employer: Employer) -> list[Need]:
    return list(
        visible(user, Need.objects.filter(employer=employer)).select_related("occupation", "municipality")
    )


def coordination_contacts(
    *, employer: Employer, user, now: datetime.datetime | None = None
) -> list[ContactLogEntry]:
    """Contacts by *other* NAV staff within the coordination window, done or planned, newest first."""
    now = now or timezone.now()
    window = datetime.timedelta(days=coordination_window_days())
    return list(
        ContactLogEntry.objects.filter(
            employer=employer, occurred_at__gte=now - window, occurred_at__lte=now + window
        )
        .exclude(user=user)
        .select_related("user", "unit")
        .order_by("-occurred_at")[:5]
    )


def employers_without_contact(*, user, days: int = NO_CONTACT_DAYS) -> QuerySet:
    """The user's own employers (primary NAV contact) that nobody in NAV contacted for `days`."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        visible(user, Employer.objects.filter(primary_contact=user))
        .exclude(status=Employer.Status.ENDED)
        .filter(Q(last_contact_at__lt=cutoff) | Q(last_contact_at__isnull=True))
        .order_by("last_contact_at", "name")
        # What the list shows (_no_contact_table.html), as values: full employers were most of
        # its cost.
        .values("pk", "name", "last_contact_at", municipality_name=F("municipality__name"))
    )


# The home page's «Dine arbeidsgivere uten kontakt» (its first rows) as SQL: employers_without_contact
# as an ORM query cost ~1 ms of CPU to build per adviser's home page (issue 16). The same filter and
# order (PostgreSQL's ascending order puts employers never contacted last, as the ORM's does);
# {scope} is visible()'s scope as a condition (accounts.access.scope_sql).
_NO_CONTACT_SQL = """
SELECT e.id, e.name, e.last_contact_at, m.name
FROM employers_employer AS e LEFT JOIN core_municipality AS m ON m.id = e.municipality_id
WHERE e.primary_contact_id = %(user)s AND e.status <> %(ended)s
  AND (e.last_contact_at < %(cutoff)s OR e.last_contact_at IS NULL) AND {scope}
ORDER BY e.last_contact_at, e.name
LIMIT %(limit)s
"""


def employers_without_contact_first(*, user, limit: int, days: int = NO_CONTACT_DAYS) -> list[dict]:
    """The first `limit` rows of employers_without_contact, as its values (one statement)."""
    scope = scope_sql(user, Employer, "e")
    if scope is None:
        return []
    condition, scope_params = scope
    params = {
        "user": user.pk,
        "ended": Employer.Status.ENDED,
        "cutoff": timezone.now() - datetime.timedelta(days=days),
        "limit": limit,
        **scope_params,
    }
    with connection.cursor() as cursor:
        cursor.execute(_NO_CONTACT_SQL.format(scope=condition), params)
        names = ("pk", "name", "last_contact_at", "municipality_name")
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# «Mine neste steg» looks this far ahead (and this far back for overdue steps nobody followed up).
NEXT_STEPS_AHEAD_DAYS = 14
NEXT_STEPS_BEHIND_DAYS = 60


# «Mine neste steg» as SQL: both kinds of row in one UNION ALL of the values the rows show. The
# ORM built it (two querysets, an Exists subquery, the union) for ~2.5 ms of CPU a request, the
# costliest part of an adviser's home page (issue 16). {scope} is visible()'s scope as a condition
# (accounts.access.scope_sql): "true" while the register is shared (employers/rules.py).
_NEXT_STEPS_SQL = """
(SELECT l.next_step_on, l.next_step, l.occurred_at, l.channel, l.purpose, l.employer_id, e.name, false
 FROM employers_contactlogentry AS l JOIN employers_employer AS e ON e.id = l.employer_id
 WHERE l.user_id = %(user)s AND l.next_step_on >= %(behind)s AND l.next_step_on <= %(ahead)s
   AND l.occurred_at <= %(now)s AND l.next_step <> '' AND {scope}
   AND NOT EXISTS (
       SELECT 1 FROM employers_contactlogentry AS later
       WHERE later.employer_id = l.employer_id AND later.occurred_at > l.occurred_at
         AND later.occurred_at <= %(now)s
   )
 ORDER BY l.next_step_on, l.id LIMIT %(limit)s)
UNION ALL
(SELECT l.next_step_on, l.next_step, l.occurred_at, l.channel, l.purpose, l.employer_id, e.name, true
 FROM employers_contactlogentry AS l JOIN employers_employer AS e ON e.id = l.employer_id
 WHERE l.user_id = %(user)s AND l.occurred_at > %(now)s
   AND (l.occurred_at AT TIME ZONE %(zone)s)::date <= %(ahead)s AND {scope}
 ORDER BY l.occurred_at LIMIT %(limit)s)
"""


def my_next_steps(*, user, limit: int = 10) -> list[dict]:
    """The user's agreed next steps and planned contacts that are due, overdue first.

    A next step counts as done once anyone in NAV has had a later contact with the employer;
    a planned contact is one the user logged with a time in the future."""
    scope = scope_sql(user, ContactLogEntry, "l")
    if scope is None:
        return []
    condition, scope_params = scope
    now = timezone.now()
    today = timezone.localdate()
    ahead = today + datetime.timedelta(days=NEXT_STEPS_AHEAD_DAYS)
    params = {
        "user": user.pk,
        "now": now,
        "behind": today - datetime.timedelta(days=NEXT_STEPS_BEHIND_DAYS),
        "ahead": ahead,
        "zone": timezone.get_current_timezone_name(),
        "limit": limit,
        **scope_params,
    }
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_STEPS_SQL.format(scope=condition), params)
        found = cursor.fetchall()
    channels = dict(ContactLogEntry.Channel.choices)
    rows = [
        {
            "date": timezone.localtime(at).date(),
            "time": at,
            "overdue": False,
            "planned": True,
            "text": f"{channels.get(channel, channel)}: {purpose}",
            "employer_id": employer_id,
            "employer_name": employer_name,
        }
        if is_planned
        else {
            "date": on,
            "overdue": on < today,
            "planned": False,
            "text": text,
            "employer_id": employer_id,
            "employer_name": employer_name,
        }
        for on, text, at, channel, purpose, employer_id, employer_name, is_planned in found
    ]
    return sorted(rows, key=lambda r: (r["date"], not r["overdue"]))[:limit]


def contact_log_list(*, user, filters: dict | None = None) -> QuerySet[ContactLogEntry]:
    filters = filters or {}
    qs = visible(user, ContactLogEntry.objects.all()).select_related("employer", "user", "unit")
    if q := filters.get("q"):
        qs = qs.filter(employer__name__icontains=q)
    if channel := filters.get("channel"):
        qs = qs.filter(channel=channel)
    if county := filters.get("county"):
        qs = qs.filter(employer__county=county)
    if filters.get("mine"):
        qs = qs.filter(user=user)
    if date_from := filters.get("date_from"):
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to := filters.get("date_to"):
        qs = qs.filter(occurred_at__date__lte=date_to)
    return qs.order_by("-occurred_at", "-pk")


def contact_log_count(entries: QuerySet[ContactLogEntry]) -> int:
    """The exact number of `entries`: the total the database keeps (ContactLogTotal) when they are
    the whole log (no condition at all: the national log unfiltered, as NAV users see it), else
    COUNT(*) (2 ms for the 30,000 entries of the large data set; issue 16)."""
    if not entries.query.where:
        total = ContactLogTotal.objects.filter(pk=1).values_list("entries", flat=True).first()
        if total is not None:
            return total
    return entries.count()


def need_list(*, user, filters: dict | None = None) -> QuerySet[Need]:
    filters = filters or {}
    qs = visible(user, Need.objects.all()).select_related("employer", "occupation", "municipality")
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(employer__name__icontains=q))
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if occupation := filters.get("occupation"):
        qs = qs.filter(occupation=occupation)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    if county := filters.get("county"):
        qs = qs.filter(county=county)
    if offer_type := filters.get("offer_type"):
        qs = qs.filter(offer_types__contains=[offer_type])
    if category := filters.get("facilitation"):
        # "offers something in this category": any of the category's codes (GIN && overlap)
        codes = [f"{category}:{v}" for v in VALUES[category].values] if category in VALUES else [category]
        qs = qs.filter(facilitation__overlap=codes)
    return qs.order_by("-opened_at", "-created_at", "-pk")


def open_needs_in_region(*, user, limit: int = 5) -> list[dict]:
    """The newest open needs of the user's counties, as the values the home page shows."""
    regions = county_ids(user)
    return list(
        visible(user, Need.objects.filter(status=Need.Status.OPEN, county_id__in=regions))
        .order_by("-opened_at")
        .values(
            "pk",
            "title",
            "places",
            "deadline",
            employer_name=F("employer__name"),
            municipality_name=F("municipality__name"),
        )[:limit]
    )


def need_detail(*, user, pk: int) -> Need | None:
    return (
        visible(user, Need.objects.all())
        .select_related("employer", "occupation", "municipality", "employer__primary_contact", "created_by")
        .prefetch_related(Prefetch("events", queryset=NeedEvent.objects.select_related("by")))
        .filter(pk=pk)
        .first()
    )


def network_list(*, user) -> QuerySet[Network]:
    return visible(user, Network.objects.all()).select_related("county").prefetch_related("members")


def network_detail(*, user, pk: int) -> Network | None:
    from .models import NetworkMeeting

    return (
        visible(user, Network.objects.all())
        .select_related("county")
        .prefetch_related(
            Prefetch("members", queryset=Employer.objects.order_by("name")),
            Prefetch("meetings", queryset=NetworkMeeting.objects.prefetch_related("attendees")),
        )
        .filter(pk=pk)
        .first()
    )


def import_job_detail(*, user, pk: int) -> ImportJob | None:
    return visible(user, ImportJob.objects.all()).filter(pk=pk).first()


def employer_export_rows(*, employers):
    for e in employers.iterator(chunk_size=2000):
        yield [
            e.orgnr,
            e.name,
            e.get_sector_display(),
            e.industry,
            e.get_size_band_display(),
            e.municipality.code,
            e.municipality.name,
            e.address,
            e.postal_code,
            e.postal_place,
            e.get_status_display(),
            e.get_recruitment_need_display(),
            e.has_hr,
            e.ia_agreement,
            e.offers_summer_job,
            e.primary_contact.display_name if e.primary_contact else "",
            e.primary_contact_phone,
            e.primary_contact_email,
            timezone.localtime(e.last_contact_at).date() if e.last_contact_at else "",
        ]


def need_export_rows(*, needs):
    from core.facilitation import label

    for n in needs.iterator(chunk_size=2000):
        yield [
            n.title,
            n.employer.name,
            n.employer.orgnr,
            n.department,
            n.occupation.code if n.occupation else "",
            n.occupation.name if n.occupation else "",
            n.places,
            ", ".join(n.get_offer_type_labels()),
            n.job_may_follow,
            n.municipality.name,
            n.start_date or "",
            n.deadline or "",
            n.get_horizon_display(),
            n.get_status_display(),
            "; ".join(label(c) for c in n.facilitation),
            n.tasks,
        ]
