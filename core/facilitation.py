"""NAV's four facilitation (tilrettelegging) categories and their value sets, shared by both sides.

Candidates state what they *need* and employers/needs state what they *can offer* in the same
vocabulary (domain.md §5), so a match is a plain set intersection. Values follow finn-kandidat's
`Kandidat.java` enums (anchors.md §1.4), lower-cased; the rekrutteringsbistand vacancy tags use
the same four dimensions (§1.1). `KAN_IKKE_JOBBE` is left out: it is a candidate's state, not
something an employer can offer.

Stored as "category:value" codes (e.g. "arbeidstid:fleksibel") in a list field, so one column
holds all four categories and a GIN index answers "offers any of …" filters.
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    ARBEIDSTID = "arbeidstid", _("Arbeidstid")
    FYSISK = "fysisk", _("Fysisk tilrettelegging")
    ARBEIDSHVERDAGEN = "arbeidshverdagen", _("Arbeidshverdagen")
    UTFORDRINGER_MED_NORSK = "utfordringer_med_norsk", _("Utfordringer med norsk")


class Arbeidstid(models.TextChoices):
    HELTID = "heltid", _("Heltid")
    IKKE_HELE_DAGER = "ikke_hele_dager", _("Ikke hele dager")
    BORTE_FASTE_DAGER_ELLER_TIDER = "borte_faste_dager_eller_tider", _("Borte faste dager eller tider")
    FLEKSIBEL = "fleksibel", _("Fleksibel arbeidstid")
    GRADVIS_OKNING = "gradvis_okning", _("Gradvis økning")


class Fysisk(models.TextChoices):
    ARBEIDSSTILLING = "arbeidsstilling", _("Arbeidsstilling")
    ERGONOMI = "ergonomi", _("Ergonomi")
    TUNGE_LOFT = "tunge_loft", _("Tunge løft")
    HORSEL = "horsel", _("Hørsel")
    SYN = "syn", _("Syn")
    UNIVERSELL_UTFORMING = "universell_utforming", _("Universell utforming")
    ANNET = "annet", _("Annet")


class Arbeidshverdagen(models.TextChoices):
    TILRETTELAGT_OPPLAERING = "tilrettelagt_opplaering", _("Tilrettelagt opplæring")
    TILRETTELAGTE_ARBEIDSOPPGAVER = "tilrettelagte_arbeidsoppgaver", _("Tilrettelagte arbeidsoppgaver")
    MENTOR = "mentor", _("Mentor")
    TETT_OPPFOLGING = "tett_oppfolging", _("Tett oppfølging")
    STILLE_OG_ROLIG_MILJO = "stille_og_rolig_miljo", _("Stille og rolig miljø")
    PERSONLIG_BISTAND = "personlig_bistand", _("Personlig bistand")
    ANNET = "annet", _("Annet")


class UtfordringerMedNorsk(models.TextChoices):
    SNAKKE = "snakke", _("Snakke")
    SKRIVE = "skrive", _("Skrive")
    LESE = "lese", _("Lese")
    REGNING_OG_TALLFORSTAELSE = "regning_og_tallforstaelse", _("Regning og tallforståelse")
    ANDRE_UTFORDRINGER = "andre_utfordringer", _("Andre utfordringer")


VALUES: dict[str, type[models.TextChoices]] = {
    Category.ARBEIDSTID: Arbeidstid,
    Category.FYSISK: Fysisk,
    Category.ARBEIDSHVERDAGEN: Arbeidshverdagen,
    Category.UTFORDRINGER_MED_NORSK: UtfordringerMedNorsk,
}
# The values per category as sets: a TextChoices' `.values` builds a new list on every call, and
# anonymised list rows check every code of every row (issue 16).
_VALID: dict[str, frozenset[str]] = {category: frozenset(c.values) for category, c in VALUES.items()}


def code(category: str, value: str) -> str:
    return f"{category}:{value}"


def all_codes() -> list[str]:
    return [code(category, value) for category, choices in VALUES.items() for value in choices.values]


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by category, for a <select multiple> with optgroups or grouped checkboxes."""
    return [
        (Category(category).label, [(code(category, v), label) for v, label in choices.choices])
        for category, choices in VALUES.items()
    ]


def is_valid_code(value: str) -> bool:
    category, _sep, item = value.partition(":")
    return item in _VALID.get(category, ())


def category_of(value: str) -> str:
    return value.partition(":")[0]


def label(value: str) -> str:
    """'arbeidstid:fleksibel' -> 'Arbeidstid: Fleksibel arbeidstid' (unknown codes shown raw)."""
    return _label(get_language(), value)


@lru_cache(maxsize=4096)
def _label(language: str | None, value: str) -> str:
    # Per language (the active one, which `label` passes): two enum lookups and two translations
    # per code were most of a ranking row's explanation (issue 16); the codes are a fixed set.
    category, _sep, item = value.partition(":")
    if item not in _VALID.get(category, ()):
        return value
    return f"{Category(category).label}: {VALUES[category](item).label}"


def categories_of(codes) -> set[str]:
    """The categories a list of codes touches: all an anonymised view may show (domain.md §7)."""
    return {category_of(c) for c in codes if is_valid_code(c)}
