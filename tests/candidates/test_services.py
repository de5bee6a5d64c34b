"""Candidate services: registration, facilitation history, follow-up state machine, consent,
pseudonymous codes, statistics suppression, and no fødselsnummer in str/repr/logs."""

import datetime
import logging
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates import selectors, services
from candidates.models import AgeBand, Candidate, FacilitationNeed, FollowUpEvent, FollowUpStatus
from tests.candidates.factories import fnr_for, make_candidate, make_consent

pytestmark = pytest.mark.django_db


def test_create_through_the_form_then_find_by_fnr(client_for, veileder, office):
    client = client_for(veileder)
    fnr = fnr_for(datetime.date(2004, 5, 17))
    response = client.post(
        reverse("candidates:create"),
        {
            "first_name": "Sigrid",
            "last_name": "Fjellheim",
            "fodselsnummer": f"{fnr[:6]} {fnr[6:]}",
            "phone": "912 34 567",
            "email": "sigrid@example.com",
            "office": office.pk,
            "counsellor": veileder.pk,
            "innsatsgruppe": "spesielt_tilpasset",
            "benefit": "aap",
            "follow_up_started_on": "2026-01-05",
        },
    )
    candidate = Candidate.objects.get(fodselsnummer=fnr)
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:profile_edit", kwargs={"pk": candidate.pk})
    assert candidate.birth_date == datetime.date(2004, 5, 17)
    assert re.fullmatch(r"K-[23456789A-HJKMNP-TV-Z]{4}", candidate.profile.code)
    assert candidate.profile.county == office.county
    assert FollowUpEvent.objects.filter(candidate=candidate, to_status="aktiv").exists()
    response = client.post(reverse("candidates:list"), {"q": fnr})
    # The search term travels in the session, never in the URL (history, access logs).
    assert fnr not in response["Location"]
    content = client.get(response["Location"]).content.decode()
    assert "Fjellheim, Sigrid" in content
    assert client.get(reverse("candidates:list") + f"?q={fnr}").content.decode().count("Fjellheim") == 1


def test_invalid_and_duplicate_fnr_are_refused_in_norwegian(client_for, veileder, office, own_candidate):
    client = client_for(veileder)
    base = {
        "first_name": "A",
        "last_name": "B",
        "office": office.pk,
        "innsatsgruppe": "standard",
        "benefit": "ingen",
        "follow_up_started_on": "2026-01-05",
    }
    bad = client.post(reverse("candidates:create"), {**base, "fodselsnummer": "31129956716"}).content.decode()
    assert "kontrollsifrene stemmer ikke" in bad
    assert 'value="A"' in bad  # nothing typed is lost
    dup = client.post(reverse("candidates:create"), {**base, "fodselsnummer": own_candidate.fodselsnummer})
    assert "finnes allerede en kandidat" in dup.content.decode()


def test_search_stays_within_own_office(client_for, veileder, other_candidate):
    client = client_for(veileder)
    for term in (other_candidate.fodselsnummer, other_candidate.last_name):
        content = client.post(reverse("candidates:list"), {"q": term}, follow=True).content.decode()
        assert f"{other_candidate.last_name}, " not in content
        assert "Fant ingen kandidater" in content


def test_fnr_never_in_str_repr_or_logs(veileder, office, caplog):
    with caplog.at_level(logging.DEBUG):
        candidate = make_candidate(office=office, by=veileder)
        fnr = candidate.fodselsnummer
        services.candidate_update(
            candidate=candidate, by=veileder, fodselsnummer=fnr_for(datetime.date(2003, 1, 2))
        )
        services.candidate_erase(candidate=candidate, reason="request")
    assert fnr not in str(candidate) and fnr not in repr(candidate) and fnr not in str(candidate.profile)
    assert any("erased" in r.getMessage() for r in caplog.records)
    assert not any(re.search(r"\d{11}", r.getMessage()) for r in caplog.records)


