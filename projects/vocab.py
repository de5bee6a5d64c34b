"""Controlled vocabularies of the projects app: outcome categories and goal metrics.

Outcomes are stored as raw counts per category (domain.md §3: "store raw counts and derive
rates; never hard-code a rate"). A goal names one metric below; its current value is derived
from counts, so the same arithmetic serves the report's historic figures and, later, enrolments.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeCategory(models.TextChoices):
    """What a counted person (or, for EVENTS, a counted event) is or did.

    The labels follow the column heads of the report's tables (5.1–5.6) so a stored row can be
    read against its source line.
    """

    STARTED = "started", _("Startet / deltatt")
    COMPLETED_COURSE = "completed_course", _("Gjennomført kurs")
    STARTED_TRAINING = "started_training", _("Startet arbeidstrening")
    COMPLETED = "completed", _("Fullført")
    ACTIVE = "active", _("Aktiv i prosjektet")
    ORDINARY_WORK = "ordinary_work", _("Ordinært arbeid")
    WAGE_SUBSIDY = "wage_subsidy", _("Arbeid med lønnstilskudd")
    APPRENTICESHIP = "apprenticeship", _("Læreplass")
    JOB_AT_HOST = "job_at_host", _("Jobb hos vertsvirksomheten")
    JOB_ELSEWHERE = "job_elsewhere", _("Jobb annet sted")
    SUMMER_JOB = "summer_job", _("Sommerjobb")
    ARBEIDSTRENING = "arbeidstrening", _("Arbeidstrening / IA")
    EDUCATION = "education", _("Utdanning / skole")
    AMO = "amo", _("Enkelt AMO")
    TRAINING_PHASE = "training_phase", _("I opplæringsfase")
    FOLLOWED_BY_NAV = "followed_by_nav", _("Følges opp av NAV")
    KVP = "kvp", _("Kvalifiseringsprogram (KVP)")
    AAP = "aap", _("Arbeidsavklaringspenger (AAP)")
    PREGNANT = "pregnant", _("Gravid")
    MOVED = "moved", _("Flyttet")
    MOVED_HEALTH = "moved_health", _("Flyttet / helse")
    DISABILITY = "disability", _("Uføre")
    DEREGISTERED = "deregistered", _("Avsluttet oppføring i NAV")
    DECLINED = "declined", _("Takket nei")
    NO_SHOW = "no_show", _("Ikke møtt")
    DROPPED_OUT = "dropped_out", _("Avbrutt")
    NO_CONTACT = "no_contact", _("Ønsker ikke kontakt med NAV")
    UNKNOWN = "unknown", _("Ukjent")
    EVENTS = "events", _("Arrangementer (antall)")


# Paid work of any kind counts as "in work"; a summer job does not (it ends by design).
WORK_CATEGORIES = frozenset(
    {
        OutcomeCategory.ORDINARY_WORK,
        OutcomeCategory.WAGE_SUBSIDY,
        OutcomeCategory.APPRENTICESHIP,
        OutcomeCategory.JOB_AT_HOST,
        OutcomeCategory.JOB_ELSEWHERE,
    }
)


@dataclass(frozen=True)
class Metric:
    label: str
    numerator: frozenset[str]
    # None: the metric is a count; otherwise a percentage of these categories.
    denominator: frozenset[str] | None = None

    @property
    def is_share(self) -> bool:
        return self.denominator is not None


class MetricKind(models.TextChoices):
    STARTED_COUNT = "started_count", _("Antall deltakere")
    WORK_COUNT = "work_count", _("Antall i arbeid")
    WORK_SHARE = "work_share", _("Andel i arbeid av deltakerne (%)")
    WORK_OR_TRAINING_SHARE = (
        "work_or_training_share",
        _("Andel i jobb eller arbeidstrening av deltakerne (%)"),
    )
    WORK_OR_EDUCATION_SHARE = (
        "work_or_education_share",
        _("Andel i jobb eller utdanning av dem som startet arbeidstrening (%)"),
    )
    EVENTS_COUNT = "events_count", _("Antall arrangementer")


METRICS: dict[str, Metric] = {
    MetricKind.STARTED_COUNT: Metric(MetricKind.STARTED_COUNT.label, frozenset({OutcomeCategory.STARTED})),
    MetricKind.WORK_COUNT: Metric(MetricKind.WORK_COUNT.label, WORK_CATEGORIES),
    MetricKind.WORK_SHARE: Metric(
        MetricKind.WORK_SHARE.label, WORK_CATEGORIES, frozenset({OutcomeCategory.STARTED})
    ),
    # Forsterket jobbverksted's target: 75 % in a job or work training by the end (L5729–5732).
    MetricKind.WORK_OR_TRAINING_SHARE: Metric(
        MetricKind.WORK_OR_TRAINING_SHARE.label,
        WORK_CATEGORIES | {OutcomeCategory.ARBEIDSTRENING},
        frozenset({OutcomeCategory.STARTED}),
    ),
    # Springbrett counts success as work or further education after arbeidstrening (L3584–3588).
    MetricKind.WORK_OR_EDUCATION_SHARE: Metric(
        MetricKind.WORK_OR_EDUCATION_SHARE.label,
        WORK_CATEGORIES | {OutcomeCategory.EDUCATION},
        frozenset({OutcomeCategory.STARTED_TRAINING}),
    ),
    MetricKind.EVENTS_COUNT: Metric(MetricKind.EVENTS_COUNT.label, frozenset({OutcomeCategory.EVENTS})),
}
