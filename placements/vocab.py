"""Controlled vocabularies of placements, named as NAV's Tiltaksgjennomføring names them
(`Tiltakstype`, `MaalKategori`, `AnnullertGrunn`; ../shared/docs/anchors.md §1.5) so the data can
flow to and from NAV's own systems."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    ARBEIDSTRENING = "arbeidstrening", _("Arbeidstrening")
    MIDLERTIDIG_LONNSTILSKUDD = "midlertidig_lonnstilskudd", _("Midlertidig lønnstilskudd")
    VARIG_LONNSTILSKUDD = "varig_lonnstilskudd", _("Varig lønnstilskudd")
    MENTOR = "mentor", _("Mentor (mentortilskudd)")
    INKLUDERINGSTILSKUDD = "inkluderingstilskudd", _("Inkluderingstilskudd")
    TILRETTELEGGINGSAVTALE = "tilretteleggingsavtale", _("Tilretteleggingsavtale")
    SOMMERJOBB = "sommerjobb", _("Sommerjobb")
    ORDINARY = "ordinaer", _("Ordinær ansettelse")


WAGE_SUBSIDY_MEASURES = frozenset({Measure.MIDLERTIDIG_LONNSTILSKUDD, Measure.VARIG_LONNSTILSKUDD})


class Goal(models.TextChoices):
    """MaalKategori."""

    GET_JOB = "fa_jobb_i_bedriften", _("Få jobb i bedriften")
    WORK_EXPERIENCE = "arbeidserfaring", _("Arbeidserfaring")
    TRIAL = "utproving", _("Utprøving")
    LANGUAGE = "sprakopplaering", _("Språkopplæring")
    CERTIFICATE = "fagbrev", _("Oppnå fagbrev / kompetansebevis")
    OTHER = "annet", _("Annet")


class CancelReason(models.TextChoices):
    """AnnullertGrunn."""

    MISREGISTERED = "feilregistrering", _("Feilregistrering")
    STARTED_WORK = "begynt_i_arbeid", _("Begynt i arbeid")
    OTHER_MEASURE = "annet_tiltak", _("Fått tilbud om annet tiltak")
    SICK = "syk", _("Syk")
    NO_SHOW = "ikke_mott", _("Ikke møtt")
    OTHER = "annet", _("Annet")


class Outcome(models.TextChoices):
    """Where the person went at the end of the placement (domain.md §4.10; the report's tables)."""

    ORDINARY_WORK = "ordinaert_arbeid", _("Ordinært arbeid")
    WAGE_SUBSIDY = "lonnstilskudd", _("Arbeid med lønnstilskudd")
    APPRENTICESHIP = "laereplass", _("Læreplass")
    EDUCATION = "utdanning", _("Utdanning")
    SUMMER_JOB = "sommerjobb", _("Sommerjobb")
    CLARIFIED = "avklart", _("Avklart mot annet løp")
    ENDED_EARLY = "avbrutt", _("Avsluttet før tiden")
    MOVED_HEALTH = "flyttet_helse", _("Flyttet / helse")
    UNKNOWN = "ukjent", _("Ukjent")


# Outcomes that count as "in work" in dashboards.
WORK_OUTCOMES = frozenset({Outcome.ORDINARY_WORK, Outcome.WAGE_SUBSIDY, Outcome.APPRENTICESHIP})


class EmploymentForm(models.TextChoices):
    PERMANENT = "fast", _("Fast")
    TEMPORARY = "midlertidig", _("Midlertidig")


class WorkingTime(models.TextChoices):
    FULL_TIME = "heltid", _("Heltid")
    PART_TIME = "deltid", _("Deltid")


class RetentionResult(models.TextChoices):
    IN_WORK = "i_arbeid", _("I arbeid")
    NOT_IN_WORK = "ikke_i_arbeid", _("Ikke i arbeid")
    UNKNOWN = "ukjent", _("Ukjent")


class PlanKind(models.TextChoices):
    """The follow-up plan templates (domain.md §3; the report's projects)."""

    JOBBLOOP = "jobbloop", _("JobbLoop")
    TA_SJANSEN = "ta_sjansen", _("Ta sjansen")
    SPRINGBRETT = "springbrett", _("Springbrett")
    MONTHLY = "manedlig", _("Månedlig oppfølging")
    PROJECT = "prosjekt", _("Prosjektets egen mal")
