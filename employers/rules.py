"""Rules for the employer register (employers app).

- The register is shared: every NAV user sees every employer, contact person, contact log entry
  and network, so nobody contacts an employer without knowing who else does (domain.md §4.4).
- Every NAV user may log a contact with an employer (that is the point of the shared log).
- IA-advisers and market coordinators maintain employers, needs and networks of their county.
- Needs: advisers/market coordinators see every need of their counties (drafts too); everyone
  else with a NAV role sees only open needs in the counties of their units.
"""

from django.db.models import Q

from accounts.access import county_ids, is_admin, roles_of, rule, scope, sql_scope
from accounts.models import Role

MANAGERS = (Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR)


def _is_nav(user) -> bool:
    return is_admin(user) or bool(roles_of(user))


def _manages_county(user, county_id) -> bool:
    return is_admin(user) or (county_id is not None and county_id in county_ids(user, *MANAGERS))


def _is_manager(user) -> bool:
    return is_admin(user) or bool(county_ids(user, *MANAGERS))


@scope("employers.Employer")
def _employers(user, queryset):
    return queryset if _is_nav(user) else queryset.none()


@scope("employers.ContactPerson")
def _contact_persons(user, queryset):
    return queryset if _is_nav(user) else queryset.none()


@scope("employers.ContactLogEntry")
def _contact_log(user, queryset):
    return queryset if _is_nav(user) else queryset.none()


@scope("employers.Network")
def _networks(user, queryset):
    return queryset if _is_nav(user) else queryset.none()


@scope("employers.Need")
def _needs(user, queryset):
    if is_admin(user):
        return queryset
    managed = county_ids(user, *MANAGERS)
    regions = county_ids(user)
    if not regions:
        return queryset.none()
    return queryset.filter(Q(county_id__in=managed) | Q(county_id__in=regions, status="apen"))


@sql_scope("employers.Need")
def _needs_sql(user, alias):
    """`_needs` as SQL (the ranking page's need, matching.selectors.need_for_ranking): every need
    of the counties the user manages, the open ones of the user's other counties."""
    if is_admin(user):
        return "true", {}
    regions = county_ids(user)
    if not regions:
        return None
    params = {"scope_open": "apen"}

    def listed(name, ids) -> str:
        # `alias` is the calling statement's own table alias, never input; the ids are parameters.
        # A unit without a county adds None, which the ORM's IN leaves out as well.
        names = {f"scope_{name}_{i}": pk for i, pk in enumerate(sorted(ids - {None}))}
        params.update(names)
        return f"{alias}.county_id IN ({', '.join(f'%({n})s' for n in names)})" if names else "false"

    managed = county_ids(user, *MANAGERS)
    condition = f"{listed('region', regions)} AND {alias}.status = %(scope_open)s"
    if managed:
        condition = f"{listed('managed', managed)} OR ({condition})"
    return f"({condition})", params


@scope("employers.ImportJob")
def _imports(user, queryset):
    return queryset if is_admin(user) else queryset.filter(created_by=user)


@rule("employers.view_register")
def _view_register(user, obj):
    return _is_nav(user)


@rule("employers.create")
def _create(user, obj):
    return _is_manager(user)


@rule("employers.change")
def _change(user, employer):
    return employer is not None and _manages_county(user, employer.county_id)


@rule("employers.log_contact")
def _log_contact(user, employer):
    return _is_nav(user)


@rule("employers.import")
def _import(user, obj):
    return _is_manager(user)


@rule("employers.export")
def _export(user, obj):
    return _is_manager(user)


@rule("employers.view_needs")
def _view_needs(user, obj):
    return _is_nav(user)


@rule("employers.create_need")
def _create_need(user, employer):
    return employer is not None and _manages_county(user, employer.county_id)


@rule("employers.change_need")
def _change_need(user, need):
    return need is not None and _manages_county(user, need.county_id)


@rule("employers.manage_networks")
def _manage_networks(user, obj):
    return _is_manager(user)


@rule("employers.change_network")
def _change_network(user, network):
    return network is not None and _manages_county(user, network.county_id)
