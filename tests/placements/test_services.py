"""The placement's lifecycle guards, subsidy limits, plans and retention checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.transitions import TransitionError
from employers.models import ContactPerson
from placements import services
from placements.models import FollowUp, Placement, PlacementEvent
from placements.vocab import Measure, Outcome
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory

from .conftest import START, make_active

D = datetime.date


def test_create_draft_takes_counsellor_contact_and_plan_from_its_sources(
    candidate, employer, veileder, radgiver, project
):
    placement = services.placement_create_draft(
        candidate=candidate,
        employer=employer,
        project=project,
        source_label="Jobbmesse: Ta sjansen mars",
        by=veileder,
    )
    assert placement.status == Placement.Status.DRAFT
    assert placement.counsellor == veileder
    assert placement.office_id == candidate.office_id
    assert placement.employer_contact == radgiver
    assert placement.plan_kind == "ta_sjansen"
    assert placement.source_label == "Jobbmesse: Ta sjansen mars"
    assert placement.events.get().to_status == "utkast"


def test_cannot_become_ready_without_plan_and_startup_meeting(draft, veileder):
    with pytest.raises(TransitionError) as exc:
        services.placement_mark_ready(placement=draft, by=veileder)
    assert "avtalt oppfølgingsplan" in str(exc.value)
    assert "oppstartsmøte" in str(exc.value)
    services.follow_up_plan_apply(placement=draft, kind="manedlig", by=veileder)
    services.follow_up_plan_agree(placement=draft, by=veileder)
    with pytest.raises(TransitionError, match="oppstartsmøte"):
        services.placement_mark_ready(placement=draft, by=veileder)
    services.placement_schedule_startup(
        placement=draft, at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), by=veileder
    )
    services.placement_mark_ready(placement=draft, by=veileder)
    draft.refresh_from_db()
    assert draft.status == Placement.Status.READY


def test_agreeing_a_plan_needs_follow_ups(draft, veileder):
    with pytest.raises(ValidationError, match="Lag planen først"):
        services.follow_up_plan_agree(placement=draft, by=veileder)


def test_cannot_become_active_without_a_held_startup_meeting(draft, veileder):
    with pytest.raises(TransitionError, match="kan ikke gå fra"):
        services.placement_start(
            placement=draft, by=veileder, held_on=START, goal="x", training="x", support="x", reception="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.placement_start(
            placement=draft, by=veileder, held_on=START, goal="", training="x", support="x", reception=""
        )
    assert set(exc.value.message_dict) == {"startup_goal", "startup_reception"}


def test_lifecycle_to_ended_writes_history_and_retention_checks(draft, veileder):
    placement = make_active(draft, veileder)
    assert placement.status == Placement.Status.ACTIVE
    assert placement.startup_held_on == START
    services.placement_end(
        placement=placement,
        by=veileder,
        ended_on=D(2026, 6, 1),
        outcome=Outcome.ORDINARY_WORK,
        employment="fast",
        working_time="deltid",
    )
    placement.refresh_from_db()
    assert placement.status == "avsluttet"
    assert [e.to_status for e in placement.events.filter(kind="status")] == [
        "utkast",
        "klar",
        "aktiv",
        "avsluttet",
    ]
    checks = list(placement.follow_ups.filter(kind="varighet").order_by("due_on"))
    assert [(c.retention_months, c.due_on) for c in checks] == [
        (6, D(2026, 12, 1)),
        (12, D(2027, 6, 1)),
        (24, D(2028, 6, 1)),
    ]
    # What the plan still had open lapses.
    assert not placement.follow_ups.exclude(kind="varighet").filter(status="planlagt").exists()


def test_ordinary_work_needs_employment_form_and_early_end_needs_reason(draft, veileder):
    placement = make_active(draft, veileder)
    with pytest.raises(ValidationError, match="fast eller midlertidig"):
        services.placement_end(
            placement=placement, by=veileder, ended_on=D(2026, 5, 1), outcome="ordinaert_arbeid"
        )
    with pytest.raises(ValidationError, match="årsaken"):
        services.placement_end(placement=placement, by=veileder, ended_on=D(2026, 5, 1), outcome="avbrutt")


def test_cancel_requires_a_listed_reason_and_is_final(draft, veileder):
    with pytest.raises(ValidationError):
        services.placement_cancel(placement=draft, by=veileder, reason="ferie")
    services.placement_cancel(placement=draft, by=veileder, reason="ikke_mott")
    draft.refresh_from_db()
    assert draft.status == "annullert"
    with pytest.raises(TransitionError):
        services.placement_mark_ready(placement=draft, by=veileder)


def test_retention_check_completion_needs_a_result(draft, veileder):
    placement = make_active(draft, veileder)
    services.placement_end(placement=placement, by=veileder, ended_on=D(2026, 6, 1), outcome="utdanning")
    check = placement.follow_ups.get(retention_months=6)
    with pytest.raises(ValidationError, match="i arbeid"):
        services.follow_up_complete(follow_up=check, by=veileder, done_on=D(2026, 12, 2))
    services.follow_up_complete(
        follow_up=check, by=veileder, done_on=D(2026, 12, 2), retention_result="i_arbeid"
    )
    check.refresh_from_db()
    assert check.status == "utfort" and check.retention_result == "i_arbeid"


# --- Subsidy limits ----------------------------------------------------------------------------------


def test_wage_subsidy_at_most_50_percent(draft, veileder):
    with pytest.raises(ValidationError) as exc:
        services.placement_update(
            placement=draft, by=veileder, measure=Measure.MIDLERTIDIG_LONNSTILSKUDD, wage_subsidy_percent=60
        )
    assert "høyst 50 %" in exc.value.message_dict["wage_subsidy_percent"][0]
    services.placement_update(
        placement=draft, by=veileder, measure=Measure.MIDLERTIDIG_LONNSTILSKUDD, wage_subsidy_percent=50
    )


def test_temporary_wage_subsidy_at_most_12_months_but_permanent_has_no_limit(draft, veileder):
    with pytest.raises(ValidationError) as exc:
        services.placement_update(
            placement=draft, by=veileder, measure=Measure.MIDLERTIDIG_LONNSTILSKUDD, planned_end=D(2027, 3, 3)
        )
    assert "høyst 12 måneder" in exc.value.message_dict["planned_end"][0]
    services.placement_update(
        placement=draft, by=veileder, measure=Measure.MIDLERTIDIG_LONNSTILSKUDD, planned_end=D(2027, 3, 2)
    )
    services.placement_update(
        placement=draft, by=veileder, measure=Measure.VARIG_LONNSTILSKUDD, planned_end=D(2029, 3, 2)
    )


def test_mentor_six_months_then_up_to_three_years_with_a_reason(draft, veileder, mentor):
    base = {"measure": Measure.MENTOR, "mentor": mentor, "mentor_hours_per_week": Decimal("2.0")}
    services.placement_update(placement=draft, by=veileder, planned_end=D(2026, 9, 2), **base)
    with pytest.raises(ValidationError) as exc:
        services.placement_update(placement=draft, by=veileder, planned_end=D(2026, 9, 3), **base)
    assert "krever en begrunnelse" in exc.value.message_dict["mentor_extension_reason"][0]
    services.placement_update(
        placement=draft,
        by=veileder,
        planned_end=D(2029, 3, 2),
        mentor_extension_reason="Trenger tett støtte",
        **base,
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_update(
            placement=draft,
            by=veileder,
            planned_end=D(2029, 3, 3),
            mentor_extension_reason="Trenger tett støtte",
            **base,
        )
    assert "høyst 3 år" in exc.value.message_dict["mentor_end"][0]


def test_mentor_measure_needs_a_mentor(draft, veileder):
    with pytest.raises(ValidationError) as exc:
        services.placement_update(placement=draft, by=veileder, measure=Measure.MENTOR)
    assert "mentor" in exc.value.message_dict


def test_one_mentor_several_candidates_makes_one_placement_each(office, veileder, employer, mentor):
    people = [make_candidate(office=office, by=veileder) for _ in range(3)]
    rows = services.mentor_placements_create(
        candidates=people,
        employer=employer,
        mentor=mentor,
        by=veileder,
        planned_start=START,
        planned_end=D(2026, 8, 31),
        mentor_hours_per_week=Decimal("3.0"),
    )
    assert len(rows) == 3
    assert {r.candidate_id for r in rows} == {c.pk for c in people}
    assert len({r.mentor_group for r in rows}) == 1 and rows[0].mentor_group is not None
    assert all(r.mentor_id == mentor.pk and r.measure == "mentor" for r in rows)


def test_mentor_group_needs_the_employers_own_contact_person_and_is_all_or_nothing(
    office, veileder, employer, mentor
):
    people = [make_candidate(office=office, by=veileder) for _ in range(2)]
    elsewhere = ContactPerson.objects.create(employer=EmployerFactory(), name="Annen Mentor")
    with pytest.raises(ValidationError) as exc:
        services.mentor_placements_create(
            candidates=people, employer=employer, mentor=elsewhere, by=veileder, planned_start=START
        )
    assert "kontaktperson hos arbeidsgiveren" in exc.value.message_dict["mentor"][0]
    # Over six months without a reason: refused for the first, so none of them is made.
    with pytest.raises(ValidationError) as exc:
        services.mentor_placements_create(
            candidates=people,
            employer=employer,
            mentor=mentor,
            by=veileder,
            planned_start=START,
            planned_end=D(2026, 12, 31),
        )
    assert "mentor_extension_reason" in exc.value.message_dict
    assert not Placement.objects.exists()
    # Named twice, made once.
    rows = services.mentor_placements_create(
        candidates=[people[0], people[0], people[1]],
        employer=employer,
        mentor=mentor,
        by=veileder,
        planned_start=START,
        planned_end=D(2026, 6, 30),
    )
    assert sorted(r.candidate_id for r in rows) == sorted(c.pk for c in people)


# --- Extend and shorten ----------------------------------------------------------------------------


def test_extend_and_shorten_need_a_reason_and_are_recorded(draft, veileder):
    placement = make_active(draft, veileder)
    with pytest.raises(ValidationError):
        services.placement_change_end(placement=placement, by=veileder, new_end=D(2026, 8, 1), reason=" ")
    services.placement_change_end(
        placement=placement, by=veileder, new_end=D(2026, 8, 1), reason="Trenger mer tid"
    )
    services.placement_change_end(
        placement=placement, by=veileder, new_end=D(2026, 4, 15), reason="Fått jobb"
    )
    kinds = list(
        placement.events.exclude(kind="status").exclude(kind="plan").values_list("kind", "new_date", "note")
    )
    assert kinds == [
        ("forlenget", D(2026, 8, 1), "Trenger mer tid"),
        ("forkortet", D(2026, 4, 15), "Fått jobb"),
    ]
    assert not placement.follow_ups.filter(status="planlagt", due_on__gt=D(2026, 4, 15)).exists()


# --- Hand-over ---------------------------------------------------------------------------------------


def test_counsellor_leaving_releases_placements_to_the_leader(draft, veileder, leder):
    from core.models import Notification

    placement = make_active(draft, veileder)
    veileder.is_active = False
    veileder.save()
    assert services.placements_release_departed() == 1
    placement.refresh_from_db()
    assert placement.counsellor is None
    assert PlacementEvent.objects.filter(placement=placement, kind="overlevert").exists()
    assert Notification.objects.filter(user=leder, url__contains="uten-ansvarlig").exists()
    # The open follow-ups now reach the leader (nobody responsible).
    assert services.placements_release_departed() == 0


def test_handover_needs_a_counsellor_at_the_office(draft, veileder, other_veileder, office):
    with pytest.raises(ValidationError):
        services.placement_handover(placement=draft, to=other_veileder, by=veileder)
    from accounts.models import Role
    from tests.factories import user_with_role

    colleague = user_with_role(Role.VEILEDER, office, username="t-kollega")
    services.placement_handover(placement=draft, to=colleague, by=veileder)
    draft.refresh_from_db()
    assert draft.counsellor == colleague


def _out_of_step() -> list:
    """Open follow-ups whose stored responsible person is not the one their placement names (nobody
    while it is a draft)."""

    def wanted(f):
        if f.placement.status not in Placement.LIVE_STATUSES:
            return None
        return f.placement.adviser_id if f.party == "radgiver" else f.placement.counsellor_id

    return [
        (f.pk, f.responsible_id)
        for f in FollowUp.objects.filter(status="planlagt").select_related("placement")
        if f.responsible_id != wanted(f)
    ]


def test_the_responsible_person_follows_every_change_of_responsibility(draft, veileder, radgiver, office):
    from accounts.models import Role
    from tests.factories import user_with_role

    # A draft's plan waits on nobody yet; the placement becoming ready gives it its people.
    services.follow_up_plan_apply(placement=draft, kind="jobbloop", by=veileder)
    assert not draft.follow_ups.filter(responsible__isnull=False).exists() and not _out_of_step()
    placement = make_active(draft, veileder, plan="jobbloop")
    assert placement.follow_ups.filter(party="radgiver", responsible=radgiver).exists()
    adviser_step = services.follow_up_add(
        placement=placement, by=veileder, title="Ring lederen", due_on=D(2026, 4, 20), party="radgiver"
    )
    assert adviser_step.responsible == radgiver and not _out_of_step()
    services.follow_up_update(follow_up=adviser_step, by=veileder, party="veileder")
    adviser_step.refresh_from_db()
    assert adviser_step.responsible == veileder
    colleague = user_with_role(Role.VEILEDER, office, username="t-kollega")
    adviser2 = user_with_role(Role.IA_RADGIVER, office, username="t-radgiver2")
    services.placement_update(placement=placement, by=veileder, adviser=adviser2)
    assert not _out_of_step()
    services.placement_handover(placement=placement, to=colleague, by=veileder)
    assert not _out_of_step()
    mine = placement.follow_ups.filter(status="planlagt", party="veileder")
    assert set(mine.values_list("responsible", flat=True)) == {colleague.pk}
    assert set(
        placement.follow_ups.filter(status="planlagt", party="radgiver").values_list("responsible", flat=True)
    ) == {adviser2.pk}
    colleague.is_active = False
    colleague.save()
    services.placements_release_departed()
    assert not _out_of_step()
    assert not mine.filter(responsible__isnull=False).exists()
    services.placement_handover(placement=placement, to=veileder, by=veileder)
    services.placement_end(placement=placement, by=veileder, ended_on=D(2026, 6, 1), outcome="utdanning")
    assert set(placement.follow_ups.filter(kind="varighet").values_list("responsible", flat=True)) == {
        veileder.pk
    }
    assert not _out_of_step()


def test_meeting_record_completes_follow_up_and_schedules_next(draft, veileder):
    placement = make_active(draft, veileder)
    first = placement.follow_ups.filter(status="planlagt").order_by("due_on").first()
    services.meeting_record_create(
        placement=placement,
        by=veileder,
        held_on=first.due_on,
        attendees="Kandidat, leder, veileder",
        notes="Går bra",
        next_step="Ny prat",
        next_step_on=first.due_on + datetime.timedelta(days=14),
        follow_up=first,
    )
    first.refresh_from_db()
    assert first.status == FollowUp.Status.DONE
    assert placement.follow_ups.filter(
        title="Ny prat", due_on=first.due_on + datetime.timedelta(days=14)
    ).exists()


def test_problem_report_measures_time_to_response(draft, veileder, radgiver):
    placement = make_active(draft, veileder)
    at = datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC)
    problem = services.problem_report_create(
        placement=placement, by=radgiver, description="Kommer for sent", reported_at=at
    )
    services.problem_respond(
        problem=problem, by=veileder, response="Ringte", responded_at=at + datetime.timedelta(hours=5)
    )
    problem.refresh_from_db()
    assert problem.response_time == datetime.timedelta(hours=5)
