from django.contrib import admin

from .models import (
    Anchoring,
    Cohort,
    CohortEmployer,
    Enrolment,
    FollowUpTemplate,
    Goal,
    MethodPhase,
    OutcomeRecord,
    Project,
    ProjectDocument,
    ReportedShare,
    Risk,
    RoleTask,
)


class MethodPhaseInline(admin.TabularInline):
    model = MethodPhase
    extra = 0


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "start_year", "status", "coordinator"]
    list_filter = ["status", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["coordinator"]
    filter_horizontal = ["nav_units"]
    inlines = [MethodPhaseInline, GoalInline]


class CohortEmployerInline(admin.TabularInline):
    model = CohortEmployer
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "location", "period_label", "places"]
    list_filter = ["kind", "project"]
    inlines = [CohortEmployerInline]


@admin.register(OutcomeRecord)
class OutcomeRecordAdmin(admin.ModelAdmin):
    list_display = ["project", "period_label", "category", "count", "counts_in_totals", "source_lines"]
    list_filter = ["project", "category", "counts_in_totals"]


admin.site.register([FollowUpTemplate, Risk, RoleTask, Anchoring, ProjectDocument, ReportedShare])


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    # Only pseudonymous columns: the admin is not a way around the candidates' identity rules.
    list_display = ["pk", "project", "cohort", "status", "enrolled_on", "exited_on", "exit_reason"]
    list_filter = ["status", "project"]
    raw_id_fields = ["candidate", "cohort", "current_phase", "enrolled_by"]
