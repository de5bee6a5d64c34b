"""Factories for the employer register."""

import itertools

import factory

from core.models import Municipality
from core.validators import ORGNR_WEIGHTS
from employers.models import ContactLogEntry, Employer, Need

_counter = itertools.count(10_000_000)


def valid_orgnr(seed: int | None = None) -> str:
    """The next organisation number (9xxxxxxxk) with a valid check digit."""
    while True:
        base = str(90_000_000 + (next(_counter) if seed is None else seed) % 10_000_000).zfill(8)
        remainder = sum(int(d) * w for d, w in zip(base, ORGNR_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return base + str(0 if remainder == 0 else 11 - remainder)
        seed = None


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
