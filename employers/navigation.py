"""Menu entries and home sections of the employer register."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import HomeSection, NavItem, register_home, register_nav

from . import selectors

HOME_LIST_LENGTH = 5
NAV_ROLES = frozenset(Role.values)


def _no_contact(request):
    employers = selectors.employers_without_contact_first(user=request.user, limit=HOME_LIST_LENGTH + 1)
    return {
        "employers": employers[:HOME_LIST_LENGTH],
        "more": len(employers) > HOME_LIST_LENGTH,
        "days": selectors.NO_CONTACT_DAYS,
    }


def _next_steps(request):
    return {"steps": selectors.my_next_steps(user=request.user), "days": selectors.NEXT_STEPS_AHEAD_DAYS}


def _open_needs(request):
    return {"needs": selectors.open_needs_in_region(user=request.user, limit=HOME_LIST_LENGTH)}


register_nav(
    NavItem(
        key="employers",
        label=_("Arbeidsgivere"),
        url_name="employers:employer_list",
        description=_(
            "Det felles arbeidsgiverregisteret: kontaktpersoner, hovedkontakt i NAV og kontaktlogg."
        ),
        roles=NAV_ROLES,
        order=20,
        rule="employers.view_register",
    ),
    NavItem(
        key="needs",
        label=_("Behov"),
        url_name="employers:need_list",
        description=_("Arbeidsgivernes behov (kravspesifikasjoner) i regionen din."),
        roles=NAV_ROLES,
        order=21,
        rule="employers.view_needs",
    ),
)

register_home(
    HomeSection(
        key="employers-next-steps",
        template="employers/home/next_steps.html",
        context=_next_steps,
        roles=frozenset({Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR}),
        order=29,
        rule="employers.view_register",
    ),
    HomeSection(
        key="employers-no-contact",
        template="employers/home/no_contact.html",
        context=_no_contact,
        roles=frozenset({Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR}),
        order=30,
        rule="employers.view_register",
    ),
    HomeSection(
        key="employers-open-needs",
        template="employers/home/open_needs.html",
        context=_open_needs,
        roles=frozenset({Role.VEILEDER, Role.PROSJEKTKOORDINATOR, Role.LEDER}),
        order=31,
        rule="employers.view_needs",
    ),
)
