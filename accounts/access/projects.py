"""Rules for projects. A project's method and description are shared knowledge: every NAV user
reads them (spreading methods is the report's aim, L67). Project coordinators create projects;
the project's own coordinator, project coordinators in its region or units, and admins edit it."""

from ..models import Role
from . import county_ids, has_role, is_admin, memberships_of, rule, scope, unit_ids


def _is_nav_user(user) -> bool:
    return is_admin(user) or bool(memberships_of(user))


@scope("projects.Project")
def _projects(user, queryset):
    return queryset if _is_nav_user(user) else queryset.none()


@rule("projects.view")
def _view(user, project):
    return _is_nav_user(user)


@rule("projects.create")
def _create(user, obj):
    return is_admin(user) or has_role(user, Role.PROSJEKTKOORDINATOR)


@rule("projects.change")
def _change(user, project):
    if project is None:
        return False
    if is_admin(user) or project.coordinator_id == user.pk:
        return True
    if not has_role(user, Role.PROSJEKTKOORDINATOR):
        return False
    if project.region_id in county_ids(user, Role.PROSJEKTKOORDINATOR):
        return True
    own_units = unit_ids(user, Role.PROSJEKTKOORDINATOR)
    return any(unit.pk in own_units for unit in project.nav_units.all())


@rule("projects.copy")
def _copy(user, project):
    # Anyone who may start a project may start one from any method they can read.
    return project is not None and _create(user, None) and _view(user, project)
