"""Issue 10, item 2: registering a fødselsnummer held by another office is logged on that
candidate, told to its counsellor, and offers a transfer request; nothing about the person is
shown to the asking office before the owning counsellor accepts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import AccessLogEntry, Candidate, TransferRequest
from core.models import Notification
from tests.candidates.factories import identity_strings

pytestmark = pytest.mark.django_db


def _register(client, office, fnr):
    return client.post(
        reverse("candidates:create"),
        {
            "first_name": "Ny",
            "last_name": "Person",
            "fodselsnummer": fnr,
            "office": office.pk,
            "innsatsgruppe": "standard",
            "benefit": "ingen",
            "follow_up_started_on": timezone.localdate().isoformat(),
        },
    )


def test_registering_another_offices_candidate_is_logged_notified_and_offers_transfer(
    client_for, own_candidate, other_veileder, other_office, veileder
):
    response = _register(client_for(other_veileder), other_office, own_candidate.fodselsnummer)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Be om overføring" in html
    for text in [*identity_strings(own_candidate)[:2], own_candidate.profile.code]:
        assert text not in html
    entry = AccessLogEntry.objects.get(candidate=own_candidate, page=AccessLogEntry.Page.ATTEMPT)
    assert entry.user == other_veileder and entry.office == other_office
    assert Notification.objects.filter(user=veileder, title__contains=other_office.name).exists()
    assert Candidate.objects.count() == 1


def test_transfer_request_accept_moves_the_candidate(
    client_for, client, own_candidate, other_veileder, other_office, veileder
):
    asker = client_for(other_veileder)
    asker.post(
        reverse("candidates:transfer_request"),
        {"fodselsnummer": own_candidate.fodselsnummer, "office": other_office.pk},
    )
    transfer = TransferRequest.objects.get()
    assert transfer.status == TransferRequest.Status.PENDING
    page = asker.get(reverse("candidates:transfers")).content.decode()
    for text in [*identity_strings(own_candidate)[:2], own_candidate.profile.code]:
        assert text not in page
    assert asker.get(reverse("candidates:detail", args=[own_candidate.pk])).status_code == 404
    # Only the owning office may answer.
    assert asker.post(reverse("candidates:transfer_decide", args=[transfer.pk, "godta"])).status_code == 404

    client.logout()
    owner = client_for(veileder)
    assert own_candidate.profile.code in owner.get(reverse("candidates:transfers")).content.decode()
    owner.post(reverse("candidates:transfer_decide", args=[transfer.pk, "godta"]))
    own_candidate.refresh_from_db()
    assert own_candidate.office == other_office and own_candidate.counsellor == other_veileder
    assert (
        AccessLogEntry.objects.filter(candidate=own_candidate, page=AccessLogEntry.Page.TRANSFER).count() == 2
    )
    client.logout()
    assert (
        client_for(other_veileder).get(reverse("candidates:detail", args=[own_candidate.pk])).status_code
        == 200
    )


def test_declined_transfer_leaves_the_candidate(own_candidate, other_veileder, other_office, veileder):
    from candidates import services

    transfer = services.transfer_request_create(
        by=other_veileder, office=other_office, fodselsnummer=own_candidate.fodselsnummer
    )
    services.transfer_decline(transfer=transfer, by=veileder)
    own_candidate.refresh_from_db()
    assert own_candidate.office_id != other_office.pk
    assert TransferRequest.objects.get().status == TransferRequest.Status.DECLINED
    assert Notification.objects.filter(user=other_veileder, title__contains="avslått").exists()


def test_unknown_number_gives_the_same_answer(client_for, other_veileder, other_office):
    response = client_for(other_veileder).post(
        reverse("candidates:transfer_request"), {"fodselsnummer": "01010112345", "office": other_office.pk}
    )
    assert response.status_code == 302
    assert not TransferRequest.objects.exists()
