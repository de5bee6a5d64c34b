"""Who may do what, and who may see which rows: the one place the product decides access.

Two questions, asked by every view and list selector:

    can(user, "employers.change", employer)   -> bool
    visible(user, Employer.objects.all())     -> the rows the user may see

This package is the mechanism only. The rules live with their app, in `<app>/rules.py`
(accounts/rules.py, core/rules.py, employers/rules.py, …), discovered like navigation.py when the
apps are ready; each module registers its rules with @rule and @scope. Rules refer to models by
label, so this lowest layer never imports or reads a field of a higher app. Anything not
registered is denied: a missing rule fails closed.
"""

from collections.abc import Callable

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db.models import OuterRef, QuerySet
from django.utils.module_loading import autodiscover_modules

from ..models import Membership, NavUnit, Role

_rules: dict[str, Callable] = {}
_scopes: dict[str, Callable] = {}
_sql_scopes: dict[str, Callable] = {}
_facts: dict[str, Callable] = {}
_loaded = False


def rule(action: str):
    """Register `func(user, obj) -> bool` for an action such as "employers.change"."""

    def decorate(func):
        _rules[action] = func
        return func

    return decorate


def scope(model_label: str):
    """Register `func(user, queryset) -> queryset` for a model label such as "employers.Employer"."""

    def decorate(func):
        _scopes[model_label] = func
        return func

    return decorate


def sql_scope(model_label: str):
    """Register `func(user, alias) -> (condition, named params) | None`, a hand-written twin of a
    narrowing scope for `scope_sql`, beside the scope it mirrors: compiling the scope's queryset
    for a hot statement cost more CPU than the statement (issue 16). It must select exactly
    visible()'s rows; a test of the app compares them."""

    def decorate(func):
        _sql_scopes[model_label] = func
        return func

    return decorate


def user_fact(name: str):
    """Register `func(user_ref) -> boolean expression` for a fact about a user that a rule asks on
    every page, such as "projects.coordinator" (named coordinator of some project). `user_ref` is
    an OuterRef to the user's id; the fact is loaded in the same query as the user's memberships,
    so the menu's rules cost no query of their own (issue 16)."""

    def decorate(func):
        _facts[name] = func
        return func

    return decorate


def load_rule_modules() -> None:
    """Import every installed app's rules.py (AccountsConfig.ready; again is a no-op)."""
    global _loaded
    if _loaded:
        return
    autodiscover_modules("rules")
    _loaded = True


def can(user, action: str, obj=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    load_rule_modules()
    func = _rules.get(action)
    if func is None:
        return False
    return bool(func(user, obj))


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def visible(user, queryset: QuerySet) -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    load_rule_modules()
    func = _scopes.get(queryset.model._meta.label)
    if func is None:
        return queryset.none()
    return func(user, queryset)


def scope_sql(user, model, alias: str) -> tuple[str, dict] | None:
    """visible()'s scope of `model` as a condition on the table aliased `alias`, for the few
    selectors written as SQL (issue 16): (condition, named params), or None when the user sees
    none of it. The scope's registered SQL twin (`sql_scope`) if it has one; else "true" when the
    scope leaves the table whole (nothing to compile), else `alias.id IN (the scoped ids)`, so a
    hand-written query is scoped exactly as visible() does."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    load_rule_modules()
    twin = _sql_scopes.get(model._meta.label)
    if twin is not None:
        return twin(user, alias)
    scoped = visible(user, model.objects.all())
    if scoped.query.is_empty():
        return None
    if not scoped.query.where:
        return "true", {}
    try:
        sql, params = scoped.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a scope over an empty set (`office_id__in=set()`): nothing to see
        return None
    names = {f"scope_{i}": value for i, value in enumerate(params)}
    placeholders = tuple(f"%({name})s" for name in names)
    # Django's SQL has %s placeholders and %% for a literal %: named ones here, %% kept.
    return f"{alias}.{model._meta.pk.column} IN ({sql.replace('%%', '%%%%') % placeholders})", names


# --- Facts about a user that rules build on (cached on the user object per request) ----------------


def _fact_column(name: str) -> str:
    return "fact_" + name.replace(".", "_")


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_access_memberships", None)
    if cached is None:
        load_rule_modules()  # the apps' user facts are registered with their rules
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("unit", "unit__county", "unit__parent")
            .annotate(**{_fact_column(n): f(OuterRef("user_id")) for n, f in _facts.items()})
        )
        user._access_memberships = cached
        # Every membership row carries the same facts; a user without one (an admin) asks alone.
        if cached:
            user._access_facts = {n: getattr(cached[0], _fact_column(n)) for n in _facts}
        else:
            user._access_facts = None
    return cached


def fact(user, name: str) -> bool:
    """A registered fact about the user (see user_fact); loaded with the memberships."""
    if not user.is_authenticated:
        return False
    memberships_of(user)
    facts = getattr(user, "_access_facts", None)
    if facts is None:
        facts = (
            type(user)
            .objects.filter(pk=user.pk)
            .values(**{_fact_column(n): f(OuterRef("pk")) for n, f in _facts.items()})
            .first()
        ) or {}
        facts = {n: facts.get(_fact_column(n), False) for n in _facts}
        user._access_facts = facts
    if name not in facts:
        raise KeyError(f"no user fact {name!r} registered")
    return bool(facts[name])


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles)) or (user.is_authenticated and user.is_superuser)


def unit_ids(user, *roles: str) -> set[int]:
    """Units where the user holds any of `roles` (any role when none is given)."""
    return {m.unit_id for m in memberships_of(user) if not roles or m.role in roles}


def office_ids(user, *roles: str) -> set[int]:
    """NAV-kontor units where the user holds any of `roles` (default: veileder)."""
    wanted = roles or (Role.VEILEDER,)
    return {
        m.unit_id for m in memberships_of(user) if m.role in wanted and m.unit.kind == NavUnit.Kind.OFFICE
    }


def county_ids(user, *roles: str) -> set[int]:
    """Counties (regions) of the units where the user holds any of `roles`."""
    return {m.unit.county_id for m in memberships_of(user) if not roles or m.role in roles}


def primary_membership(user) -> Membership | None:
    memberships = memberships_of(user)
    return memberships[0] if memberships else None


def home_county(user):
    """The county of the user's first unit: preselected in filters and forms (a default the user
    can clear). None for a user without a unit."""
    membership = primary_membership(user)
    return membership.unit.county if membership else None


def home_office(user):
    """The user's first NAV office (kind office), for office fields in forms; None if none."""
    return next((m.unit for m in memberships_of(user) if m.unit.kind == NavUnit.Kind.OFFICE), None)


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff
