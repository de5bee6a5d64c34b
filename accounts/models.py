"""NAV staff, NAV units (a tree) and the roles staff hold in units."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, County, Municipality


def display_name(first_name: str, last_name: str, username: str) -> str:
    """The name a user is shown by: the full name, else the username (User.display_name, and
    list rows read as values rather than model instances)."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A NAV employee. Candidates are never users (domain.md §2)."""

    nav_ident = models.CharField(_("NAV-ident"), max_length=7, unique=True, null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    # The identity provider's stable id for the person (OIDC_SUBJECT_CLAIM; Entra ID: `oid`).
    oidc_subject = models.CharField(
        _("SSO-ID"), max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)


class NavUnit(BaseModel):
    """A NAV unit: county (fylke) → NAV-kontor, Arbeidslivssenter, Marked og virkemidler,
    Hjelpemiddelsentral. The county is stored on every unit so region scoping is one join."""

    class Kind(models.TextChoices):
        COUNTY = "fylke", _("Fylke")
        OFFICE = "nav_kontor", _("NAV-kontor")
        WORKLIFE_CENTRE = "arbeidslivssenter", _("Arbeidslivssenter")
        MARKET = "marked", _("Marked og virkemidler")
        ASSISTIVE_TECHNOLOGY = "hjelpemiddelsentral", _("Hjelpemiddelsentral")

    unit_number = models.CharField(_("enhetsnummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("overordnet"),
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="nav_units", verbose_name=_("fylke")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="nav_units", verbose_name=_("kommuner som betjenes")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("NAV-enhet")
        verbose_name_plural = _("NAV-enheter")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="fylke") & Q(parent__isnull=True))
                | (~Q(kind="fylke") & Q(parent__isnull=False)),
                name="navunit_county_is_root",
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    VEILEDER = "veileder", _("Veileder")
    IA_RADGIVER = "ia_radgiver", _("IA-rådgiver")
    MARKEDSKOORDINATOR = "markedskoordinator", _("Markedskoordinator")
    PROSJEKTKOORDINATOR = "prosjektkoordinator", _("Prosjektkoordinator")
    LEDER = "leder", _("Leder")


class Membership(BaseModel):
    """A user's role in a unit. A user may hold several (e.g. veileder in two offices)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    unit = models.ForeignKey(
        NavUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("enhet")
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.unit}"


class GroupMapping(BaseModel):
    """One group of the identity provider (Entra ID: the group's object id) giving a role in a unit.

    At every single sign-on the user's memberships are set to exactly what their groups map to
    (accounts.oidc): a group added gives the role, a group removed takes it away, no mapped group
    left refuses the login."""

    group = models.CharField(_("gruppe-ID"), max_length=100, db_index=True)
    unit = models.ForeignKey(
        NavUnit, on_delete=models.CASCADE, related_name="group_mappings", verbose_name=_("enhet")
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("gruppekobling")
        verbose_name_plural = _("gruppekoblinger")
        constraints = [
            models.UniqueConstraint(fields=["group", "unit", "role"], name="groupmapping_unique"),
        ]

    def __str__(self):
        return f"{self.group} → {self.get_role_display()}, {self.unit}"
