"""Menu entry and the home-page section «Mine oppfølginger»."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.navigation import HomeSection, NavItem, register_home, register_nav

from . import selectors


def _home(request):
    data = selectors.my_follow_ups(user=request.user, today=timezone.localdate(), limit=5)
    return {key: data[key] for key in ("overdue", "this_week", "overdue_count", "week_count")}


register_nav(
    NavItem(
        key="placements",
        label=_("Mine oppfølginger"),
        url_name="placements:mine",
        description=_("Tiltak du følger opp: forfalte oppfølginger og det som forfaller denne uken."),
        order=45,
        rule="placements.mine",
    ),
)

register_home(
    HomeSection(
        key="my-follow-ups",
        template="placements/home/mine.html",
        context=_home,
        rule="placements.mine",
        order=5,
    ),
)
