"""NAV vocabularies shared by several apps (the facilitation categories live in facilitation.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Innsatsgruppe(models.TextChoices):
    """Needs category from the §14a decision (domain.md §5; report L891–910). NAV's statistics
    always split by "innsatsgruppe not standard", so every app uses these same values."""

    STANDARD = "standard", _("Standard innsats")
    SITUASJONSBESTEMT = "situasjonsbestemt", _("Situasjonsbestemt innsats")
    SPESIELT_TILPASSET = "spesielt_tilpasset", _("Spesielt tilpasset innsats")
    VARIG_TILPASSET = "varig_tilpasset", _("Varig tilpasset innsats")
