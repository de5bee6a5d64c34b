"""Factories for the foundation's models; each app adds its own in tests/<app>/factories.py."""

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Membership, NavUnit, Role, User
from core.models import County, Municipality

PASSWORD = "riktig-passord-123"


def county(code: str = "34") -> County:
    return County.objects.get(code=code)


class NavUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NavUnit
        django_get_or_create = ("unit_number",)
        skip_postgeneration_save = True

    unit_number = factory.Sequence(lambda n: f"{8000 + n}")
    name = factory.Sequence(lambda n: f"NAV Testkontor {n}")
    kind = NavUnit.Kind.OFFICE
    county = factory.LazyFunction(lambda: county("34"))
    parent = factory.LazyAttribute(
        lambda o: (
            None
            if o.kind == NavUnit.Kind.COUNTY
            else NavUnit.objects.get_or_create(
                unit_number=f"{o.county.code}00",
                defaults={"name": f"NAV {o.county.name}", "kind": NavUnit.Kind.COUNTY, "county": o.county},
            )[0]
        )
    )

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(Municipality.objects.filter(code__in=extracted))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda o: f"{o.username}@nav-inkludering.local")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(NavUnitFactory)
    role = Role.VEILEDER


def user_with_role(role: str, unit: NavUnit | None = None, **user_kwargs) -> User:
    membership = MembershipFactory(role=role, unit=unit or NavUnitFactory(), user=UserFactory(**user_kwargs))
    return membership.user
