"""The figures from placements, job fairs and the matching board (issue #15, second part).

Per enrolment (joined to `metrics.EnrolmentFact`, so they have the same nodes, periods and
splits): the placements made while enrolled, their outcome at the end, the time from enrolment to
the first placement, retention checks at 6, 12 and 24 months, follow-ups on time against overdue,
and bookings at job fairs (the funnel's «booked» and «interviewed» steps).

Two populations of their own, because they are not enrolments: bookings at a fair (fill rate per
event; nodes by the candidate's office and the event's project) and solved board cases (per
adviser and per unit; nodes by the case's office).

All as of the cutoff, counts only; figures say nothing about causes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Sector
from jobfairs.models import Booking, Event, Slot
from matching.models import BoardCase
from placements.models import FollowUp, Placement
from placements.vocab import Outcome as PlacementOutcome
from placements.vocab import RetentionResult

from .table import TOTAL, TOTAL_LABEL, Table, age_row

LIVE_PLACEMENT = (Placement.Status.READY, Placement.Status.ACTIVE, Placement.Status.ENDED)


@dataclass
class PlacementFact:
    pk: int
    employer_id: int
    started_on: date
    ended_on: date | None  # only when ended on or before the cutoff
    outcome: str  # only when ended on or before the cutoff
    follow_ups: list = field(default_factory=list)  # [(due_on, done_on, status)]
    retention: dict = field(default_factory=dict)  # months -> result


@dataclass
class BookingFact:
    candidate_id: int
    event_id: int
    office_id: int
    county_id: int
    project_id: int | None
    event_date: date
    employer_id: int
    attended: bool
    offer: bool


@dataclass
class BoardFact:
    office_id: int
    county_id: int
    closed_on: date
    adviser_id: int | None
    unit_id: int | None


# --- Loading (a few queries each, whatever the volume) -------------------------------------------


def load_placements(cutoff: date, candidate_ids: set[int]) -> dict[int, list[PlacementFact]]:
    """candidate -> placements started on or before the cutoff (not drafts or cancelled)."""
    out: dict[int, list[PlacementFact]] = defaultdict(list)
    by_pk = {}
    for pk, candidate_id, employer_id, started, ended, outcome in Placement.objects.filter(
        status__in=LIVE_PLACEMENT, started_on__lte=cutoff
    ).values_list("pk", "candidate_id", "employer_id", "started_on", "ended_on", "outcome"):
        if candidate_id not in candidate_ids:
            continue
        closed = ended is not None and ended <= cutoff
        fact = PlacementFact(pk, employer_id, started, ended if closed else None, outcome if closed else "")
        out[candidate_id].append(fact)
        by_pk[pk] = fact
    for placement_id, kind, due_on, done_on, status, months, result in FollowUp.objects.filter(
        placement__status__in=LIVE_PLACEMENT, placement__started_on__lte=cutoff, due_on__lte=cutoff
    ).values_list(
        "placement_id", "kind", "due_on", "done_on", "status", "retention_months", "retention_result"
    ):
        fact = by_pk.get(placement_id)
        if fact is None:
            continue
        done = done_on if done_on is not None and done_on <= cutoff else None
        fact.follow_ups.append((due_on, done, status))
        if kind == FollowUp.Kind.RETENTION and done is not None and result:
            fact.retention[months] = result
    return out


def load_bookings(cutoff: date) -> list[BookingFact]:
    """Bookings (not cancelled) at fairs held on or before the cutoff."""
    return [
        BookingFact(*row[:-2], attended=row[-2] == Booking.Status.ATTENDED, offer=row[-1] in Booking.OFFERS)
        for row in Booking.objects.filter(event__date__lte=cutoff)
        .exclude(status=Booking.Status.CANCELLED)
        .exclude(event__status__in=(Event.Status.CANCELLED, Event.Status.DRAFT))
        .values_list(
            "candidate_id",
            "event_id",
            "candidate__office_id",
            "candidate__office__county_id",
            "event__project_id",
            "event__date",
            "slot__event_employer__employer_id",
            "status",
            "outcome",
        )
    ]


def load_event_places(cutoff: date) -> dict[int, tuple[str, int]]:
    """event -> (title with date, places): the slots' capacity (not people: never suppressed)."""
    places = dict(
        Slot.objects.filter(event__date__lte=cutoff)
        .values("event_id")
        .annotate(n=Sum("capacity"))
        .values_list("event_id", "n")
    )
    return {
        pk: (f"{title} ({day:%d.%m.%Y})", places.get(pk, 0))
        for pk, title, day in Event.objects.filter(pk__in=places).values_list("pk", "title", "date")
    }