def test_facilitation_history_is_append_only(veileder, own_candidate):
    set_need = services.facilitation_need_set
    assert set_need(candidate=own_candidate, by=veileder, category="arbeidstid", values=["fleksibel"])
    assert set_need(candidate=own_candidate, by=veileder, category="arbeidstid", values=["fleksibel"]) is None
    assert set_need(
        candidate=own_candidate, by=veileder, category="arbeidstid", values=["heltid", "fleksibel"]
    )
    assert set_need(candidate=own_candidate, by=veileder, category="fysisk", values=["ergonomi"])
    removal = set_need(candidate=own_candidate, by=veileder, category="fysisk", values=[])
    assert removal.removed and removal.created_by == veileder
    history = list(FacilitationNeed.objects.filter(candidate=own_candidate).order_by("pk"))
    assert [(n.category, n.values, n.removed) for n in history] == [
        ("arbeidstid", ["fleksibel"], False),
        ("arbeidstid", ["heltid", "fleksibel"], False),
        ("fysisk", ["ergonomi"], False),
        ("fysisk", [], True),
    ]
    current = services.facilitation_current(own_candidate)
    assert list(current) == ["arbeidstid"] and current["arbeidstid"].values == ["heltid", "fleksibel"]
    own_candidate.profile.refresh_from_db()
    assert own_candidate.profile.facilitation_codes == ["arbeidstid:fleksibel", "arbeidstid:heltid"]
    with pytest.raises(ValueError):
        history[0].save()
    with pytest.raises(ValidationError):
        set_need(candidate=own_candidate, by=veileder, category="arbeidstid", values=["diagnose"])


def test_facilitation_page_writes_rows_per_changed_category(client_for, veileder, own_candidate):
    url = reverse("candidates:facilitation_edit", kwargs={"pk": own_candidate.pk})
    client_for(veileder).post(url, {"arbeidstid": ["gradvis_okning"], "utfordringer_med_norsk": ["lese"]})
    assert FacilitationNeed.objects.filter(candidate=own_candidate).count() == 2
    content = (
        client_for(veileder)
        .get(reverse("candidates:detail", kwargs={"pk": own_candidate.pk}))
        .content.decode()
    )
    assert "Gradvis økning" in content and "Historikk" in content


def test_follow_up_transitions_and_history(veileder, own_candidate):
    services.follow_up_pause(candidate=own_candidate, by=veileder)
    services.follow_up_resume(candidate=own_candidate, by=veileder)
    ended = services.follow_up_end(candidate=own_candidate, by=veileder, on_date=datetime.date(2026, 3, 1))
    assert ended.follow_up_ended_on == datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError):
        services.follow_up_pause(candidate=ended, by=veileder)
    own_candidate.profile.refresh_from_db()
    assert own_candidate.profile.listed is False  # ended: no longer shown to other staff
    restarted = services.follow_up_resume(candidate=ended, by=veileder)
    assert restarted.follow_up_ended_on is None
    own_candidate.profile.refresh_from_db()
    assert own_candidate.profile.listed is True
    steps = list(
        FollowUpEvent.objects.filter(candidate=own_candidate)
        .order_by("pk")
        .values_list("to_status", flat=True)
    )
    assert steps == ["aktiv", "pause", "aktiv", "avsluttet", "aktiv"]


def test_identity_reaches_an_employer_only_with_a_valid_consent(veileder, own_candidate):
    today = timezone.localdate()
    orgnr = "889640782"
    assert (
        selectors.candidate_identity_for_employer(candidate=own_candidate, by=veileder, employer_orgnr=orgnr)
        is None
    )
    consent = make_consent(candidate=own_candidate, by=veileder, orgnr="889 640 782", days=14)
    shared = selectors.candidate_identity_for_employer(
        candidate=own_candidate, by=veileder, employer_orgnr=orgnr
    )
    assert shared == {
        "name": own_candidate.full_name,
        "phone": own_candidate.phone,
        "email": own_candidate.email,
    }
    assert "fodselsnummer" not in shared
    # Another employer, after the deadline, or after revocation: nothing.
    assert (
        selectors.candidate_identity_for_employer(
            candidate=own_candidate, by=veileder, employer_orgnr="988077917"
        )
        is None
    )
    later = today + datetime.timedelta(days=15)
    assert (
        selectors.candidate_identity_for_employer(
            candidate=own_candidate, by=veileder, employer_orgnr=orgnr, on=later
        )
        is None
    )
    services.consent_revoke(consent=consent, by=veileder)
    services.consent_revoke(consent=consent, by=veileder)
    assert (
        selectors.candidate_identity_for_employer(candidate=own_candidate, by=veileder, employer_orgnr=orgnr)
        is None
    )
    with pytest.raises(ValidationError):  # invalid organisasjonsnummer
        make_consent(candidate=own_candidate, by=veileder, orgnr="988077918")


