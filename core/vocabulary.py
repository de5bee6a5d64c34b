"""NAV vocabularies shared by several apps (the facilitation categories live in facilitation.py).

Everything both sides of a match use lives here, so a candidate profile and an employer need are
compared value for value: driving licences, extent, Norwegian level, offer types, age limits.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _


class Innsatsgruppe(models.TextChoices):
    """Needs category from the §14a decision (domain.md §5; report L891–910). NAV's statistics
    always split by "innsatsgruppe not standard", so every app uses these same values."""

    STANDARD = "standard", _("Standard innsats")
    SITUASJONSBESTEMT = "situasjonsbestemt", _("Situasjonsbestemt innsats")
    SPESIELT_TILPASSET = "spesielt_tilpasset", _("Spesielt tilpasset innsats")
    VARIG_TILPASSET = "varig_tilpasset", _("Varig tilpasset innsats")


# --- What both sides of a match use (candidate profile and employer need) ---------------------------


class DrivingLicence(models.TextChoices):
    """Every Norwegian driving licence class (førerkortforskriften), the same list on the
    candidate's profile and on a need's requirements."""

    AM = "AM", _("AM (moped)")
    A1 = "A1", _("A1 (lett motorsykkel)")
    A2 = "A2", _("A2 (mellomtung motorsykkel)")
    A = "A", _("A (motorsykkel)")
    B = "B", _("B (personbil)")
    BE = "BE", _("BE (personbil med tilhenger)")
    C1 = "C1", _("C1 (lett lastebil)")
    C1E = "C1E", _("C1E (lett lastebil med tilhenger)")
    C = "C", _("C (lastebil)")
    CE = "CE", _("CE (lastebil med tilhenger)")
    D1 = "D1", _("D1 (minibuss)")
    D1E = "D1E", _("D1E (minibuss med tilhenger)")
    D = "D", _("D (buss)")
    DE = "DE", _("DE (buss med tilhenger)")
    S = "S", _("S (snøscooter)")
    T = "T", _("T (traktor)")


class Extent(models.TextChoices):
    """Full or part time. A need offers one; a candidate accepts one or both (an array of these)."""

    FULL_TIME = "heltid", _("Heltid")
    PART_TIME = "deltid", _("Deltid")


class NorwegianLevel(models.TextChoices):
    """One ordered scale for Norwegian, lowest first: a need's required level and a candidate's
    level are values of this scale, and a candidate meets a need when `rank(candidate) >=
    rank(need)`. NONE is "no requirement" on a need; a candidate without a stated level has
    an empty value, which meets only needs that require nothing."""

    NONE = "ingen_krav", _("Ingen krav")
    BASIC = "grunnleggende", _("Grunnleggende")
    GOOD = "god", _("God")
    FLUENT = "flytende", _("Flytende")
    NATIVE = "morsmal", _("Morsmål")

    @classmethod
    def rank(cls, value: str) -> int:
        """Position on the scale; an empty or unknown value ranks below every level (-1)."""
        # A dict built once: `cls.values` builds a new list on every call (matching checks the
        # level of every ranked row).
        return _NORWEGIAN_RANKS.get(value, -1)

    @classmethod
    def at_least(cls, value: str) -> list[str]:
        """Every level that meets `value` (for `norwegian_level__in=` in a query)."""
        return cls.values[max(cls.rank(value), 0) :]

    @classmethod
    def rank_expression(cls, field: str):
        """The rank as an SQL expression, for comparing two columns in one query (matching)."""
        return models.Case(
            *(models.When(**{field: value}, then=models.Value(n)) for n, value in enumerate(cls.values)),
            default=models.Value(-1),
            output_field=models.IntegerField(),
        )

    @classmethod
    def requirement_choices(cls) -> list[tuple[str, str]]:
        """What a need may require (mother tongue is not a requirement an employer may set)."""
        return [(v, label) for v, label in cls.choices if v != cls.NATIVE]

    @classmethod
    def candidate_choices(cls) -> list[tuple[str, str]]:
        """What a candidate's level may be ("no requirement" is not a level)."""
        return [(v, label) for v, label in cls.choices if v != cls.NONE]


_NORWEGIAN_RANKS = {value: i for i, value in enumerate(NorwegianLevel.values)}


class OfferType(models.TextChoices):
    """What an employer offers in a need (and later what a placement is)."""

    ARBEIDSTRENING = "arbeidstrening", _("Arbeidstrening")
    LONNSTILSKUDD = "lonnstilskudd", _("Lønnstilskudd")
    MENTOR = "mentor", _("Mentor")
    ORDINARY_JOB = "ordinaer_jobb", _("Ordinær jobb")
    SUMMER_JOB = "sommerjobb", _("Sommerjobb")
    APPRENTICESHIP = "laerling", _("Læreplass")


# --- Age limits --------------------------------------------------------------------------------------
#
# A need's minimum and maximum age are checked against the candidate's age ON THE NEED'S START DATE
# (today when the need has none). The anonymised profile carries only the birth month (a date on
# the 1st, `CandidateProfile.birth_month`), never the birth date, so matching tests age limits
# without reading the identity table; pages and exports still show only the age band. Counted from
# the month, a person is taken to be born on the first day of the month AFTER the birth month:
# never counted as old enough before they are; up to one month younger than they are at most.


def age_limit_reference_date(*, start_date: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day a need's age limits are checked on."""
    return start_date or today


def age_from_birth_month(birth_month: datetime.date, on: datetime.date) -> int:
    """Whole years on `on` for someone born in `birth_month` (counted from the month after)."""
    born = birth_month.replace(day=1) + relativedelta(months=1)
    return relativedelta(on, born).years


def age_limits_q(
    *, field: str, minimum_age: int | None, maximum_age: int | None, on: datetime.date
) -> models.Q:
    """A filter on a birth-month column for "between minimum_age and maximum_age years on `on`"."""
    q = models.Q()
    if minimum_age is not None:
        q &= models.Q(**{f"{field}__lte": on - relativedelta(years=minimum_age, months=1)})
    if maximum_age is not None:
        q &= models.Q(**{f"{field}__gt": on - relativedelta(years=maximum_age + 1, months=1)})
    return q


def birth_month_of(birth_date: datetime.date | None) -> datetime.date | None:
    return birth_date.replace(day=1) if birth_date else None
