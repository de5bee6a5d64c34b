"""Candidate exports go through core.exports: safe against formula injection, never cached."""

import pytest
from django.urls import reverse

from candidates.models import Candidate

pytestmark = pytest.mark.django_db


def test_identity_export_neutralises_formulas_and_is_not_cached(client_for, veileder, own_candidate):
    Candidate.objects.filter(pk=own_candidate.pk).update(first_name='=HYPERLINK("http://x","klikk")')
    response = client_for(veileder).get(reverse("candidates:export"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"] == 'attachment; filename="kandidater.csv"'
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Kode;Fornavn;Etternavn")
    assert "'=HYPERLINK" in text
    assert ";=HYPERLINK" not in text


def test_profile_export_is_a_semicolon_csv_with_the_whitelisted_columns(client_for, radgiver, own_candidate):
    response = client_for(radgiver).get(reverse("candidates:profile_export"))
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == "Kode;Alder;Fylke;Kommune;Jobbønsker;Utdanning;Tilgjengelig fra;Omfang;Tilrettelegging"
