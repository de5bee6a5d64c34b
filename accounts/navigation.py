"""Menu entries and home sections of the foundation (registered by core's autodiscovery)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.navigation import HomeSection, NavItem, register_home, register_nav

from . import access
from .models import Membership, Role


def _my_units(request):
    return {"memberships": access.memberships_of(request.user)}


def _led_units(request):
    led = access.unit_ids(request.user, Role.LEDER)
    if not led:
        return None
    staff = (
        Membership.objects.filter(unit_id__in=led)
        .values("unit__name", "role")
        .annotate(count=Count("user", distinct=True))
        .order_by("unit__name", "role")
    )
    labels = dict(Role.choices)
    rows = [
        {"unit": r["unit__name"], "role": labels.get(r["role"], r["role"]), "count": r["count"]}
        for r in staff
    ]
    return {"rows": rows}


def _admin_status(request):
    from core.health import check_worker
    from core.selectors import outbox_status_counts

    return {"outbox": outbox_status_counts(), "worker": check_worker()}


register_nav(
    NavItem(key="home", label=_("Forside"), url_name="core:home", order=0),
    NavItem(
        key="admin",
        label=_("Administrasjon"),
        url_name="admin:index",
        description=_("Brukere, enheter, utgående e-post og referansedata."),
        staff_only=True,
        order=900,
        rule="core.view_admin",
    ),
)

register_home(
    HomeSection(key="my-units", template="core/home/my_units.html", context=_my_units, order=10),
    HomeSection(
        key="led-units",
        template="core/home/led_units.html",
        context=_led_units,
        roles=frozenset({Role.LEDER}),
        order=20,
    ),
    HomeSection(
        key="admin-status",
        template="core/home/admin_status.html",
        context=_admin_status,
        staff_only=True,
        order=90,
    ),
)
