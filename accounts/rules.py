"""Rules for NAV units and staff. Unit structure is not secret: every NAV user sees it."""

from django.db.models import Q

from accounts.access import has_role, is_admin, rule, scope, unit_ids
from accounts.models import Role


@scope("accounts.NavUnit")
def _units(user, queryset):
    return queryset


@scope("accounts.Membership")
def _memberships(user, queryset):
    if is_admin(user):
        return queryset
    # Leaders see the staff of their own units; everyone sees their own memberships.
    led = unit_ids(user, Role.LEDER)
    return queryset.filter(Q(user=user) | Q(unit_id__in=led))


@rule("accounts.view_unit_staff")
def _view_unit_staff(user, unit):
    return is_admin(user) or (
        has_role(user, Role.LEDER) and unit is not None and unit.pk in unit_ids(user, Role.LEDER)
    )


@rule("core.view_admin")
def _view_admin(user, obj):
    return is_admin(user)
