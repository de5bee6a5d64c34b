"""Menu entries and home sections for candidates."""

from django.utils.translation import gettext_lazy as _

from accounts.access import can
from accounts.models import Role
from core.navigation import HomeSection, NavItem, register_home, register_nav

from . import selectors


def _my_candidates(request):
    if not can(request.user, "candidates.list"):
        return None
    return {"counts": selectors.my_candidates_summary(user=request.user)}


register_nav(
    NavItem(
        key="candidates",
        label=_("Kandidater"),
        url_name="candidates:list",
        description=_("Dine og kontorets kandidater: søk, registrer, følg opp og før samtykke."),
        roles=frozenset({Role.VEILEDER}),
        order=30,
        rule="candidates.list",
    ),
    NavItem(
        key="candidate-profiles",
        label=_("Kandidatprofiler"),
        url_name="candidates:profiles",
        description=_(
            "Anonymiserte kandidatprofiler: interesser, jobbønsker, kompetanse og tilgjengelighet."
        ),
        roles=frozenset({Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR, Role.PROSJEKTKOORDINATOR}),
        order=31,
        rule="candidates.view_profiles",
    ),
)

register_home(
    HomeSection(
        key="my-candidates",
        template="candidates/home/my_candidates.html",
        context=_my_candidates,
        roles=frozenset({Role.VEILEDER}),
        order=30,
        rule="candidates.list",
    ),
)
