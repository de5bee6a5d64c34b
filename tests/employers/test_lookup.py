"""The employer picker list (employers.lookups, issue 16): forms that choose an employer take a
name, an organisation number or the picker's label, and render no option per employer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from employers.lookups import EMPLOYERS
from jobfairs.models import EventEmployer
from tests.employers.factories import EmployerFactory, municipality
from tests.jobfairs.factories import make_event

pytestmark = pytest.mark.django_db


def test_the_picker_finds_employers_by_name_and_organisation_number(client_for, radgiver):
    hamar = EmployerFactory(name="Hamar Lager AS")
    EmployerFactory(name="Bodø Bakeri AS", municipality=municipality("1804"))
    client = client_for(radgiver)
    url = reverse("core:lookup", args=["arbeidsgivere"])
    by_name = client.get(url, {"q": "lager"}).json()["results"]
    assert by_name == [{"value": hamar.orgnr, "label": f"Hamar Lager AS – {hamar.orgnr} · Hamar"}]
    assert client.get(url, {"q": hamar.orgnr}).json()["results"][0]["value"] == hamar.orgnr  # exact first
    # A job fair's form asks for its own county only.
    bodo = client.get(url, {"q": "AS", "fylke": str(hamar.county_id)}).json()["results"]
    assert [r["value"] for r in bodo] == [hamar.orgnr]


def test_a_label_a_number_or_an_id_names_the_employer():
    employer = EmployerFactory(name="Hamar Lager AS")
    assert EMPLOYERS.resolve(EMPLOYERS.label(employer)) == employer
    assert EMPLOYERS.resolve(employer.orgnr) == employer
    # A number that is no organisation number is never taken for an id: a typed partial number
    # must not pick another employer (links carry the organisation number).
    with pytest.raises(ValidationError, match="Fant ingen arbeidsgiver"):
        EMPLOYERS.resolve(str(employer.pk))


def test_the_mentor_page_offers_no_employer_list_and_takes_a_typed_name(client_for, veileder):
    employers = [EmployerFactory(name=f"Bedrift {n} AS") for n in range(30)]
    client = client_for(veileder)
    url = reverse("placements:mentor_group")
    page = client.get(url).content.decode()
    assert "<option" not in page.split('name="arbeidsgiver"')[0].rsplit("<form", 1)[-1]
    assert 'data-picker-source="/valg/arbeidsgivere/"' in page
    chosen = client.get(url, {"arbeidsgiver": "Bedrift 17 AS"}).content.decode()
    assert f"<strong>{employers[17].name}</strong>" in chosen
    unknown = client.get(url, {"arbeidsgiver": "Finnes ikke AS"}).content.decode()
    assert "Fant ingen arbeidsgiver som passer «Finnes ikke AS»." in unknown


def test_a_job_fair_takes_employers_of_its_own_county_only(client_for, markedskoordinator):
    event = make_event(by=markedskoordinator, employers=0, publish=False)
    elsewhere = EmployerFactory(name="Bodø Bakeri AS", municipality=municipality("1804"))
    here = EmployerFactory(name="Hamar Lager AS")
    client = client_for(markedskoordinator)
    url = reverse("jobfairs:employer_add", args=[event.pk])
    page = client.get(url).content.decode()
    assert f'data-picker-source="/valg/arbeidsgivere/?fylke={event.county_id}"' in page
    data = {"unit": "Lager", "tasks": "Plukk", "slot_count": "2"}
    refused = client.post(url, {**data, "employer": elsewhere.orgnr})
    assert refused.status_code == 200
    assert "Fant ingen arbeidsgiver som passer" in refused.content.decode()
    assert client.post(url, {**data, "employer": EMPLOYERS.label(here)}).status_code == 302
    assert EventEmployer.objects.get(event=event).employer == here
