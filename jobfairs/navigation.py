"""Menu entry for job fairs."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav

register_nav(
    NavItem(
        key="jobfairs",
        label=_("Jobbmesser"),
        url_name="jobfairs:list",
        description=_(
            "Ta sjansen, JobbLoop, Minijobbmesse: kalender, booking, utskrifter og tilbakemeldinger."
        ),
        order=55,
        rule="jobfairs.view",
    ),
)
