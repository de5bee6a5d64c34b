"""Issue 10, item 1: no admin page answers questions about a person's identity fields.

The probe rebuilt a fødselsnummer from `?fodselsnummer__startswith=1` ("1 kandidat"/"0 kandidater").
These tests try every lookup form, ordering column and search on every registered model.
"""

import pytest
from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP
from django.test import RequestFactory
from django.urls import reverse

from candidates.models import AccessLogEntry
from core.admin_guard import identity_fields, touches_identity
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db

LOOKUPS = ["", "__exact", "__iexact", "__startswith", "__istartswith", "__contains", "__icontains"]
LOOKUPS += ["__regex", "__iregex", "__in", "__gt", "__lt", "__range", "__isnull", "__endswith"]


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _identity_paths(model):
    """The model's own identity fields, and those one relation away (`candidate__fodselsnummer`)."""
    paths = sorted(identity_fields(model))
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None and field.concrete:
            paths += [f"{field.name}__{name}" for name in sorted(identity_fields(field.related_model))]
    return paths


def _registered_with_identity():
    return [(model, path) for model in admin.site._registry for path in _identity_paths(model)]


def test_there_are_identity_fields_to_guard():
    from accounts.models import User
    from candidates.models import Candidate

    assert {"fodselsnummer", "first_name", "last_name", "phone", "email", "innsatsgruppe", "benefit"} <= (
        identity_fields(Candidate)
    )
    assert {"first_name", "email", "phone"} <= identity_fields(User)
    assert touches_identity(AccessLogEntry, "candidate__fodselsnummer__startswith")


@pytest.fixture
def admin_client(client, admin_user, office, veileder):
    make_candidate(office=office, by=veileder)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_lookup_on_every_identity_field_is_refused(admin_client):
    tried = 0
    for model, path in _registered_with_identity():
        url = _changelist(model)
        # Every lookup form on the model's own fields; the usual two one relation away.
        for lookup in LOOKUPS if LOOKUP_SEP not in path else ["", "__startswith"]:
            response = admin_client.get(url, {f"{path}{lookup}": "1"})
            assert response.status_code == 400, f"{model.__name__} ?{path}{lookup}= answered"
            tried += 1
    assert tried > 100, tried


def test_no_ordering_column_sorts_by_identity(admin_user):
    factory = RequestFactory()
    for model, model_admin in admin.site._registry.items():
        for index in range(len(model_admin.get_list_display(factory.get("/")))):
            for sign in ("", "-"):
                request = factory.get(_changelist(model), {"o": f"{sign}{index}"})
                request.user = admin_user
                changelist = model_admin.get_changelist_instance(request)
                order_by = changelist.get_queryset(request).query.order_by
                leaks = [t for t in order_by if isinstance(t, str) and touches_identity(model, t)]
                assert not leaks, f"{model.__name__} ?o={sign}{index} sorts by {leaks}"


def test_no_admin_searches_identity(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        fields = model_admin.get_search_fields(request)
        assert not [f for f in fields if touches_identity(model, f)], model.__name__
        filters = [f for f in model_admin.get_list_filter(request) if isinstance(f, str)]
        assert not [f for f in filters if touches_identity(model, f)], model.__name__


def test_searching_candidates_by_fodselsnummer_answers_nothing(admin_client, office, veileder):
    from candidates.models import Candidate

    candidate = Candidate.objects.get()
    url = _changelist(Candidate)
    hit = admin_client.get(url, {"q": candidate.fodselsnummer})
    miss = admin_client.get(url, {"q": "01010112345"})
    assert hit.context["cl"].result_count == 0
    assert miss.context["cl"].result_count == 0


def test_candidate_admin_page_writes_an_access_log_row(admin_client, admin_user):
    from candidates.models import Candidate

    candidate = Candidate.objects.get()
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(
        user=admin_user, candidate=candidate, page=AccessLogEntry.Page.ADMIN
    ).exists()
