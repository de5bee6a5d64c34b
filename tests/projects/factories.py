"""Factories for the projects app."""

import factory

from projects.models import Cohort, Goal, MethodPhase, OutcomeRecord, Project, Risk
from projects.vocab import MetricKind, OutcomeCategory
from tests.factories import county


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testprosjekt {n}")
    region = factory.LazyFunction(lambda: county("34"))
    status = Project.Status.PLANNED
    start_year = 2018
    purpose = "Overgang til ordinært arbeid"


class MethodPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodPhase

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Fase {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    metric = MetricKind.WORK_COUNT
    description = "Kandidater i arbeid"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    project = factory.SubFactory(ProjectFactory)
    risk = "Koordinatoren slutter"
    likelihood = 2
    impact = 3


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kull {n}")


class OutcomeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeRecord

    project = factory.SubFactory(ProjectFactory)
    category = OutcomeCategory.STARTED
    count = 10
    source_lines = "L1"