def load_board(cutoff: date) -> list[BoardFact]:
    """Cases solved by a proposal on or before the cutoff; the proposal's adviser and unit are credited."""
    return [
        BoardFact(office, county, timezone.localdate(closed_at), adviser, unit)
        for office, county, closed_at, adviser, unit in BoardCase.objects.filter(
            status=BoardCase.Status.SOLVED, solved_by_proposal__isnull=False, closed_at__isnull=False
        ).values_list(
            "office_id",
            "office__county_id",
            "closed_at",
            "solved_by_proposal__proposed_by_id",
            "solved_by_proposal__unit_id",
        )
        if timezone.localdate(closed_at) <= cutoff
    ]


def placements_in_window(
    placements: list[PlacementFact], enrolled_on: date, end: date
) -> list[PlacementFact]:
    """The placements that started while the person was enrolled."""
    return sorted((p for p in placements if enrolled_on <= p.started_on <= end), key=lambda p: p.started_on)


# --- Enrolment tables --------------------------------------------------------------------------

SPLIT_COLUMNS = [
    (TOTAL, _("Alle")),
    ("under_30", _("Under 30 år")),
    ("30_plus", _("30 år og eldre")),
    ("unknown", _("Ukjent alder")),
    ("standard", _("Standard innsats")),
    ("not_standard", _("Ikke standard innsats")),
    ("public", _("Offentlig arbeidsgiver")),
    ("private", _("Privat arbeidsgiver")),
]
# Each group of split columns adds up to «Alle».
SPLIT_SUMS = [
    (TOTAL, ["under_30", "30_plus", "unknown"]),
    (TOTAL, ["standard", "not_standard"]),
    (TOTAL, ["public", "private"]),
]


def placement_outcomes(facts, ctx) -> Table:
    """Enrolments with an ended placement, by the outcome of the last one, split by age,
    innsatsgruppe and the employer's sector."""

    cells = Counter()
    for f in facts:
        ended = [p for p in f.placements if p.ended_on is not None]
        if not ended:
            continue
        last = max(ended, key=lambda p: (p.ended_on, p.pk))
        sector = "private" if ctx.employer_sectors.get(last.employer_id) == Sector.PRIVATE else "public"
        innsats = "standard" if f.innsatsgruppe == "standard" else "not_standard"
        for row in (last.outcome, TOTAL):
            for column in (TOTAL, age_row(f.age_band), innsats, sector):
                cells[(row, column)] += 1
    return Table(
        key="placement_outcome",
        title=_("Utfall ved slutten av tiltaket"),
        columns=SPLIT_COLUMNS,
        rows=[
            *[(k, label) for k, label in PlacementOutcome.choices if (k, TOTAL) in cells],
            (TOTAL, TOTAL_LABEL),
        ],
        cells=dict(cells),
        total_row=True,
        column_sums=SPLIT_SUMS,
        note=_(
            "Påmeldinger med et avsluttet tiltak, etter utfallet av det siste. Arbeidsgiverens sektor er "
            "sektoren hos arbeidsgiveren i det siste tiltaket."
        ),
    )


TIME_BANDS = [
    ("0_3", _("Inntil 3 måneder"), 91),
    ("3_6", _("3–6 måneder"), 182),
    ("6_12", _("6–12 måneder"), 365),
    ("12_plus", _("Mer enn 12 måneder"), None),
]


