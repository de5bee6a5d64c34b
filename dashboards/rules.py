"""Who sees which dashboards: project coordinators their projects, leaders their units, admins
everything. Every figure is an aggregate with small cells suppressed; no person is ever shown."""

from django.db.models import Q

from accounts.access import county_ids, fact, has_role, is_admin, memberships_of, rule, unit_ids
from accounts.models import NavUnit, Role

DASHBOARD_ROLES = (Role.LEDER, Role.PROSJEKTKOORDINATOR)


@rule("dashboards.view")
def _view(user, obj):
    if is_admin(user) or has_role(user, *DASHBOARD_ROLES):
        return True
    # A project's named coordinator sees its figures whatever their role (loaded with the
    # memberships: this rule draws the menu on every page and costs no query of its own).
    return fact(user, "projects.coordinator")


def allowed_nodes(user) -> set[str] | None:
    """The nodes the user may open; None means all (admin)."""
    from projects.models import Project

    if is_admin(user):
        return None
    nodes: set[str] = set()
    for m in memberships_of(user):
        if m.role != Role.LEDER:
            continue
        if m.unit.kind == NavUnit.Kind.OFFICE:
            nodes.add(f"kontor-{m.unit_id}")
        else:
            # A county, Arbeidslivssenter or market unit leads the region: it and its offices.
            nodes.add(f"region-{m.unit.county_id}")
            nodes.update(
                f"kontor-{pk}"
                for pk in NavUnit.objects.filter(
                    county_id=m.unit.county_id, kind=NavUnit.Kind.OFFICE
                ).values_list("pk", flat=True)
            )
    if has_role(user, Role.PROSJEKTKOORDINATOR) or fact(user, "projects.coordinator"):
        own = Q(coordinator=user)
        if has_role(user, Role.PROSJEKTKOORDINATOR):
            own |= Q(region_id__in=county_ids(user, Role.PROSJEKTKOORDINATOR))
            own |= Q(nav_units__in=unit_ids(user, Role.PROSJEKTKOORDINATOR))
        nodes.update(
            f"prosjekt-{pk}" for pk in Project.objects.filter(own).values_list("pk", flat=True).distinct()
        )
    return nodes
