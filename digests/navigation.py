"""Menu entries for the weekly market e-mail."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav

register_nav(
    NavItem(
        key="digest-preview",
        label=_("Ukens markeds-e-post"),
        url_name="digests:preview",
        description=_("Se hva en mottaker får i ukens markeds-e-post."),
        order=60,
        rule="digests.preview",
    ),
    NavItem(
        key="digest-preferences",
        label=_("Markeds-e-post: innstillinger"),
        url_name="digests:preferences",
        description=_("Meld deg av ukens markeds-e-post, eller legg til regioner."),
        order=61,
        rule="digests.preferences",
    ),
)
