"""Menu items and home-page sections, contributed by each app's own navigation.py.

An app registers what it offers and which roles may see it; core renders it. This keeps the
import direction (core never imports a higher app) and lets each app own its entry points.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    description: str = ""
    # Membership roles that see the item; empty means every logged-in NAV user.
    roles: frozenset[str] = field(default_factory=frozenset)
    staff_only: bool = False
    order: int = 100
    # The access rule of the page the item opens ("candidates.list"): the item is hidden from
    # anyone the rule refuses, so the menu never offers a page that answers 403.
    rule: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomeSection:
    """A block on the home page. `context` returns the template context or None to hide it."""

    key: str
    template: str
    context: Callable[[object], dict | None]
    roles: frozenset[str] = field(default_factory=frozenset)
    staff_only: bool = False
    order: int = 100
    rule: str = ""


_nav_items: dict[str, NavItem] = {}
_home_sections: dict[str, HomeSection] = {}


def register_nav(*items: NavItem) -> None:
    for item in items:
        _nav_items[item.key] = item


def register_home(*sections: HomeSection) -> None:
    for section in sections:
        _home_sections[section.key] = section


def _visible(entry, user, roles: set[str]) -> bool:
    """Shown when the roles it is meant for include the user's, and the rule of the page it opens
    lets the user in: a menu never offers a page that answers 403."""
    if entry.rule:
        from accounts.access import can

        if not can(user, entry.rule):
            return False
    if entry.staff_only:
        return user.is_staff
    # A superuser sees role-less entries of every role, but never past a rule that refuses them.
    return not entry.roles or bool(entry.roles & roles) or (user.is_superuser and not entry.rule)


def nav_items_for(user) -> list[NavItem]:
    from accounts.access import roles_of

    roles = roles_of(user)
    return sorted((i for i in _nav_items.values() if _visible(i, user, roles)), key=lambda i: i.order)


def home_sections_for(user) -> list[HomeSection]:
    from accounts.access import roles_of

    roles = roles_of(user)
    return sorted((s for s in _home_sections.values() if _visible(s, user, roles)), key=lambda s: s.order)
