"""The board (tavle): register at the own office, escalate (by choice or after the set time, by a
sweep that is safe to run twice), propose employers or needs, solve with the adviser credited,
and the weekly board view that never shows an adviser who the candidate is."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, Notification
from matching import selectors, services
from matching.models import BoardCase, BoardCaseEvent
from tests.candidates.factories import identity_strings

pytestmark = pytest.mark.django_db

S = BoardCase.Status
WANTED = "Lager eller butikk i Hamar, faste arbeidstider og en rolig start."


@pytest.fixture
def case(make, veileder):
    candidate = make(wishes=["5223"])
    return services.board_case_register(candidate=candidate, employer_wanted=WANTED, by=veileder)


def _age(case, days):
    BoardCase.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_register_starts_at_the_own_office_with_history_and_audit(case, veileder, radgiver, other_veileder):
    assert case.status == S.LOCAL and case.escalated_at is None
    assert list(case.events.values_list("from_status", "to_status")) == [("", S.LOCAL)]
    assert AuditEntry.objects.filter(object_id=case.pk, action=AuditEntry.Action.CREATE).exists()
    assert [r.pk for r in selectors.board_rows(user=veileder)] == [case.pk]
    # Not yet on the Arbeidslivssenter's board, and never at another office.
    assert selectors.board_rows(user=radgiver) == []
    assert selectors.board_rows(user=other_veileder) == []


def test_register_refuses_personal_data_and_a_second_open_case(make, veileder):
    candidate = make()
    with pytest.raises(ValidationError) as exc:
        services.board_case_register(
            candidate=candidate, employer_wanted=f"{candidate.first_name} trenger lager", by=veileder
        )
    assert "employer_wanted" in exc.value.message_dict
    services.board_case_register(candidate=candidate, employer_wanted=WANTED, by=veileder)
    with pytest.raises(ValidationError):
        services.board_case_register(candidate=candidate, employer_wanted=WANTED, by=veileder)


def test_escalate_by_choice(make, veileder, radgiver):
    case = services.board_case_register(candidate=make(), employer_wanted=WANTED, by=veileder, escalate=True)
    assert case.status == S.ESCALATED and case.escalated_at is not None
    assert [r.pk for r in selectors.board_rows(user=radgiver)] == [case.pk]


def test_sweep_escalates_after_the_set_time_and_is_safe_to_run_twice(case, settings, radgiver):
    settings.BOARD_ESCALATE_AFTER_DAYS = 14
    _age(case, 13)
    assert services.board_escalation_sweep() == 0
    _age(case, 15)
    assert services.board_escalation_sweep() == 1
    assert services.board_escalation_sweep() == 0
    case.refresh_from_db()
    assert case.status == S.ESCALATED
    events = list(case.events.values_list("to_status", "by"))
    assert events == [(S.LOCAL, case.registered_by_id), (S.ESCALATED, None)]
    assert [r.pk for r in selectors.board_rows(user=radgiver)] == [case.pk]


def test_propose_solve_and_credit(case, veileder, radgiver, need):
    with pytest.raises(ValidationError):  # still at the office
        services.board_proposal_create(case=case, by=radgiver, need=need)
    services.board_case_escalate(case=case, by=veileder)
    proposal = services.board_proposal_create(case=case, by=radgiver, need=need, note="Rolig butikk")
    case.refresh_from_db()
    assert case.status == S.PROPOSED and case.assigned_to == radgiver
    assert proposal.employer == need.employer and proposal.unit.name == "NAV Arbeidslivssenter Test"
    assert Notification.objects.filter(user=veileder, dedupe_key=f"board-proposal:{proposal.pk}").exists()
    services.board_case_solve(case=case, by=veileder, proposal=proposal)
    case.refresh_from_db()
    assert case.status == S.SOLVED and case.closed_at and case.solved_by_proposal == proposal
    assert list(case.events.values_list("to_status", flat=True)) == [
        S.LOCAL,
        S.ESCALATED,
        S.PROPOSED,
        S.SOLVED,
    ]
    figures = selectors.board_figures(user=radgiver)
    assert figures["per_adviser"] == [{"name": radgiver.display_name, "n": 1}]
    assert figures["per_unit"] == [{"name": "NAV Arbeidslivssenter Test", "n": 1}]
    assert figures["solved"] == 1 and figures["solved_locally"] == 0
    with pytest.raises(ValidationError):  # final
        services.board_case_close(case=case, by=veileder)


def test_figures_count_per_adviser_and_unit_most_first(make, veileder, radgiver, need, worklife_centre):
    """The figures come from one grouped query (issue 16): the same counts and order as before."""
    from accounts.models import Role
    from tests.factories import user_with_role

    other = user_with_role(Role.IA_RADGIVER, worklife_centre, username="t-radgiver-2", last_name="Aas")

    def solved_by(adviser):
        case = services.board_case_register(
            candidate=make(), employer_wanted=WANTED, by=veileder, escalate=True
        )
        proposal = services.board_proposal_create(case=case, by=adviser, need=need)
        services.board_case_solve(case=case, by=veileder, proposal=proposal)

    solved_by(other)
    solved_by(radgiver)
    solved_by(radgiver)
    services.board_case_register(candidate=make(), employer_wanted=WANTED, by=veileder)  # open
    figures = selectors.board_figures(user=radgiver)
    assert figures["per_adviser"] == [
        {"name": radgiver.display_name, "n": 2},
        {"name": other.display_name, "n": 1},
    ]
    assert figures["per_unit"] == [{"name": "NAV Arbeidslivssenter Test", "n": 3}]
    assert (figures["open"], figures["solved"], figures["solved_locally"], figures["closed"]) == (0, 3, 0, 0)
    assert (
        selectors.board_figures(user=veileder)["open"],
        selectors.board_figures(user=veileder)["solved"],
    ) == (1, 3)


def test_filter_forms_are_cached_by_their_data(client_for, radgiver, veileder, need):
    """The board's and the ranking's filter forms are cached HTML (issue 16), keyed by their data:
    another choice shows as chosen at once."""
    board = reverse("matching:board")
    client = client_for(radgiver)
    assert 'value="lost" selected' in client.get(board + "?status=lost").content.decode()
    html = client.get(board + "?status=lukket").content.decode()
    assert 'value="lukket" selected' in html and 'value="lost" selected' not in html
    ranking = reverse("matching:need_ranking", args=[need.pk])
    client = client_for(veileder)
    assert "checked" not in client.get(ranking).content.decode().split('name="alle"')[1].split(">")[0]
    assert (
        "checked" in client.get(ranking + "?alle=on").content.decode().split('name="alle"')[1].split(">")[0]
    )


def test_solved_locally_credits_nobody(case, veileder):
    services.board_case_solve(case=case, by=veileder)
    figures = selectors.board_figures(user=veileder)
    assert figures["solved_locally"] == 1 and figures["per_adviser"] == []


def test_board_lists_unassigned_first_then_oldest(make, veileder, radgiver, need):
    cases = [
        services.board_case_register(candidate=make(), employer_wanted=WANTED, by=veileder, escalate=True)
        for _ in range(3)
    ]
    for case, days in zip(cases, (30, 10, 20), strict=True):
        _age(case, days)
    services.board_proposal_create(case=cases[0], by=radgiver, need=need)  # the oldest gets an adviser
    rows = selectors.board_rows(user=radgiver)
    assert [r.pk for r in rows] == [cases[2].pk, cases[1].pk, cases[0].pk]
    assert [r.age_days for r in rows] == [20, 10, 30]


def test_pages_never_show_an_adviser_who_the_candidate_is(client_for, case, veileder, radgiver, need):
    services.board_case_escalate(case=case, by=veileder)
    services.board_proposal_create(case=case, by=radgiver, need=need)
    candidate = case.candidate
    client = client_for(radgiver)
    for url in (reverse("matching:board"), reverse("matching:board_case", args=[case.pk])):
        html = client.get(url).content.decode()
        assert candidate.profile.code in html
        for secret in identity_strings(candidate):
            assert secret not in html, (url, secret)
    # The owning office sees the same anonymised page, with a link to its own candidate page.
    html = client_for(veileder).get(reverse("matching:board_case", args=[case.pk])).content.decode()
    assert reverse("candidates:detail", args=[candidate.pk]) in html


def test_case_journey_through_the_pages(client_for, make, veileder, radgiver, need):
    candidate = make()
    counsellor = client_for(veileder)
    url = reverse("matching:board_case_create") + f"?kandidat={candidate.pk}"
    assert f'value="{candidate.pk}" selected' in counsellor.get(url).content.decode()
    response = counsellor.post(url, {"candidate": candidate.pk, "employer_wanted": WANTED, "escalate": "on"})
    case = BoardCase.objects.get(candidate=candidate)
    assert response.status_code == 302 and case.status == S.ESCALATED
    adviser = client_for(radgiver)
    response = adviser.post(reverse("matching:board_propose", args=[case.pk]), {"employer": "", "need": ""})
    assert response.status_code == 400 and "Velg en arbeidsgiver eller et behov" in response.content.decode()
    adviser.post(reverse("matching:board_propose", args=[case.pk]), {"need": need.pk})
    proposal = case.proposals.get()
    response = counsellor.post(
        reverse("matching:board_close", args=[case.pk]), {"outcome": "lost", "proposal": proposal.pk}
    )
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == S.SOLVED and case.solved_by_proposal == proposal
    assert BoardCaseEvent.objects.filter(case=case).count() == 4


def test_board_query_count_is_pinned(client_for, query_count, make, veileder, radgiver, need):
    def grow():
        case = services.board_case_register(
            candidate=make(), employer_wanted=WANTED, by=veileder, escalate=True
        )
        services.board_proposal_create(case=case, by=radgiver, need=need)

    grow()
    query_count.pinned(
        client_for(radgiver), reverse("matching:board"), grow=grow, expected=8
    )  # issue 16: -1 the menu rule costs no query; -5 the figures in one query (was three), the
    # profiles in one query without job wishes (was three), municipality names with the groups;
    # -1 the cases and their profiles in one statement


def test_board_scope_sql_twin_selects_visibles_cases(make, veileder, other_veileder, radgiver, case):
    """The SQL twin of the board's scope (matching.rules._board_cases_sql, the board's rows in one
    statement) selects exactly visible()'s cases: the own office's, and the county's escalated
    ones for its advisers."""
    from accounts.access import visible
    from tests.access import assert_sql_twin_selects_visible

    services.board_case_register(candidate=make(), employer_wanted=WANTED, by=veileder, escalate=True)
    for user in (veileder, other_veileder, radgiver):
        assert_sql_twin_selects_visible(user, BoardCase)
    assert len(set(visible(radgiver, BoardCase.objects.all()).values_list("pk", flat=True))) == 1


def test_board_rows_carry_the_profile_s_languages_as_a_list(veileder, make):
    """The board's statement reads the profile columns raw: the languages (JSON) come parsed, as
    from the ORM, not as text."""
    candidate = make(wishes=["5223"], languages=[{"language": "Polsk", "level": "morsmal"}])
    services.board_case_register(candidate=candidate, employer_wanted=WANTED, by=veileder)
    (row,) = selectors.board_rows(user=veileder)
    assert row.profile.languages == [{"language": "Polsk", "level": "morsmal"}]
