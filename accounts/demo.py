"""Demo NAV units and staff for the regions of the report's projects.

Unit numbers are made up (NAV's NORG2 register has no public export, see core/data/SOURCES.md):
county code + "00" for the county, + two digits for offices, 90–92 for the county-wide units.
"""

import os

from django.contrib.auth.hashers import make_password

from core.demo import DemoContext, seeder
from core.models import County, Municipality

from .models import Membership, NavUnit, Role, User

# county code: [(office suffix, office name, [municipality codes])]
OFFICES = {
    "34": [  # Innlandet – Hedmarken (Ta sjansen)
        ("01", "NAV Hamar", ["3403"]),
        ("02", "NAV Ringsaker", ["3411"]),
        ("03", "NAV Stange", ["3413"]),
        ("04", "NAV Løten", ["3412"]),
    ],
    "46": [  # Vestland (JobbLoop, Mangfoldig rekruttering)
        ("01", "NAV Bergen nord", ["4601"]),
        ("02", "NAV Sogndal", ["4640"]),
        ("03", "NAV Sunnfjord", ["4647"]),
    ],
    "33": [  # Buskerud (Springbrett, Vestre Viken)
        ("01", "NAV Drammen", ["3301"]),
        ("02", "NAV Kongsberg", ["3303"]),
        ("03", "NAV Ringerike", ["3305"]),
    ],
    "18": [  # Nordland (Minijobbmesse)
        ("01", "NAV Bodø", ["1804"]),
        ("02", "NAV Rana", ["1833"]),
    ],
    "32": [  # Akershus – Follo (Elektronisk tavleteam)
        ("01", "NAV Nordre Follo", ["3207"]),
        ("02", "NAV Ås", ["3218"]),
        ("03", "NAV Frogn", ["3214"]),
        ("04", "NAV Vestby", ["3216"]),
        ("05", "NAV Nesodden", ["3212"]),
        ("06", "NAV Enebakk", ["3220"]),
    ],
    "55": [("01", "NAV Tromsø", ["5501"])],  # Troms (Best i lag, Utvei/Jobbkondis)
    "39": [("01", "NAV Tønsberg", ["3905"])],  # Vestfold (Forsterket jobbverksted)
    "50": [("01", "NAV Trondheim", ["5001"])],  # Trøndelag (Gi ungdommen sjansen)
}
COUNTY_UNITS = [
    ("90", NavUnit.Kind.ASSISTIVE_TECHNOLOGY, "NAV Hjelpemiddelsentral {county}"),
    ("91", NavUnit.Kind.WORKLIFE_CENTRE, "NAV Arbeidslivssenter {county}"),
    ("92", NavUnit.Kind.MARKET, "NAV Marked og virkemidler {county}"),
]

# username, first name, last name, role, unit number
DEMO_USERS = [
    ("veileder", "Kari", "Veileder", Role.VEILEDER, "3401"),
    ("radgiver", "Rune", "Rådgiver", Role.IA_RADGIVER, "3491"),
    ("markedskoordinator", "Mari", "Markedskoordinator", Role.MARKEDSKOORDINATOR, "3492"),
    ("koordinator", "Kjell", "Koordinator", Role.PROSJEKTKOORDINATOR, "3401"),
    ("leder", "Liv", "Leder", Role.LEDER, "3401"),
]
STAFF_PER_OFFICE = {"small": 2, "large": 40}
ADVISERS_PER_CENTRE = {"small": 2, "large": 12}


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "navdemo")


def county_short_name(county: County) -> str:
    return county.name.split(" - ")[0]


def _units() -> dict[str, NavUnit]:
    units: dict[str, NavUnit] = {}
    for code, offices in OFFICES.items():
        county = County.objects.get(code=code)
        root, _ = NavUnit.objects.update_or_create(
            unit_number=f"{code}00",
            defaults={
                "name": f"NAV {county_short_name(county)}",
                "kind": NavUnit.Kind.COUNTY,
                "county": county,
            },
        )
        units[root.unit_number] = root
        for suffix, kind, pattern in COUNTY_UNITS:
            unit, _ = NavUnit.objects.update_or_create(
                unit_number=f"{code}{suffix}",
                defaults={
                    "name": pattern.format(county=county_short_name(county)),
                    "kind": kind,
                    "parent": root,
                    "county": county,
                },
            )
            units[unit.unit_number] = unit
        for suffix, name, municipality_codes in offices:
            office, _ = NavUnit.objects.update_or_create(
                unit_number=f"{code}{suffix}",
                defaults={"name": name, "kind": NavUnit.Kind.OFFICE, "parent": root, "county": county},
            )
            office.municipalities.set(Municipality.objects.filter(code__in=municipality_codes))
            units[office.unit_number] = office
    return units


def _named_users(units: dict[str, NavUnit], password_hash: str) -> None:
    for username, first, last, role, unit_number in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@nav-inkludering.local",
                "phone": "55 55 33 33",
                "password": password_hash,
                "is_active": True,
            },
        )
        Membership.objects.get_or_create(user=user, unit=units[unit_number], role=role)
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "Ada",
            "last_name": "Administrator",
            "email": "admin@nav-inkludering.local",
            "password": password_hash,
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    # The project coordinator also follows the market work of the county (Ta sjansen's e-mail).
    koordinator = User.objects.get(username="koordinator")
    Membership.objects.get_or_create(user=koordinator, unit=units["3492"], role=Role.PROSJEKTKOORDINATOR)
    del admin


def _staff(ctx: DemoContext, units: dict[str, NavUnit], password_hash: str) -> None:
    """Colleagues at every unit, so lists and region scoping have realistic numbers."""
    plan = []
    for unit in units.values():
        if unit.kind == NavUnit.Kind.OFFICE:
            plan += [(unit, Role.VEILEDER, i) for i in range(STAFF_PER_OFFICE[ctx.scale])]
            plan.append((unit, Role.LEDER, 0))
        elif unit.kind == NavUnit.Kind.WORKLIFE_CENTRE:
            plan += [(unit, Role.IA_RADGIVER, i) for i in range(ADVISERS_PER_CENTRE[ctx.scale])]
        elif unit.kind == NavUnit.Kind.MARKET:
            plan.append((unit, Role.MARKEDSKOORDINATOR, 0))
    users = []
    for unit, role, i in ctx.progress(plan, total=len(plan), desc="NAV-ansatte"):
        first, last = ctx.faker.first_name(), ctx.faker.last_name()
        username = f"{role[:3]}{unit.unit_number}-{i:02d}"
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@nav-inkludering.local",
                password=password_hash,
            )
        )
    User.objects.bulk_create(users, ignore_conflicts=True, batch_size=1000)
    by_username = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    memberships = [
        Membership(user_id=by_username[f"{role[:3]}{unit.unit_number}-{i:02d}"], unit=unit, role=role)
        for unit, role, i in plan
    ]
    Membership.objects.bulk_create(memberships, ignore_conflicts=True, batch_size=1000)


@seeder(name="NAV-enheter og ansatte", order=10)
def seed_accounts(ctx: DemoContext) -> None:
    password_hash = make_password(demo_password())
    units = _units()
    _named_users(units, password_hash)
    _staff(ctx, units, password_hash)
    ctx.say(f"  {NavUnit.objects.count()} enheter, {User.objects.count()} brukere")
