"""Project services: creation rules, copying a method, cohorts with employers."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects import services
from projects.models import Cohort, FollowUpTemplate, Project, RoleTask
from projects.vocab import MetricKind
from tests.factories import county
from tests.projects.factories import GoalFactory, MethodPhaseFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db

VALID_ORGNRS = ["974760673", "923609016", "985399077"]


def test_active_project_requires_coordinator_in_service(koordinator):
    with pytest.raises(ValidationError) as error:
        services.project_create(by=koordinator, name="Uten koordinator", region=county("34"), status="aktiv")
    assert "coordinator" in error.value.error_dict
    assert not Project.objects.filter(name="Uten koordinator").exists()


def test_active_project_requires_coordinator_in_database():
    project = ProjectFactory(status=Project.Status.PLANNED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(status=Project.Status.ACTIVE)


def test_create_and_update(koordinator, office):
    project = services.project_create(
        by=koordinator,
        name="JobbLoop Hamar",
        region=county("34"),
        status="aktiv",
        coordinator=koordinator,
        nav_units=[office],
        innsatsgrupper=["spesielt_tilpasset"],
        target_age_max=29,
    )
    assert list(project.nav_units.all()) == [office]
    services.project_update(project=project, by=koordinator, purpose="Overgang til ordinært arbeid")
    project.refresh_from_db()
    assert project.purpose == "Overgang til ordinært arbeid"
    with pytest.raises(ValidationError):
        services.project_update(project=project, by=koordinator, coordinator=None)


def test_copy_copies_the_method_and_the_description_skeleton(koordinator, office):
    source = ProjectFactory(
        name="JobbLoop", status=Project.Status.ACTIVE, coordinator=koordinator, method_summary="Jobbmatch"
    )
    for name in ["Kick-off", "Oppstartsmøte", "Rullering"]:
        MethodPhaseFactory(project=source, name=name)
    FollowUpTemplate.objects.create(project=source, name="Oppstartsmøte", offset_days=0)
    FollowUpTemplate.objects.create(project=source, name="Oppfølging", offset_days=30)
    GoalFactory(
        project=source,
        target=Decimal("75"),
        period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31),
        description="Kandidater i arbeid (eksempelmål i demodata, L3651)",
    )
    RiskFactory(project=source, review_date=date(2018, 6, 1))
    RoleTask.objects.create(project=source, position=1, task="Finne kandidater", nav_office="ansvarlig")
    Cohort.objects.create(project=source, name="Loop 1")
    services.outcome_record_add(project=source, by=None, category="started", count=9, source_lines="L1")

    copy = services.project_copy(
        source=source,
        by=koordinator,
        name="JobbLoop Hamar",
        region=county("34"),
        coordinator=koordinator,
        status="aktiv",
        nav_units=[office],
    )

    assert copy.copied_from == source
    assert copy.method_summary == "Jobbmatch"
    assert [p.name for p in copy.phases.all()] == ["Kick-off", "Oppstartsmøte", "Rullering"]
    assert [p.position for p in copy.phases.all()] == [p.position for p in source.phases.all()]
    assert [(t.name, t.offset_days) for t in copy.follow_up_templates.all()] == [
        ("Oppstartsmøte", 0),
        ("Oppfølging", 30),
    ]
    goal = copy.goals.get()
    assert goal.metric == MetricKind.WORK_COUNT
    assert goal.target is None and goal.period_start is None  # the skeleton, without values
    assert goal.description == str(MetricKind.WORK_COUNT.label)  # not the source's demo wording
    risk = copy.risks.get()
    assert risk.risk == "Koordinatoren slutter" and risk.review_date is None
    assert copy.role_tasks.get().nav_office == "ansvarlig"
    # The original's own facts stay behind.
    assert not copy.cohorts.exists() and not copy.outcomes.exists()
    # Copying does not change the source.
    assert source.phases.count() == 3 and source.goals.get().target == Decimal("75")


def test_phases_are_appended_in_order(koordinator):
    project = ProjectFactory()
    first = services.method_phase_add(project=project, by=koordinator, name="Kick-off")
    second = services.method_phase_add(project=project, by=koordinator, name="Rullering")
    assert (first.position, second.position) == (1, 2)


def test_cohort_with_three_employers_is_all_or_nothing(koordinator):
    project = ProjectFactory()
    cohort = services.cohort_create(
        project=project,
        by=koordinator,
        name="Loop 1",
        kind=Cohort.Kind.LOOP,
        places=9,
        employers=[{"orgnr": o, "name": f"Firma {i}", "places": 3} for i, o in enumerate(VALID_ORGNRS)],
    )
    assert cohort.employers.count() == 3
    with pytest.raises(ValidationError):
        services.cohort_create(
            project=project,
            by=koordinator,
            name="Loop 2",
            employers=[
                {"orgnr": VALID_ORGNRS[0], "name": "Firma"},
                {"orgnr": "123456789", "name": "Ugyldig"},
            ],
        )
    assert not project.cohorts.filter(name="Loop 2").exists()


def test_contradicting_record_is_never_summed(koordinator):
    project = ProjectFactory()
    table = services.outcome_record_add(
        project=project, by=None, category="job_at_host", count=15, source_lines="L3637"
    )
    text = services.outcome_record_add(
        project=project, by=None, category="job_at_host", count=22, source_lines="L3587", contradicts=table
    )
    assert table.counts_in_totals and not text.counts_in_totals
    with pytest.raises(IntegrityError), transaction.atomic():
        type(text).objects.filter(pk=text.pk).update(counts_in_totals=True)


def test_document_needs_link_or_file(koordinator):
    project = ProjectFactory()
    with pytest.raises(ValidationError):
        services.document_add(project=project, by=koordinator, title="Prosjektbeskrivelse")
    document = services.document_add(
        project=project, by=koordinator, title="Prosjektbeskrivelse", url="https://example.org/beskrivelse"
    )
    assert document.pk
