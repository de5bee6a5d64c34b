"""Rules for projects. A project's method and description are shared knowledge: every NAV user
reads them (spreading methods is the report's aim, L67). Project coordinators create projects;
the project's own coordinator, project coordinators in its region or units, and admins edit it."""

from django.db.models import Exists

from accounts.access import (
    county_ids,
    has_role,
    is_admin,
    memberships_of,
    office_ids,
    roles_of,
    rule,
    scope,
    unit_ids,
    user_fact,
)
from accounts.models import Role
from candidates.rules import PROFILE_ROLES


@user_fact("projects.coordinator")
def _coordinates_a_project(user_ref):
    """Named coordinator of some project: the dashboards' menu rule asks this on every page."""
    from .models import Project

    return Exists(Project.objects.filter(coordinator_id=user_ref))


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


# --- Enrolments (phase 2) --------------------------------------------------------------------------
# Who is enrolled is candidate data: the list follows the candidates app's profile rule (profile
# roles see pseudonymous codes); names come only through the candidates' own identity scope.

ENROLLABLE_STATUSES = ("planlagt", "aktiv", "ordinaer_drift")


@scope("projects.Enrolment")
def _enrolments(user, queryset):
    return queryset if roles_of(user) & PROFILE_ROLES else queryset.none()


@rule("projects.view_enrolments")
def _view_enrolments(user, project):
    return bool(roles_of(user) & PROFILE_ROLES)


@rule("projects.enrol")
def _enrol(user, project):
    # The candidate's own counsellor enrols: a veileder, and only their office's candidates
    # (the form offers those alone; the service checks the candidate through candidates' scope).
    return project is not None and project.status in ENROLLABLE_STATUSES and bool(office_ids(user))


@rule("projects.change_enrolment")
def _change_enrolment(user, enrolment):
    return enrolment is not None and enrolment.candidate.office_id in office_ids(user)