def time_to_placement(facts, ctx) -> Table:
    """Enrolments by the time from enrolment to the first placement (bands, not a median: a band
    can be suppressed, a median of four people cannot)."""

    cells = Counter()
    for f in facts:
        if not f.placements:
            continue
        days = (f.placements[0].started_on - f.enrolled_on).days
        band = next(key for key, _l, limit in TIME_BANDS if limit is None or days <= limit)
        cells[(band, "placement")] += 1
        cells[(TOTAL, "placement")] += 1
    return Table(
        key="time_to_placement",
        title=_("Tid fra påmelding til første tiltak"),
        columns=[("placement", _("Påmeldinger med tiltak"))],
        rows=[*[(k, label) for k, label, _l in TIME_BANDS], (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        # The total is the funnel's «tiltak» step: one figure, one key.
        totals_as="totals",
    )


RETENTION_COLUMNS = [(6, _("6 måneder")), (12, _("12 måneder")), (24, _("24 måneder"))]


def retention(facts, ctx) -> Table:
    """Enrolments with a retention check done, by what it found (in work if any of the person's
    placements was in work at that check)."""

    order = [RetentionResult.IN_WORK, RetentionResult.NOT_IN_WORK, RetentionResult.UNKNOWN]
    cells = Counter()
    for f in facts:
        for months, _label in RETENTION_COLUMNS:
            found = {p.retention[months] for p in f.placements if months in p.retention}
            if found:
                result = next(r for r in order if r in found)
                cells[(str(result), str(months))] += 1
                cells[(TOTAL, str(months))] += 1
    return Table(
        key="retention",
        title=_("Varighet: i arbeid 6, 12 og 24 måneder etter tiltaket"),
        columns=[(str(m), label) for m, label in RETENTION_COLUMNS],
        rows=[*[(str(r), r.label) for r in order], (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        note=_("Påmeldinger der varighetssjekken er gjort innen skjæringsdatoen."),
    )


FOLLOW_UP_ROWS = [
    ("on_time", _("Utført innen fristen")),
    ("late", _("Utført etter fristen")),
    ("overdue", _("Ikke utført, fristen er passert")),
    ("skipped", _("Utgått")),
]


def follow_ups(facts, ctx) -> Table:
    """Follow-ups due on or before the cutoff of placements made while enrolled: on time, late,
    overdue (as of the cutoff), skipped."""

    cells = Counter()
    for f in facts:
        for p in f.placements:
            for due_on, done_on, status in p.follow_ups:
                if done_on is not None and status == FollowUp.Status.DONE:
                    row = "on_time" if done_on <= due_on else "late"
                elif status == FollowUp.Status.SKIPPED:
                    row = "skipped"
                else:
                    row = "overdue"
                cells[(row, "n")] += 1
                cells[(TOTAL, "n")] += 1
    return Table(
        key="follow_ups",
        title=_("Oppfølginger: i tide og forfalt"),
        columns=[("n", _("Oppfølginger"))],
        rows=[*FOLLOW_UP_ROWS, (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        note=_(
            "Oppfølginger med frist innen skjæringsdatoen, i tiltak som startet mens personen var påmeldt."
        ),
    )


# --- Bookings at job fairs ---------------------------------------------------------------------


def fair_fill(bookings: list[BookingFact], places: dict[int, tuple[str, int]]) -> Table:
    """Per fair: places, bookings (the fill rate is bookings / places), interviews held, offers."""

    cells = Counter()
    for b in bookings:
        for row in (str(b.event_id), TOTAL):
            cells[(row, "booked")] += 1
            cells[(row, "attended")] += b.attended
            cells[(row, "offers")] += b.offer
    events = sorted({b.event_id for b in bookings}, key=lambda pk: (places.get(pk, ("", 0))[0], pk))
    fixed = {(str(pk), "places"): places.get(pk, ("", 0))[1] for pk in events}
    fixed[(TOTAL, "places")] = sum(places.get(pk, ("", 0))[1] for pk in events)
    return Table(
        key="fairs",
        title=_("Jobbmesser: plasser, bookinger, intervjuer og tilbud"),
        columns=[
            ("places", _("Plasser")),
            ("booked", _("Booket")),
            ("fill", _("Fyllingsgrad")),
            ("attended", _("Intervju holdt (møtt)")),
            ("offers", _("Tilbud")),
        ],
        rows=[*[(str(pk), places.get(pk, ("", 0))[0]) for pk in events], (TOTAL, TOTAL_LABEL)],
        cells={k: v for k, v in cells.items() if v},
        total_row=True,
        population="bookings",
        fixed=fixed,
        ratio=("fill", "booked", "places"),
        chart="",
        note=_(
            "Bookinger (ikke avbestilte) av kandidater fra valgt enhet. Plasser er alle plassene på messen; "
            "fyllingsgrad er booket delt på plasser, vist bare når antallet booket vises."
        ),
    )


# --- The matching board ------------------------------------------------------------------------


def board_tables(cases: list[BoardFact], names: dict) -> list:

    out = []
    for key, title, attr in (
        ("board_adviser", _("Tavlen: løste saker per rådgiver"), "adviser_id"),
        ("board_unit", _("Tavlen: løste saker per enhet"), "unit_id"),
    ):
        cells = Counter()
        for c in cases:
            cells[(str(getattr(c, attr) or "none"), "n")] += 1
            cells[(TOTAL, "n")] += 1
        rows = sorted({r for r, _c in cells if r != TOTAL}, key=lambda r: (names[attr].get(r, "–"), r))
        out.append(
            Table(
                key=key,
                title=title,
                columns=[("n", _("Løste saker"))],
                rows=[*[(r, names[attr].get(r, "–")) for r in rows], (TOTAL, TOTAL_LABEL)],
                cells=dict(cells),
                total_row=True,
                population="board",
                # Both tables' totals are the same figure.
                totals_as="board",
                chart="",
                note=_(
                    "Saker løst med et forslag fra tavlen; forslagsstillerens enhet på forslagstidspunktet."
                ),
            )
        )
    return out


def board_names(cases: list[BoardFact]) -> dict:
    from accounts.models import NavUnit, User

    advisers = {}
    for pk, first, last, username in User.objects.filter(pk__in={c.adviser_id for c in cases}).values_list(
        "pk", "first_name", "last_name", "username"
    ):
        advisers[str(pk)] = " ".join(x for x in (first, last) if x) or username
    units = {
        str(pk): name
        for pk, name in NavUnit.objects.filter(pk__in={c.unit_id for c in cases}).values_list("pk", "name")
    }
    return {"adviser_id": advisers, "unit_id": units}
