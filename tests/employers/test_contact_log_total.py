"""The contact log's total, kept exact by the database (employers.ContactLogTotal, migration 0004,
issue 16): every insert, delete and truncate moves it, and the unfiltered log shows it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import ContactLogEntry, ContactLogTotal
from employers.selectors import contact_log_count
from employers.services import contact_log_create

from .factories import ContactLogEntryFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def _kept() -> int:
    return ContactLogTotal.objects.get(pk=1).entries


@pytest.fixture
def total():
    # A flushed test database (TRUNCATE) may have lost the row the migration wrote.
    ContactLogTotal.objects.update_or_create(pk=1, defaults={"entries": ContactLogEntry.objects.count()})


def test_the_total_follows_every_write(total, radgiver):
    before = ContactLogEntry.objects.count()
    employer, other = EmployerFactory(), EmployerFactory()
    contact_log_create(
        employer=employer, by=radgiver, occurred_at=timezone.now(), channel="telefon", purpose="x"
    )
    ContactLogEntry.objects.bulk_create(
        [
            ContactLogEntry(
                employer=other, user=radgiver, occurred_at=timezone.now(), channel="epost", purpose=str(i)
            )
            for i in range(3)
        ]
    )
    assert _kept() == before + 4 == ContactLogEntry.objects.count()
    ContactLogEntry.objects.filter(employer=other, purpose="0").delete()
    assert _kept() == before + 3
    other.delete()  # its entries go with it (cascade)
    assert _kept() == before + 1 == ContactLogEntry.objects.count()


def test_the_unfiltered_log_shows_the_kept_total_and_a_filter_counts(total, radgiver, client_for):
    for _ in range(3):
        ContactLogEntryFactory(user=radgiver, channel="telefon")
    ContactLogEntryFactory(user=radgiver, channel="besok")
    n = ContactLogEntry.objects.count()
    client = client_for(radgiver)
    client.get(reverse("employers:contact_log"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("employers:contact_log")).content.decode()
    assert f"{n} kontakter" in html
    assert not any('COUNT(*) AS "__count" FROM "employers_contactlogentry"' in q["sql"] for q in queries)
    html = client.get(reverse("employers:contact_log") + "?channel=besok").content.decode()
    assert "1 kontakt<" in html


def test_without_the_row_the_log_is_counted(radgiver):
    ContactLogEntryFactory(user=radgiver)
    ContactLogTotal.objects.all().delete()
    assert contact_log_count(ContactLogEntry.objects.all()) == ContactLogEntry.objects.count() >= 1


def test_a_truncate_starts_the_total_again(total, radgiver):
    # First in the transaction: a TRUNCATE refuses a table with pending (deferred FK) trigger events.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE employers_contactlogentry")
    assert _kept() == 0 == ContactLogEntry.objects.count()
    ContactLogEntryFactory(user=radgiver)
    assert _kept() == 1
