"""Acceptance: viewing a candidate as a counsellor writes one access-log row; nobody can change
or delete the log through the application (model, admin, database)."""

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from candidates.models import AccessLogEntry
from candidates.services import access_log_record

pytestmark = pytest.mark.django_db


def test_viewing_a_candidate_writes_exactly_one_row(client_for, veileder, own_candidate):
    before = AccessLogEntry.objects.count()
    response = client_for(veileder).get(reverse("candidates:detail", kwargs={"pk": own_candidate.pk}))
    assert response.status_code == 200
    rows = list(AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before])
    assert len(rows) == 1
    assert (rows[0].user, rows[0].candidate, rows[0].page) == (veileder, own_candidate, "detail")


def test_search_results_and_export_log_each_candidate_shown(client_for, veileder, office, own_candidate):
    from tests.candidates.factories import make_candidate

    second = make_candidate(office=office, by=veileder)
    client = client_for(veileder)
    client.post(reverse("candidates:list"), {"q": own_candidate.fodselsnummer}, follow=True)
    assert list(AccessLogEntry.objects.values_list("candidate_id", "page")) == [(own_candidate.pk, "search")]
    client.get(reverse("candidates:export"))
    exported = set(AccessLogEntry.objects.filter(page="export").values_list("candidate_id", flat=True))
    assert exported == {own_candidate.pk, second.pk}


def test_denied_view_writes_no_row(client_for, other_veileder, own_candidate):
    response = client_for(other_veileder).get(reverse("candidates:detail", kwargs={"pk": own_candidate.pk}))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_counsellor_sees_who_viewed_their_candidate(client_for, veileder, office, own_candidate):
    from tests.factories import user_with_role

    colleague = user_with_role(
        "veileder", office, username="kollega", first_name="Kollega", last_name="Nysgjerrig"
    )
    client_for(colleague).get(reverse("candidates:detail", kwargs={"pk": own_candidate.pk}))
    content = (
        client_for(veileder)
        .get(reverse("candidates:detail", kwargs={"pk": own_candidate.pk}))
        .content.decode()
    )
    assert "Kollega Nysgjerrig" in content


def test_leader_sees_log_by_code_without_identity(client_for, leder, veileder, own_candidate):
    access_log_record(user=veileder, candidates=[own_candidate], page="detail")
    content = client_for(leder).get(reverse("candidates:access_log")).content.decode()
    assert own_candidate.profile.code in content
    assert veileder.display_name in content
    assert own_candidate.last_name not in content


def test_model_refuses_update_and_delete(veileder, own_candidate):
    access_log_record(user=veileder, candidates=[own_candidate], page="detail")
    entry = AccessLogEntry.objects.get()
    entry.page = "edit"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_database_refuses_update_and_delete_around_the_orm(veileder, own_candidate):
    access_log_record(user=veileder, candidates=[own_candidate], page="detail")
    for sql in (
        "UPDATE candidates_accesslogentry SET page = 'edit'",
        "DELETE FROM candidates_accesslogentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().update(page="edit")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().page == "detail"


def test_admin_is_read_only(admin_user, veileder, own_candidate, client_for):
    access_log_record(user=veileder, candidates=[own_candidate], page="detail")
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[AccessLogEntry]
    entry = AccessLogEntry.objects.get()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    client = client_for(admin_user)
    assert client.get(reverse("admin:candidates_accesslogentry_changelist")).status_code == 200
    change_url = reverse("admin:candidates_accesslogentry_change", args=[entry.pk])
    client.post(change_url, {"page": "edit"})
    delete_url = reverse("admin:candidates_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.get().page == "detail"
