import pytest
from django.urls import reverse

from core.models import Notification
from core.services import notification_create, notifications_mark_read

pytestmark = pytest.mark.django_db


def test_bell_shows_unread_count_and_page_lists_own_notifications(client_for, veileder, other_veileder):
    notification_create(user=veileder, title="Nytt behov: lagermedarbeider", url="/")
    notification_create(user=veileder, title="Påminnelse: oppfølging")
    notification_create(user=other_veileder, title="Hemmelig for andre")
    client = client_for(veileder)
    home = client.get(reverse("core:home")).content.decode()
    assert "Varsler, 2 uleste" in home
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Nytt behov: lagermedarbeider" in page
    assert "Hemmelig for andre" not in page


def test_mark_all_read(client_for, veileder):
    notification_create(user=veileder, title="A")
    client = client_for(veileder)
    response = client.post(reverse("core:notifications_mark_read"), follow=True)
    assert "Varslene er merket som lest" in response.content.decode()
    assert not Notification.objects.filter(user=veileder, read_at__isnull=True).exists()


def test_mark_read_touches_only_own(veileder, other_veileder):
    theirs = notification_create(user=other_veileder, title="B")
    assert notifications_mark_read(user=veileder, ids=[theirs.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_dedupe_key_gives_one_notification_per_user(veileder):
    first = notification_create(user=veileder, title="Behov åpnet", dedupe_key="need-opened:1")
    second = notification_create(user=veileder, title="Behov åpnet", dedupe_key="need-opened:1")
    assert first.pk == second.pk


def test_notification_list_query_count_is_fixed(client_for, veileder, query_count):
    for i in range(3):
        notification_create(user=veileder, title=f"V{i}")

    def grow():
        for i in range(20):
            notification_create(user=veileder, title=f"W{i}")

    query_count.pinned(
        client_for(veileder), reverse("core:notifications"), grow=grow, expected=6
    )  # 9 before issue 16's session change (-3), menu rule +1 (issue 15) and -1 (issue 16)


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client_for, veileder):
    notice = notification_create(user=veileder, title="Nytt behov", url="/behov/")
    other = notification_create(user=veileder, title="Annet")
    c = client_for(veileder)
    assert f'href="/varsler/{notice.pk}/"' in c.get(reverse("core:notifications")).content.decode()
    response = c.get(reverse("core:notification_open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/behov/"
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None
    assert other.read_at is None


def test_cannot_open_someone_elses_notification(client_for, veileder, radgiver):
    notice = notification_create(user=radgiver, title="Privat", url="/")
    assert client_for(veileder).get(reverse("core:notification_open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notification_never_redirects_off_site(client_for, veileder):
    notice = notification_create(user=veileder, title="Ute", url="https://evil.example/")
    response = client_for(veileder).get(reverse("core:notification_open", args=[notice.pk]))
    assert response["Location"] == reverse("core:notifications")