def test_consent_form_requires_confirmation(client_for, veileder, own_candidate):
    url = reverse("candidates:consent_create", kwargs={"pk": own_candidate.pk})
    data = {
        "employer_orgnr": "889640782",
        "employer_name": "Eksempel HF",
        "purpose": "arbeidsutproving",
        "subject": "Arbeidstrening",
        "given_on": "2026-02-01",
        "expires_on": "2026-03-01",
    }
    assert client_for(veileder).post(url, data).status_code == 200
    assert client_for(veileder).post(url, {**data, "confirmed": "on"}).status_code == 302
    assert own_candidate.consents.count() == 1


def test_codes_reveal_nothing_and_do_not_collide():
    taken: set[str] = set()
    codes = [services.profile_code_generate(taken=taken) for _ in range(2000)]
    assert len(set(codes)) == 2000
    assert all(re.fullmatch(r"K-[23456789A-HJKMNP-TV-Z]{4,5}", c) for c in codes)


def test_age_bands():
    today = datetime.date(2026, 6, 1)
    assert services.age_band_for(datetime.date(2007, 6, 2), today) == AgeBand.UNDER_20
    assert services.age_band_for(datetime.date(2006, 6, 1), today) == AgeBand.FROM_20_TO_24
    assert services.age_band_for(datetime.date(1997, 1, 1), today) == AgeBand.FROM_25_TO_29
    assert services.age_band_for(datetime.date(1990, 1, 1), today) == AgeBand.FROM_30


def test_age_band_refresh_moves_birthdays(veileder, own_candidate):
    own_candidate.profile.age_band = AgeBand.FROM_30
    own_candidate.profile.save()
    assert services.profile_age_bands_refresh() == 1
    own_candidate.profile.refresh_from_db()
    assert own_candidate.profile.age_band == AgeBand.FROM_20_TO_24


def test_leader_sees_aggregates_only(client_for, leder, office, veileder):
    """The leaders' statistics are in the dashboards now: counts only, small ones hidden."""
    from dashboards.services import snapshot_build

    candidates = [make_candidate(office=office, by=veileder) for _ in range(5)]
    candidates.append(make_candidate(office=office, by=veileder, innsatsgruppe="varig_tilpasset"))
    snapshot_build(cutoff=timezone.localdate())
    response = client_for(leder).get(reverse("candidates:statistics"), follow=True)
    content = response.content.decode()
    assert "Kandidater i oppfølging etter innsatsgruppe" in content
    # 5 + 1 by innsatsgruppe: the lone 1 is hidden, and the 5 too, or 6 − 5 would reveal it.
    assert "&lt;5</td>" in content and ">x</td>" in content
    for c in candidates:
        assert c.last_name not in content and c.profile.code not in content


def test_counsellor_home_shows_my_candidates(client_for, veileder, own_candidate):
    content = client_for(veileder).get(reverse("core:home")).content.decode()
    assert "Mine kandidater" in content and "I aktiv oppfølging" in content


def _counted(user) -> dict:
    """«Mine kandidater» counted from the candidates themselves (what the caseload rows must say)."""
    from django.db.models import Count, Q

    from accounts.access import visible

    active = Q(follow_up_status=FollowUpStatus.ACTIVE)
    return (
        visible(user, Candidate.objects.all())
        .filter(counsellor=user)
        .aggregate(
            active=Count("pk", filter=active),
            paused=Count("pk", filter=Q(follow_up_status=FollowUpStatus.PAUSED)),
            ended=Count("pk", filter=Q(follow_up_status=FollowUpStatus.ENDED)),
            without_facilitation=Count("pk", filter=active & Q(profile__facilitation_codes=[])),
        )
    )


