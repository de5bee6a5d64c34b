"""Menu entries and the project coordinator's home section."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import HomeSection, NavItem, register_home, register_nav

from . import selectors


def _coordinator_home(request):
    projects = selectors.projects_for_coordinator(request.user)
    facts = selectors.enrolment_facts([p.pk for p in projects])
    rows = []
    for project in projects:
        records = list(project.outcomes.all())
        values = [
            selectors.goal_value(goal, records, selectors.enrolment_counts(goal, facts[project.pk]))
            for goal in project.goals.all()
        ]
        rows.append(
            {
                "project": project,
                "warning": selectors.coordinator_warning(project),
                "goals_total": len(values),
                "goals_reached": sum(1 for v in values if v.reached),
                "goals_without_target": sum(1 for v in values if v.goal.target is None),
            }
        )
    return {"rows": rows, "attention": selectors.projects_needing_coordination(request.user)}


register_nav(
    NavItem(
        key="projects",
        label=_("Prosjekter"),
        url_name="projects:list",
        description=_("Prosjektene og metodene deres: mål, risiko, roller, kull og resultater."),
        order=40,
        rule="projects.view",
    ),
    NavItem(
        key="projects-compare",
        label=_("Sammenlign prosjekter"),
        url_name="projects:compare",
        description=_("Fokus, formål, målgruppe, innsatsgruppe, varighet, tiltak og metodikk side om side."),
        order=41,
        rule="projects.view",
    ),
)

register_home(
    HomeSection(
        key="coordinated-projects",
        template="projects/home/coordinator.html",
        context=_coordinator_home,
        roles=frozenset({Role.PROSJEKTKOORDINATOR}),
        order=15,
    ),
)
