"""Menu entry for the board (tavle)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav

register_nav(
    NavItem(
        key="matching-board",
        label=_("Tavle"),
        url_name="matching:board",
        description=_(
            "Kandidater som trenger en arbeidsgiver: prøvd på eget kontor, så på Arbeidslivssenterets tavle."
        ),
        order=45,
        rule="matching.board_view",
    ),
)
