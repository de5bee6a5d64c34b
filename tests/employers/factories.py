"""Factories for the employer register."""

import itertools

import factory

from core.models import Municipality
from core.validators import orgnr_generate
from employers.models import ContactLogEntry, Employer, Need

_counter = itertools.count(10_000_000)


def valid_orgnr(seed: int | None = None) -> str:
    """The next organisation number (9xxxxxxxk) with a valid check digit. Starts two apart never
    meet: the generator moves on at most one number, from an even start."""
    n = next(_counter) if seed is None else seed
    return orgnr_generate(start=90_000_000 + (2 * n) % 10_000_000)


def municipality(code: str = "3403") -> Municipality:
    return Municipality.objects.get(code=code)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    orgnr = factory.LazyFunction(valid_orgnr)
    name = factory.Sequence(lambda n: f"Testbedrift {n} AS")
    municipality = factory.LazyFunction(municipality)
    county = factory.LazyAttribute(lambda o: o.municipality.county)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Lagermedarbeider {n}")
    tasks = "Plukke varer"
    offer_types = factory.LazyFunction(lambda: ["arbeidstrening"])
    municipality = factory.LazyAttribute(lambda o: o.employer.municipality)
    county = factory.LazyAttribute(lambda o: o.municipality.county)


class ContactLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLogEntry

    employer = factory.SubFactory(EmployerFactory)
    occurred_at = factory.LazyFunction(lambda: __import__("django.utils.timezone").utils.timezone.now())
    channel = ContactLogEntry.Channel.PHONE
    purpose = "Oppfølging"
