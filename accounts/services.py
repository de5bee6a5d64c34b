"""Writes of the accounts app: the user and memberships a single sign-on gives."""

from collections.abc import Mapping

from django.conf import settings
from django.db import transaction

from core.audit import audit_created, audit_deleted, model_update

from .models import GroupMapping, Membership, User

USER_SSO_FIELDS = (
    "username",
    "oidc_subject",
    "nav_ident",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_superuser",
)


def _claim(claims: Mapping, name: str) -> str:
    value = claims.get(name) if name else None
    return str(value).strip() if value else ""


def _names(claims: Mapping) -> tuple[str, str]:
    first, last = _claim(claims, "given_name"), _claim(claims, "family_name")
    if not (first or last):
        # Entra ID gives `name` only; NAV writes it «Etternavn, Fornavn».
        name = _claim(claims, "name")
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
        else:
            first, _, last = name.rpartition(" ") if " " in name else ("", "", name)
    return first[:150], last[:150]


def _free_username(wanted: str, subject: str, user: User | None) -> str:
    taken = User.objects.filter(username=wanted)
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    return wanted if not taken.exists() else f"{wanted}-{subject[:8]}"[:150]


def user_sync_from_claims(*, claims: Mapping) -> User | None:
    """The user a verified single sign-on names, with memberships set to exactly what their groups
    map to (`GroupMapping`), and administrator rights exactly when a group in
    `OIDC_ADMIN_GROUPS` says so. Returns None (login refused) when no group gives access; the
    user's memberships are then gone too. Runs as the user it changes (`by` is that user)."""
    subject = _claim(claims, settings.OIDC_SUBJECT_CLAIM)
    if not subject:
        return None
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    groups = {str(g) for g in groups} if isinstance(groups, list | tuple) else set()
    wanted = set(GroupMapping.objects.filter(group__in=groups).values_list("unit_id", "role"))
    admin = bool(groups & set(settings.OIDC_ADMIN_GROUPS))
    nav_ident = _claim(claims, settings.OIDC_NAVIDENT_CLAIM)[:7].upper() or None

    with transaction.atomic():
        user = User.objects.select_for_update().filter(oidc_subject=subject).first()
        if user is None and nav_ident:
            # A user an administrator created with the NAV-ident, before their first sign-on.
            user = User.objects.select_for_update().filter(nav_ident=nav_ident, oidc_subject=None).first()
        if user is None and not (wanted or admin):
            return None
        first, last = _names(claims)
        base_username = nav_ident or _claim(claims, "preferred_username") or f"sso-{subject[:20]}"
        data = {
            "oidc_subject": subject,
            "nav_ident": nav_ident,
            "first_name": first,
            "last_name": last,
            "email": _claim(claims, "email")[:254],
            "is_staff": admin,
            "is_superuser": admin,
        }
        if user is None:
            user = User(username=_free_username(base_username.lower(), subject, None))
            user.set_unusable_password()
            model_update(user, data=data, fields=USER_SSO_FIELDS, by=None)
        else:
            model_update(user, data=data, fields=USER_SSO_FIELDS, by=user)

        held = {(m.unit_id, m.role): m for m in user.memberships.all()}
        for key in held.keys() - wanted:
            audit_deleted(by=user, instance=held[key])
            held[key].delete()
        for unit_id, role in sorted(wanted - held.keys()):
            membership = Membership.objects.create(user=user, unit_id=unit_id, role=role)
            audit_created(by=user, instance=membership, fields=["unit", "role"])
    if not (wanted or admin) or not user.is_active:
        return None
    return user
