"""Enrolments: the counsellor enrols their own candidate; others see codes, not names; goals
count enrolments together with outcome records; the enrolment state machine."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from candidates.models import AccessLogEntry
from projects import selectors, services
from projects.models import Enrolment, Project
from projects.vocab import MetricKind, OutcomeCategory
from tests.candidates.factories import identity_strings, make_candidate
from tests.factories import user_with_role
from tests.projects.factories import GoalFactory, MethodPhaseFactory, OutcomeRecordFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(koordinator):
    project = ProjectFactory(name="JobbLoop Hamar", status=Project.Status.ACTIVE, coordinator=koordinator)
    for name in ["Kick-off", "Første periode", "Rullering"]:
        MethodPhaseFactory(project=project, name=name)
    return project


@pytest.fixture
def candidate(office, veileder):
    return make_candidate(office=office, by=veileder)


@pytest.fixture
def enrolment(project, candidate, veileder):
    return services.enrolment_create(
        project=project, candidate=candidate, by=veileder, enrolled_on=date(2026, 1, 5)
    )


def test_enrolment_walks_the_phases_with_dates(enrolment, veileder):
    assert enrolment.current_phase.name == "Kick-off"
    services.enrolment_advance(enrolment=enrolment, by=veileder, on_date=date(2026, 1, 6))
    enrolment = services.enrolment_advance(enrolment=enrolment, by=veileder, on_date=date(2026, 5, 6))
    assert enrolment.current_phase.name == "Rullering"
    progress = [
        (p.phase.name, p.started_on, p.completed_on) for p in enrolment.progress.select_related("phase")
    ]
    assert progress == [
        ("Kick-off", date(2026, 1, 5), date(2026, 1, 6)),
        ("Første periode", date(2026, 1, 6), date(2026, 5, 6)),
        ("Rullering", date(2026, 5, 6), None),
    ]
    with pytest.raises(ValidationError):
        services.enrolment_advance(enrolment=enrolment, by=veileder, on_date=date(2026, 6, 1))
    enrolment = services.enrolment_exit(
        enrolment=enrolment, by=veileder, on_date=date(2026, 9, 1), reason=OutcomeCategory.ORDINARY_WORK
    )
    assert enrolment.status == Enrolment.Status.EXITED
    assert enrolment.progress.get(phase__name="Rullering").completed_on == date(2026, 9, 1)
    assert [e.kind for e in enrolment.events.all()] == ["innmeldt", "fase", "fase", "fase", "avsluttet"]
    with pytest.raises(ValidationError):
        services.enrolment_exit(enrolment=enrolment, by=veileder, on_date=date(2026, 9, 2), reason="unknown")


def test_one_active_enrolment_per_project(project, candidate, veileder, enrolment):
    with pytest.raises(ValidationError):
        services.enrolment_create(
            project=project, candidate=candidate, by=veileder, enrolled_on=date(2026, 2, 1)
        )
    services.enrolment_exit(enrolment=enrolment, by=veileder, on_date=date(2026, 2, 1), reason="dropped_out")
    again = services.enrolment_create(
        project=project, candidate=candidate, by=veileder, enrolled_on=date(2026, 3, 1)
    )
    assert again.status == Enrolment.Status.ACTIVE


def test_no_enrolment_in_a_discontinued_project(project, candidate, veileder):
    project.status = Project.Status.DISCONTINUED
    project.save()
    with pytest.raises(ValidationError):
        services.enrolment_create(
            project=project, candidate=candidate, by=veileder, enrolled_on=date(2026, 1, 1)
        )


def test_goals_count_enrolments_and_outcome_records(project, office, veileder, enrolment):
    started = GoalFactory(project=project, metric=MetricKind.STARTED_COUNT, target=Decimal("12"))
    work = GoalFactory(project=project, metric=MetricKind.WORK_SHARE, target=Decimal("50"))
    OutcomeRecordFactory(project=project, category=OutcomeCategory.STARTED, count=10)
    OutcomeRecordFactory(project=project, category=OutcomeCategory.ORDINARY_WORK, count=5)
    second = services.enrolment_create(
        project=project,
        candidate=make_candidate(office=office, by=veileder),
        by=veileder,
        enrolled_on=date(2026, 2, 1),
    )
    services.enrolment_exit(enrolment=second, by=veileder, on_date=date(2026, 8, 1), reason="ordinary_work")
    values = {v.goal.pk: v for v in selectors.goal_values(project)}
    assert values[started.pk].current == Decimal("12") and values[started.pk].reached
    # 5 + 1 in work of 10 + 2 started.
    assert (values[work.pk].numerator, values[work.pk].denominator) == (6, 12)
    assert values[work.pk].current == Decimal("50.0")


def test_goal_period_applies_to_enrolments(project, enrolment):
    goal = GoalFactory(
        project=project,
        metric=MetricKind.STARTED_COUNT,
        period_start=date(2026, 2, 1),
        period_end=date(2026, 12, 31),
    )
    (value,) = [v for v in selectors.goal_values(project) if v.goal == goal]
    assert value.current is None  # enrolled 5 January, before the period


def test_own_office_sees_names_others_see_codes(
    client_for, project, candidate, enrolment, veileder, other_veileder, radgiver, koordinator
):
    url = reverse("projects:enrolments", args=[project.pk])
    own = client_for(veileder).get(url).content.decode()
    assert candidate.full_name in own and candidate.profile.code in own
    assert AccessLogEntry.objects.filter(user=veileder, candidate=candidate).exists()
    for user in (other_veileder, radgiver, koordinator):
        content = client_for(user).get(url).content.decode()
        assert candidate.profile.code in content
        for text in identity_strings(candidate):
            assert text not in content, (user.username, text)
        assert not AccessLogEntry.objects.filter(user=user).exists()
        assert reverse("candidates:profile_detail", args=[candidate.profile.code]) in content


def test_leaders_see_no_enrolment_rows(client_for, project, candidate, enrolment, leder):
    content = client_for(leder).get(reverse("projects:enrolments", args=[project.pk])).content.decode()
    assert candidate.profile.code not in content and candidate.full_name not in content


def test_selector_never_selects_identity_for_other_offices(project, enrolment, other_veileder, radgiver):
    for user in (other_veileder, radgiver):
        (row,) = selectors.enrolment_rows(user, selectors.project_enrolments(user, project))
        assert row.name == "" and row.candidate_pk is None and row.code


def test_counsellor_enrols_own_candidate_through_the_form(
    client_for, project, candidate, veileder, other_office
):
    foreign = make_candidate(
        office=other_office, by=user_with_role(Role.VEILEDER, other_office, username="t-v3")
    )
    client = client_for(veileder)
    url = reverse("projects:enrolment_create", args=[project.pk])
    page = client.get(url).content.decode()
    assert candidate.full_name in page and foreign.full_name not in page
    response = client.post(url, {"candidate": foreign.pk, "enrolled_on": "2026-03-01"})
    assert response.status_code == 200 and not Enrolment.objects.exists()
    response = client.post(url, {"candidate": candidate.pk, "enrolled_on": "2026-03-01"})
    assert response.status_code == 302
    assert Enrolment.objects.get().candidate == candidate


@pytest.mark.parametrize("role", ["radgiver", "markedskoordinator", "koordinator", "leder"])
def test_only_counsellors_enrol(request, client_for, project, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("projects:enrolment_create", args=[project.pk])).status_code == 403


def test_other_office_may_not_move_or_end_the_enrolment(
    client_for, project, enrolment, other_veileder, veileder
):
    client = client_for(other_veileder)
    for name in ["enrolment_advance", "enrolment_exit"]:
        url = reverse(f"projects:{name}", args=[project.pk, enrolment.pk])
        assert client.post(url, {"on_date": "2026-02-01", "reason": "unknown"}).status_code == 403
    client = client_for(veileder)
    response = client.post(
        reverse("projects:enrolment_advance", args=[project.pk, enrolment.pk]), {"on_date": "2026-02-01"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.current_phase.name == "Første periode"


def test_enrolment_list_query_count_is_independent_of_rows(
    client_for, project, office, veileder, radgiver, query_count
):
    def count(user):
        return query_count.count(
            client_for(user), reverse("projects:enrolments", args=[project.pk]), warm=False
        )

    services.enrolment_create(
        project=project,
        candidate=make_candidate(office=office, by=veileder),
        by=veileder,
        enrolled_on=date(2026, 1, 1),
    )
    before = (count(veileder), count(radgiver))
    for _ in range(30):  # more than a page
        services.enrolment_create(
            project=project,
            candidate=make_candidate(office=office, by=veileder),
            by=veileder,
            enrolled_on=date(2026, 1, 1),
        )
    assert (count(veileder), count(radgiver)) == before


def test_counsellor_ends_the_enrolment_with_a_reason(client_for, project, enrolment, veileder):
    client = client_for(veileder)
    url = reverse("projects:enrolment_exit", args=[project.pk, enrolment.pk])
    response = client.post(url, {"on_date": "2025-12-31", "reason": "ordinary_work"})
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
    response = client.post(url, {"on_date": "2026-06-30", "reason": "ordinary_work"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_reason) == (Enrolment.Status.EXITED, "ordinary_work")
    content = client.get(reverse("projects:enrolments", args=[project.pk])).content.decode()
    assert "Ordinært arbeid" in content
    assert client.post(url, {"on_date": "2026-07-01", "reason": "unknown"}).status_code == 200


def test_enrol_form_lists_a_page_of_candidates_and_searches_by_post(client_for, project, office, veileder):
    from projects.views import ENROL_CHOICES

    for _ in range(ENROL_CHOICES + 2):
        make_candidate(office=office, by=veileder)
    wanted = make_candidate(office=office, by=veileder, last_name="Zzzsøkbar")
    client = client_for(veileder)
    url = reverse("projects:enrolment_create", args=[project.pk])
    page = client.get(url).content.decode()
    select = page.split('id="id_candidate"')[1].split("</select>")[0]
    assert select.count('<option value="') == ENROL_CHOICES + 1  # and the empty choice
    assert AccessLogEntry.objects.filter(user=veileder).count() == ENROL_CHOICES
    page = client.post(url, {"action": "search", "q": wanted.fodselsnummer}).content.decode()
    assert wanted.full_name in page and "1 treff." in page
    response = client.post(url, {"action": "save", "candidate": wanted.pk, "enrolled_on": "2026-03-01"})
    assert response.status_code == 302
    assert Enrolment.objects.get().candidate == wanted


def test_candidate_page_lists_the_candidates_enrolments(client_for, veileder, office):
    from datetime import date as _date

    from django.urls import reverse as _reverse

    from projects import services as project_services
    from tests.candidates.factories import make_candidate
    from tests.projects.factories import MethodPhaseFactory, ProjectFactory

    candidate = make_candidate(office=office, by=veileder)
    project = ProjectFactory(name="JobbLoop Hamar", status="aktiv", coordinator=veileder)
    MethodPhaseFactory(project=project, name="Kick-off")
    project_services.enrolment_create(
        project=project, candidate=candidate, by=veileder, enrolled_on=_date(2026, 1, 5)
    )
    content = client_for(veileder).get(_reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "Deltakelse i prosjekter" in content
    assert "JobbLoop Hamar" in content and "Kick-off" in content
