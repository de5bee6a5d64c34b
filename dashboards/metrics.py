"""The dashboards' figures: one small function per table, each returning a `Table` of raw
counts (rows × columns). Suppression is applied afterwards, over all tables at once
(`services.snapshot_build`, `suppression.py`), because tables share totals.

A new figure (placements, job fairs) is a new function here that reads its facts and returns a
`Table`, plus a line in `ENROLMENT_TABLES` (or its own list): see docs/apps/dashboards.md.

Everything is *as of a cutoff date* (the end of the last closed quarter): what was registered
with a date on or before it. Figures are descriptive counts; they say nothing about causes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import AgeBand, Candidate
from core.vocabulary import Innsatsgruppe
from employers.models import Employer, Sector
from matching.models import ListEntry, ListEntryEvent, WorkStatus
from placements.vocab import WORK_OUTCOMES
from projects.models import Enrolment
from projects.vocab import WORK_CATEGORIES, OutcomeCategory

from . import outcomes
from .table import TOTAL, TOTAL_LABEL, Table, age_row

STAGES = [
    ("enrolled", _("Påmeldt")),
    ("proposed", _("Foreslått til et behov eller booket på jobbmesse")),
    ("interview", _("Til intervju")),
    ("placement", _("Startet i tiltak")),
    ("work_or_education", _("Avsluttet til arbeid eller utdanning")),
]
# Per employer: the funnel's steps with that employer, and «ansatt» (a placement with that
# employer ended in work): the employers that have hired from the target group.
LIST_STAGES = [*STAGES[1:4], ("hired", _("I arbeid etter tiltaket"))]
WORK_OR_EDUCATION = frozenset(WORK_CATEGORIES | {OutcomeCategory.EDUCATION})


@dataclass
class EnrolmentFact:
    project_id: int
    office_id: int
    county_id: int
    age_band: str | None
    innsatsgruppe: str
    enrolled_on: date
    stages: frozenset
    exit_reason: str
    # employer id -> the list stages reached with that employer
    employers: dict = field(default_factory=dict)
    # placements started while enrolled (outcomes.PlacementFact), first first
    placements: list = field(default_factory=list)


@dataclass
class CandidateFact:
    office_id: int
    county_id: int
    age_band: str | None
    innsatsgruppe: str


AGE_ROWS = [("under_30", _("Under 30 år")), ("30_plus", _("30 år og eldre")), ("unknown", _("Ukjent alder"))]
INNSATS_ROWS = [("standard", _("Standard innsats")), ("not_standard", _("Ikke standard innsats"))]
SECTOR_ROWS = [("public", _("Offentlig")), ("private", _("Privat"))]


def _split(facts, key: str, title: str, rows, row_of: Callable, note: str = "") -> Table:
    cells = Counter()
    for f in facts:
        row = row_of(f)
        for stage in f.stages:
            cells[(row, stage)] += 1
            cells[(TOTAL, stage)] += 1
    return Table(
        key=key,
        title=title,
        columns=STAGES,
        rows=[*rows, (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        shares_totals=True,
        note=note,
    )


# --- Enrolment tables -----------------------------------------------------------------------


def funnel(facts: list[EnrolmentFact]) -> Table:
    """Påmeldt → foreslått til et behov → til intervju → fått jobben → arbeid/utdanning."""
    cells = Counter()
    for f in facts:
        for stage in f.stages:
            cells[(stage, "n")] += 1
    return Table(
        key="funnel",
        title=_("Fra påmelding til arbeid"),
        columns=[("n", _("Påmeldinger"))],
        rows=STAGES,
        cells=dict(cells),
        note=_("Hvert trinn teller påmeldinger som har nådd trinnet innen skjæringsdatoen."),
    )


def by_age(facts: list[EnrolmentFact]) -> Table:
    return _split(facts, "age", _("Etter alder"), AGE_ROWS, lambda f: age_row(f.age_band))


def by_innsatsgruppe(facts: list[EnrolmentFact]) -> Table:
    return _split(
        facts,
        "innsatsgruppe",
        _("Etter innsatsgruppe"),
        INNSATS_ROWS,
        lambda f: "standard" if f.innsatsgruppe == Innsatsgruppe.STANDARD else "not_standard",
    )


def by_sector(facts: list[EnrolmentFact], sectors: dict[int, str]) -> Table:
    """Påmeldinger foreslått / til intervju / ansatt hos en offentlig eller privat arbeidsgiver.
    One enrolment can count in both rows, so the rows have no total."""
    cells = Counter()
    for f in facts:
        reached = defaultdict(set)
        for employer_id, stages in f.employers.items():
            row = "private" if sectors.get(employer_id) == Sector.PRIVATE else "public"
            reached[row].update(stages)
        for row, stages in reached.items():
            for stage in stages:
                cells[(row, stage)] += 1
    return Table(
        key="sector",
        title=_("Etter sektor hos arbeidsgiveren"),
        columns=LIST_STAGES,
        rows=SECTOR_ROWS,
        cells=dict(cells),
        note=_("En påmelding kan telle i begge radene."),
    )


def by_employer(facts: list[EnrolmentFact], names: dict[int, str]) -> Table:
    """Per employer: påmeldinger foreslått, til intervju og ansatt (arbeidsgivere som har ansatt
    fra målgruppen har et tall i siste kolonne)."""
    cells = Counter()
    for f in facts:
        for employer_id, stages in f.employers.items():
            for stage in stages:
                cells[(str(employer_id), stage)] += 1
    rows = sorted({r for r, _c in cells}, key=lambda r: (names.get(int(r), ""), r))
    return Table(
        key="employer",
        title=_("Etter arbeidsgiver"),
        columns=LIST_STAGES,
        rows=[(r, names.get(int(r), "")) for r in rows],
        cells=dict(cells),
        chart="",
        note=_(
            "Arbeidsgivere med et tall under «I arbeid etter tiltaket» har ansatt fra målgruppen "
            "(et tiltak hos dem endte i arbeid)."
        ),
    )


def exit_reasons(facts: list[EnrolmentFact]) -> Table:
    """Avsluttede påmeldinger etter årsak (utfallskategoriene fra prosjekt-appen)."""
    cells = Counter()
    for f in facts:
        if f.exit_reason:
            cells[(f.exit_reason, "n")] += 1
            cells[(TOTAL, "n")] += 1
    labels = dict(OutcomeCategory.choices)
    rows = [(k, labels[k]) for k, _l in OutcomeCategory.choices if (k, "n") in cells]
    return Table(
        key="exit",
        title=_("Avsluttet etter årsak"),
        columns=[("n", _("Påmeldinger"))],
        rows=[*rows, (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
    )


# --- Candidate tables (the leaders' candidate statistics, folded in) ------------------------


def candidates_by_innsatsgruppe(facts: list[CandidateFact]) -> Table:
    cells = Counter()
    for f in facts:
        cells[(f.innsatsgruppe, "n")] += 1
        cells[(TOTAL, "n")] += 1
    return Table(
        key="cand_innsats",
        title=_("Kandidater i oppfølging etter innsatsgruppe"),
        columns=[("n", _("Kandidater"))],
        rows=[*Innsatsgruppe.choices, (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        population="candidates",
        note=_("Kandidater i oppfølging på skjæringsdatoen, uansett periode."),
    )


def candidates_by_age(facts: list[CandidateFact]) -> Table:
    cells = Counter()
    for f in facts:
        cells[(f.age_band or "unknown", "n")] += 1
        cells[(TOTAL, "n")] += 1
    return Table(
        key="cand_age",
        title=_("Kandidater i oppfølging etter aldersgruppe"),
        columns=[("n", _("Kandidater"))],
        rows=[*AgeBand.choices, ("unknown", _("Ukjent alder")), (TOTAL, TOTAL_LABEL)],
        cells=dict(cells),
        total_row=True,
        population="candidates",
        note=_("Kandidater i oppfølging på skjæringsdatoen, uansett periode."),
    )


@dataclass
class Context:
    """What the table functions read besides the facts (names and sectors of employers)."""

    employer_names: dict
    employer_sectors: dict


ENROLMENT_TABLES: list[Callable[[list[EnrolmentFact], Context], Table]] = [
    lambda facts, ctx: funnel(facts),
    lambda facts, ctx: by_age(facts),
    lambda facts, ctx: by_innsatsgruppe(facts),
    lambda facts, ctx: by_sector(facts, ctx.employer_sectors),
    lambda facts, ctx: by_employer(facts, ctx.employer_names),
    lambda facts, ctx: exit_reasons(facts),
    outcomes.placement_outcomes,
    outcomes.time_to_placement,
    outcomes.retention,
    outcomes.follow_ups,
]
CANDIDATE_TABLES: list[Callable[[list[CandidateFact]], Table]] = [
    candidates_by_innsatsgruppe,
    candidates_by_age,
]


# --- Facts ------------------------------------------------------------------------------------


def load_enrolment_facts(cutoff: date, bookings=None) -> tuple[list[EnrolmentFact], Context]:
    """Every enrolment started on or before the cutoff, with the stages it reached by then.
    Four queries, whatever the number of enrolments."""
    rows = list(
        Enrolment.objects.filter(enrolled_on__lte=cutoff).values_list(
            "project_id",
            "candidate_id",
            "candidate__office_id",
            "candidate__office__county_id",
            "candidate__profile__age_band",
            "candidate__innsatsgruppe",
            "enrolled_on",
            "exited_on",
            "exit_reason",
        )
    )
    candidate_ids = {r[1] for r in rows}
    entries = defaultdict(list)  # candidate -> [(entry, day, employer)]
    entry_ids = []
    for pk, candidate_id, created_at, employer_id in (
        ListEntry.objects.filter(
            candidate__project_enrolments__enrolled_on__lte=cutoff, created_at__date__lte=cutoff
        )
        .distinct()
        .values_list("pk", "candidate_id", "created_at", "candidate_list__need__employer_id")
    ):
        if candidate_id in candidate_ids:
            entries[candidate_id].append((pk, timezone.localdate(created_at), employer_id))
            entry_ids.append(pk)
    reached = defaultdict(set)
    for entry_id in (
        ListEntryEvent.objects.filter(
            field=ListEntryEvent.Field.STATUS,
            to_value=WorkStatus.INTERVIEW,
            entry__candidate__project_enrolments__enrolled_on__lte=cutoff,
            at__date__lte=cutoff,
        )
        .distinct()
        .values_list("entry_id", flat=True)
    ):
        reached[entry_id].add("interview")
    placements = outcomes.load_placements(cutoff, candidate_ids)
    booked = defaultdict(list)
    for booking in outcomes.load_bookings(cutoff) if bookings is None else bookings:
        if booking.candidate_id in candidate_ids:
            booked[booking.candidate_id].append(booking)

    facts = []
    employer_ids = set()
    for (
        project_id,
        candidate_id,
        office_id,
        county_id,
        age_band,
        innsats,
        enrolled_on,
        exited_on,
        reason,
    ) in rows:
        exited = exited_on is not None and exited_on <= cutoff
        end = exited_on if exited else cutoff
        stages = {"enrolled"}
        employers = {}
        for entry_id, day, employer_id in entries.get(candidate_id, ()):
            if enrolled_on <= day <= end:
                # «Fått jobben» on a list is an offer, not yet a placement: the funnel counts
                # the placement itself (placements app), so only the interview is read here.
                got = {"proposed", *reached.get(entry_id, ())}
                _reach(employers, employer_id, got)
                stages |= got
        for booking in booked.get(candidate_id, ()):
            if enrolled_on <= booking.event_date <= end:
                got = {"proposed", "interview"} if booking.attended else {"proposed"}
                _reach(employers, booking.employer_id, got)
                stages |= got
        started = outcomes.placements_in_window(placements.get(candidate_id, []), enrolled_on, end)
        for placement in started:
            hired = placement.outcome in WORK_OUTCOMES
            _reach(employers, placement.employer_id, {"placement", "hired"} if hired else {"placement"})
            stages.add("placement")
        employer_ids.update(employers)
        exit_reason = reason if exited else ""
        if exit_reason in WORK_OR_EDUCATION:
            stages.add("work_or_education")
        facts.append(
            EnrolmentFact(
                project_id=project_id,
                office_id=office_id,
                county_id=county_id,
                age_band=age_band,
                innsatsgruppe=innsats,
                enrolled_on=enrolled_on,
                stages=frozenset(stages),
                exit_reason=exit_reason,
                employers=employers,
                placements=started,
            )
        )
    names, sectors = {}, {}
    for pk, name, sector in Employer.objects.filter(pk__in=employer_ids).values_list("pk", "name", "sector"):
        names[pk], sectors[pk] = name, sector
    return facts, Context(employer_names=names, employer_sectors=sectors)


def _reach(employers: dict, employer_id: int, stages: set) -> None:
    employers[employer_id] = frozenset(employers.get(employer_id, frozenset()) | stages)


def load_candidate_facts(cutoff: date) -> list[CandidateFact]:
    """Candidates in follow-up on the cutoff date (statistics fields only, never identity)."""
    return [
        CandidateFact(*row)
        for row in Candidate.objects.filter(follow_up_started_on__lte=cutoff)
        .filter(Q(follow_up_ended_on__isnull=True) | Q(follow_up_ended_on__gt=cutoff))
        .values_list("office_id", "office__county_id", "profile__age_band", "innsatsgruppe")
    ]