def test_my_candidates_counts_stay_exact_through_every_change(veileder, other_veileder, office, other_office):
    """The home page's counts come from caseload rows the database keeps (triggers): each change
    that moves a candidate between the counts moves the shown figures, and they always equal a
    count of the candidates themselves."""
    from candidates.selectors import my_candidates_summary

    def check(active, paused, ended, without):
        summary = my_candidates_summary(user=veileder)
        assert summary == {
            "active": active,
            "paused": paused,
            "ended": ended,
            "without_facilitation": without,
        }
        assert summary == _counted(veileder)

    check(0, 0, 0, 0)
    a, b, c = (make_candidate(office=office, by=veileder) for _ in range(3))
    check(3, 0, 0, 3)
    services.facilitation_need_set(candidate=a, by=veileder, category="fysisk", values=["arbeidsstilling"])
    check(3, 0, 0, 2)
    services.follow_up_pause(candidate=b, by=veileder)
    check(2, 1, 0, 1)
    services.follow_up_resume(candidate=b, by=veileder)
    services.follow_up_end(candidate=c, by=veileder)
    check(2, 0, 1, 1)
    services.facilitation_need_set(candidate=a, by=veileder, category="fysisk", values=[])
    check(2, 0, 1, 2)
    # Another counsellor's candidate, and one of this counsellor's moved to another office, are not
    # counted (the candidate scope is the user's own offices).
    make_candidate(office=other_office, by=other_veileder)
    Candidate.objects.filter(pk=b.pk).update(office=other_office)
    check(1, 0, 1, 1)
    Candidate.objects.filter(pk=b.pk).update(office=office, counsellor=other_veileder)
    check(1, 0, 1, 1)
    services.candidate_erase(candidate=c, reason="test", by=veileder)
    check(1, 0, 0, 1)
    Candidate.objects.filter(pk=a.pk).delete()
    check(0, 0, 0, 0)


def test_home_page_shows_the_new_count(client_for, veileder, office):
    client = client_for(veileder)
    make_candidate(office=office, by=veileder)
    assert "<dd>1</dd>" in client.get(reverse("core:home")).content.decode()
    make_candidate(office=office, by=veileder)
    assert "<dd>2</dd>" in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("number", ["31129956715", "68467038838", "13527248013"])
def test_ordinary_d_and_h_numbers_are_accepted(veileder, office, number):
    candidate = make_candidate(office=office, by=veileder, fodselsnummer=number)
    assert candidate.birth_date is not None


def test_synthetic_numbers_are_refused_in_production(veileder, office, settings):
    settings.ALLOW_SYNTHETIC_FNR = False
    with pytest.raises(ValidationError) as error:
        make_candidate(office=office, by=veileder)
    assert "Syntetiske testnumre" in " ".join(error.value.messages)


def test_retention_runs_daily_from_beat(settings):
    from candidates.tasks import retention_sweep

    entry = settings.CELERY_BEAT_SCHEDULE["candidates-retention"]
    assert entry["task"] == retention_sweep.name


def test_counsellor_must_work_at_the_chosen_office(client_for, veileder, office, other_office):
    from tests.factories import MembershipFactory, user_with_role

    MembershipFactory(user=veileder, unit=other_office, role="veileder")
    colleague_elsewhere = user_with_role("veileder", other_office, username="annen")
    data = {
        "first_name": "A",
        "last_name": "B",
        "fodselsnummer": fnr_for(datetime.date(2002, 2, 2)),
        "office": office.pk,
        "counsellor": colleague_elsewhere.pk,
        "innsatsgruppe": "standard",
        "benefit": "ingen",
        "follow_up_started_on": "2026-01-05",
    }
    response = client_for(veileder).post(reverse("candidates:create"), data)
    assert "arbeider ikke ved dette NAV-kontoret" in response.content.decode()
