"""Follow-up plan templates: from a plan kind, a start and an end to the dated follow-ups.

Each template is the project's method as the report describes it:

- JobbLoop (L2676–2735): the adviser contacts the firm within a week, a follow-up meeting at about
  six weeks, a gathering before each rotation (months 4 and 8), a joint reference at the end.
- Ta sjansen (L3942–3960): the next meeting at most a month after the start-up meeting, an
  evaluation at the end of the three months, then quarterly meetings while it lasts.
- Springbrett (L3225–3756): a training and work plan in the first weeks, monthly follow-ups up to
  twelve months, an evaluation before the end.
- Monthly (the default): a meeting every month and an evaluation two weeks before the end.
- The project's own template (projects.FollowUpTemplate, offsets in days).

Pure functions: no database writes, so each template's dates are tested with a frozen clock.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .vocab import PlanKind

# A plan without an end runs this long (Springbrett's "up to 12 months").
DEFAULT_MONTHS = 12
EVALUATION_BEFORE_END = timedelta(days=14)


@dataclass(frozen=True)
class Step:
    kind: str  # FollowUp.Kind value
    title: str
    due_on: date
    party: str = "veileder"  # FollowUp.Party value


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end(start: date, end: date | None) -> date:
    return end if end is not None else add_months(start, DEFAULT_MONTHS)


def _monthly(start: date, end: date, *, every: int, first: int, title: str) -> list[Step]:
    steps, n = [], first
    while (due := add_months(start, n)) < end - EVALUATION_BEFORE_END:
        steps.append(Step("mote", title, due))
        n += every
    return steps


def _jobbloop(start: date, end: date) -> list[Step]:
    return [
        Step("kontakt", _("Kontakt med virksomheten"), start + timedelta(days=7), "radgiver"),
        Step("mote", _("Oppfølgingsmøte etter seks uker"), start + timedelta(days=42)),
        Step("samling", _("Samling før første rullering"), add_months(start, 4) - timedelta(days=7)),
        Step("samling", _("Samling før andre rullering"), add_months(start, 8) - timedelta(days=7)),
        Step("attest", _("Felles attest fra arbeidsgiverne"), end, "radgiver"),
    ]


def _ta_sjansen(start: date, end: date) -> list[Step]:
    steps = [
        Step("mote", _("Neste oppfølging"), add_months(start, 1)),
        Step("evaluering", _("Evaluering etter tre måneder"), add_months(start, 3)),
    ]
    n = 6
    while (due := add_months(start, n)) <= end:
        steps.append(Step("mote", _("Kvartalsvis oppfølging"), due))
        n += 3
    return steps


def _springbrett(start: date, end: date) -> list[Step]:
    last = min(end, add_months(start, 12))
    return [
        Step("plan", _("Opplærings- og arbeidsplan"), start + timedelta(days=14)),
        *_monthly(start, last, every=1, first=1, title=_("Oppfølging")),
        Step("evaluering", _("Evaluering før slutt"), last - EVALUATION_BEFORE_END),
    ]


def _default(start: date, end: date) -> list[Step]:
    return [
        *_monthly(start, end, every=1, first=1, title=_("Månedlig oppfølging")),
        Step("evaluering", _("Evaluering før slutt"), max(start, end - EVALUATION_BEFORE_END)),
    ]


def _project(start: date, templates) -> list[Step]:
    # Offset 0 is the start-up meeting, which the placement records itself.
    return [
        Step("mote", t.name, start + timedelta(days=t.offset_days)) for t in templates if t.offset_days > 0
    ]


def plan_steps(kind: str, *, start: date, end: date | None, templates=()) -> list[Step]:
    """The dated follow-ups of a plan, in date order."""
    end = _end(start, end)
    builders = {
        PlanKind.JOBBLOOP: lambda: _jobbloop(start, end),
        PlanKind.TA_SJANSEN: lambda: _ta_sjansen(start, end),
        PlanKind.SPRINGBRETT: lambda: _springbrett(start, end),
        PlanKind.MONTHLY: lambda: _default(start, end),
        PlanKind.PROJECT: lambda: _project(start, templates),
    }
    return sorted(builders[PlanKind(kind)](), key=lambda s: s.due_on)


# Projects whose method is one of the templates above, by name (the demo projects and copies).
PROJECT_PLANS = {
    "jobbloop": PlanKind.JOBBLOOP,
    "ta sjansen": PlanKind.TA_SJANSEN,
    "springbrett": PlanKind.SPRINGBRETT,
}


def default_plan_kind(project) -> str:
    """The plan a placement starts with: its project's method where we know it, else monthly."""
    if project is not None:
        name = project.name.lower()
        for prefix, kind in PROJECT_PLANS.items():
            if name.startswith(prefix):
                return kind
    return PlanKind.MONTHLY
