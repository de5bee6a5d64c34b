"""Menu entry for the dashboards (the leaders' candidate statistics moved here)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import NavItem, register_nav

register_nav(
    NavItem(
        key="dashboards",
        label=_("Resultater"),
        url_name="dashboards:overview",
        description=_(
            "Tall for prosjekter, kontorer og fylker: fra påmelding til arbeid, fordelt på alder, "
            "innsatsgruppe, sektor og arbeidsgiver. Små tall er skjult."
        ),
        roles=frozenset({Role.LEDER, Role.PROSJEKTKOORDINATOR}),
        order=60,
        rule="dashboards.view",
    ),
)
