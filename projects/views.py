"""Thin views for projects: read through selectors, write through services, ask accounts.access."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from accounts.access import can, memberships_of, primary_membership, require
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from accounts.models import NavUnit
from candidates import selectors as candidate_selectors
from candidates import services as candidate_services
from candidates.models import AccessLogEntry
from core.forms import add_service_errors
from core.models import County

from . import forms, selectors, services
from .models import Enrolment, Goal, Project, Risk

ENROLMENTS_PER_PAGE = 25

SECTIONS = [
    ("overview", "projects:detail", gettext_lazy("Oversikt")),
    ("description", "projects:description", gettext_lazy("Beskrivelse")),
    ("goals", "projects:goals", gettext_lazy("Mål")),
    ("risks", "projects:risks", gettext_lazy("Risiko")),
    ("roles", "projects:roles", gettext_lazy("Roller")),
    ("cohorts", "projects:cohorts", gettext_lazy("Kull og looper")),
    ("enrolments", "projects:enrolments", gettext_lazy("Deltakere")),
    ("outcomes", "projects:outcomes", gettext_lazy("Resultater")),
]


class ProjectListView(RuleRequiredMixin, ListView):
    rule = "projects.view"
    template_name = "projects/list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        region = self.request.GET.get("region", "")
        return selectors.project_list(
            self.request.user,
            status=self.request.GET.get("status", ""),
            region_id=int(region) if region.isdigit() else None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for project in context["projects"]:
            project.warning = selectors.coordinator_warning(project)
        context.update(
            statuses=Project.Status.choices,
            regions=County.objects.order_by("name"),
            status=self.request.GET.get("status", ""),
            region=self.request.GET.get("region", ""),
            can_create=can(self.request.user, "projects.create"),
        )
        return context


class ProjectMixin(ObjectRuleMixin):
    """Loads the project the URL names, scoped to the user; `object_rule` is the action to check."""

    object_rule = "projects.view"
    context_object_name = "project"

    def load_object(self) -> Project | None:
        return selectors.project_get(self.request.user, self.kwargs["pk"])

    @property
    def project(self) -> Project:
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = can(self.request.user, "projects.change", self.project)
        context["can_copy"] = can(self.request.user, "projects.copy", self.project)
        context["coordinator_warning"] = selectors.coordinator_warning(self.project)
        context["sections"] = [
            (key, reverse(url, args=[self.project.pk]), label) for key, url, label in SECTIONS
        ]
        return context


class ProjectSectionView(ProjectMixin, TemplateView):
    template_name = "projects/detail.html"
    section = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project
        context["section"] = self.section
        if self.section == "overview":
            context["phases"] = project.phases.all()
            context["goal_values"] = selectors.goal_values(project)
            context["follow_up_templates"] = project.follow_up_templates.all()
            context["history"] = selectors.project_history(project)
        elif self.section == "description":
            context["innsatsgruppe_text"] = selectors.innsatsgruppe_text(project)
            context["anchorings"] = project.anchorings.select_related("unit")
            context["documents"] = project.documents.all()
        elif self.section == "goals":
            context["goal_values"] = selectors.goal_values(project)
        elif self.section == "risks":
            context["risks"] = project.risks.all()
        elif self.section == "roles":
            context["role_tasks"] = project.role_tasks.all()
        elif self.section == "cohorts":
            context["cohorts"] = selectors.project_cohorts(project)
        elif self.section == "enrolments":
            context["can_enrol"] = can(self.request.user, "projects.enrol", project)
            context["can_view_enrolments"] = can(self.request.user, "projects.view_enrolments", project)
            context["can_view_profiles"] = can(self.request.user, "candidates.view_profiles")
            page = Paginator(selectors.project_enrolments(self.request.user, project), ENROLMENTS_PER_PAGE)
            context["page_obj"] = page.get_page(self.request.GET.get("page"))
            context["enrolments"] = selectors.enrolment_rows(
                self.request.user, context["page_obj"].object_list
            )
            named = [row.candidate_pk for row in context["enrolments"] if row.is_named]
            # Names of the own office's candidates were shown: the identity read is logged.
            candidate_services.access_log_record(
                user=self.request.user, candidates=named, page=AccessLogEntry.Page.LIST
            )
        elif self.section == "outcomes":
            context["outcomes"] = selectors.project_outcomes(project)
            context["shares"] = project.reported_shares.all()
        return context


class ProjectCreateView(RuleRequiredMixin, FormView):
    rule = "projects.create"
    template_name = "projects/form.html"
    form_class = forms.ProjectForm

    def get_initial(self):
        """Defaults that follow the user: their region and their own units, and themselves as
        coordinator when they may coordinate (the field offers only those who may)."""
        membership = primary_membership(self.request.user)
        initial = {"coordinator": self.request.user.pk}
        if membership:
            initial["region"] = membership.unit.county_id
            initial["nav_units"] = [
                m.unit_id for m in memberships_of(self.request.user) if m.unit.kind != NavUnit.Kind.COUNTY
            ]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Nytt prosjekt")
        context["cancel_url"] = reverse("projects:list")
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            project = services.project_create(
                by=self.request.user, nav_units=list(data.pop("nav_units")), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Prosjektet «%(name)s» er opprettet.") % {"name": project.name})
        return redirect("projects:detail", pk=project.pk)


class ProjectUpdateView(ProjectMixin, FormView):
    template_name = "projects/form.html"
    form_class = forms.ProjectForm
    object_rule = "projects.change"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.project
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Endre prosjekt")
        context["cancel_url"] = reverse("projects:description", args=[self.project.pk])
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            services.project_update(
                project=self.project, by=self.request.user, nav_units=list(data.pop("nav_units")), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Prosjektet er lagret."))
        return redirect("projects:description", pk=self.project.pk)


class ProjectCopyView(ProjectMixin, FormView):
    template_name = "projects/copy.html"
    form_class = forms.ProjectCopyForm
    object_rule = "projects.copy"

    def get_initial(self):
        return {"region": self.project.region_id, "coordinator": self.request.user.pk}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            copy = services.project_copy(
                source=self.project,
                by=self.request.user,
                name=data["name"],
                region=data["region"],
                coordinator=data["coordinator"],
                status=data["status"],
                start_year=data["start_year"],
                nav_units=list(data["nav_units"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("«%(name)s» er opprettet med metoden fra %(source)s. Sett mål og fyll ut beskrivelsen.")
            % {"name": copy.name, "source": self.project.name},
        )
        return redirect("projects:detail", pk=copy.pk)


class ProjectChildCreateView(ProjectMixin, FormView):
    """Adds one row to a project's description (a phase, goal, risk …) through its service."""

    template_name = "projects/form.html"
    object_rule = "projects.change"
    service = None
    title = ""
    success_message = ""
    success_url_name = "projects:detail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["cancel_url"] = reverse(self.success_url_name, args=[self.project.pk])
        return context

    def service_kwargs(self, form) -> dict:
        return dict(form.cleaned_data)

    def form_valid(self, form):
        try:
            type(self).service(project=self.project, by=self.request.user, **self.service_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_name, pk=self.project.pk)


class ProjectChildUpdateView(ProjectChildCreateView):
    """Changes one row of a project's description; the row is looked up within the project."""

    model = None

    @cached_property
    def row(self):
        return get_object_or_404(self.model, project=self.project, pk=self.kwargs["row"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.row}

    def form_valid(self, form):
        try:
            type(self).service(row=self.row, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_name, pk=self.project.pk)


class PhaseCreateView(ProjectChildCreateView):
    form_class = forms.MethodPhaseForm
    service = services.method_phase_add
    title = gettext_lazy("Ny fase i metoden")
    success_message = gettext_lazy("Fasen er lagt til.")


class FollowUpTemplateCreateView(ProjectChildCreateView):
    form_class = forms.FollowUpTemplateForm
    service = services.follow_up_template_add
    title = gettext_lazy("Ny oppfølgingsmal")
    success_message = gettext_lazy("Oppfølgingsmalen er lagt til.")


class GoalCreateView(ProjectChildCreateView):
    form_class = forms.GoalForm
    service = services.goal_add
    title = gettext_lazy("Nytt mål")
    success_message = gettext_lazy("Målet er lagt til.")
    success_url_name = "projects:goals"


class RiskCreateView(ProjectChildCreateView):
    form_class = forms.RiskForm
    service = services.risk_add
    title = gettext_lazy("Ny risiko")
    success_message = gettext_lazy("Risikoen er lagt til.")
    success_url_name = "projects:risks"


class GoalUpdateView(ProjectChildUpdateView):
    form_class = forms.GoalForm
    model = Goal
    service = services.goal_update
    title = gettext_lazy("Endre mål")
    success_message = gettext_lazy("Målet er lagret.")
    success_url_name = "projects:goals"


class RiskUpdateView(ProjectChildUpdateView):
    form_class = forms.RiskForm
    model = Risk
    service = services.risk_update
    title = gettext_lazy("Endre risiko")
    success_message = gettext_lazy("Risikoen er lagret.")
    success_url_name = "projects:risks"


class RoleTaskCreateView(ProjectChildCreateView):
    form_class = forms.RoleTaskForm
    service = services.role_task_add
    title = gettext_lazy("Ny oppgave i rollematrisen")
    success_message = gettext_lazy("Oppgaven er lagt til.")
    success_url_name = "projects:roles"


class OutcomeRecordCreateView(ProjectChildCreateView):
    form_class = forms.OutcomeRecordForm
    service = services.outcome_record_add
    title = gettext_lazy("Registrer resultattall")
    success_message = gettext_lazy("Tallet er registrert.")
    success_url_name = "projects:outcomes"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}


class AnchoringCreateView(ProjectChildCreateView):
    form_class = forms.AnchoringForm
    service = services.anchoring_add
    title = gettext_lazy("Ny forankring")
    success_message = gettext_lazy("Forankringen er lagt til.")
    success_url_name = "projects:description"


class DocumentCreateView(ProjectChildCreateView):
    form_class = forms.DocumentForm
    service = services.document_add
    title = gettext_lazy("Nytt dokument")
    success_message = gettext_lazy("Dokumentet er lagt til.")
    success_url_name = "projects:description"
    multipart = True


class CohortCreateView(ProjectMixin, TemplateView):
    """A cohort or loop and its participating employers, saved together or not at all."""

    template_name = "projects/cohort_form.html"
    object_rule = "projects.change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.CohortForm(project=self.project))
        context.setdefault("formset", forms.CohortEmployerFormSet(prefix="employers"))
        context["cancel_url"] = reverse("projects:cohorts", args=[self.project.pk])
        return context

    def post(self, request, *args, **kwargs):
        form = forms.CohortForm(request.POST, project=self.project)
        formset = forms.CohortEmployerFormSet(request.POST, prefix="employers")
        if form.is_valid() and formset.is_valid():
            try:
                cohort = services.cohort_create(
                    project=self.project, by=request.user, employers=formset.employers(), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("«%(name)s» er opprettet.") % {"name": cohort.name})
                return redirect("projects:cohorts", pk=self.project.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class ComparisonView(RuleRequiredMixin, TemplateView):
    """The report's Tables 4.1 and 4.2, built from project data, for any selection (GET)."""

    rule = "projects.view"
    template_name = "projects/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selected = [int(v) for v in self.request.GET.getlist("p") if v.isdigit()]
        projects = selectors.comparison_projects(self.request.user, selected)
        for project in projects:
            project.innsatsgruppe_display = selectors.innsatsgruppe_text(project)
        context.update(
            projects=projects,
            choices=selectors.comparison_choices(self.request.user),
            selected=set(selected),
        )
        return context


# --- Enrolments (phase 2) --------------------------------------------------------------------------


# A counsellor may follow thousands of candidates; the form lists a page of them, found by search.
ENROL_CHOICES = 25


class EnrolmentCreateView(ProjectMixin, FormView):
    """The counsellor enrols a candidate of their own office in follow-up. The form lists at most
    ENROL_CHOICES candidates by name (their own, or those matching a search), and every name
    listed is written to the candidates' access log."""

    template_name = "projects/enrol_form.html"
    object_rule = "projects.enrol"

    @cached_property
    def query(self) -> str:
        # The search term comes by POST, never in a URL: it may be a fødselsnummer (domain.md §5).
        return self.request.POST.get("q", "").strip() if self.request.method == "POST" else ""

    @property
    def searching(self) -> bool:
        return self.request.method == "POST" and self.request.POST.get("action") == "search"

    def post(self, request, *args, **kwargs):
        if self.searching:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def candidates(self):
        return candidate_selectors.candidate_list(
            user=self.request.user, q=self.query, status="aktiv", mine=not self.query
        ).select_related("profile")

    @cached_property
    def shown(self) -> list:
        return list(self.candidates()[:ENROL_CHOICES])

    def get_form(self, form_class=None):
        # Saving: every candidate the user may enrol is valid. Showing: only a page is listed.
        if self.request.method == "POST" and not self.searching:
            return forms.EnrolmentForm(
                project=self.project, candidates=self.candidates(), **self.get_form_kwargs()
            )
        kwargs = {"initial": self.get_initial(), "prefix": self.get_prefix()}
        return forms.EnrolmentForm(project=self.project, candidates=self.shown, **kwargs)

    def get_initial(self):
        return {"enrolled_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Meld inn kandidat")
        context["cancel_url"] = reverse("projects:enrolments", args=[self.project.pk])
        context["query"] = self.query
        context["shown"] = len(self.shown)
        context["limit"] = ENROL_CHOICES
        candidate_services.access_log_record(
            user=self.request.user, candidates=self.shown, page=AccessLogEntry.Page.LIST
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        require(self.request.user, "candidates.change", data["candidate"])
        try:
            services.enrolment_create(
                project=self.project,
                candidate=data["candidate"],
                by=self.request.user,
                enrolled_on=data["enrolled_on"],
                cohort=data["cohort"],
                start_phase=data["start_phase"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kandidaten er meldt inn i prosjektet."))
        return redirect("projects:enrolments", pk=self.project.pk)


class EnrolmentStepView(ProjectMixin, FormView):
    """A step of an enrolment's state machine, for the candidate's own counsellor."""

    template_name = "projects/form.html"
    step = ""

    @cached_property
    def enrolment(self):
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("candidate", "current_phase"),
            project=self.project,
            pk=self.kwargs["row"],
        )
        require(self.request.user, "projects.change_enrolment", enrolment)
        return enrolment

    def get_form_class(self):
        return forms.EnrolmentExitForm if self.step == "exit" else forms.EnrolmentAdvanceForm

    def get_initial(self):
        return {"on_date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.enrolment.candidate.profile.code
        if self.step == "exit":
            context["title"] = _("Avslutt deltakelsen for %(code)s") % {"code": code}
        else:
            context["title"] = _("Neste fase for %(code)s") % {"code": code}
        context["cancel_url"] = reverse("projects:enrolments", args=[self.project.pk])
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.step == "exit":
                services.enrolment_exit(
                    enrolment=self.enrolment,
                    by=self.request.user,
                    on_date=data["on_date"],
                    reason=data["reason"],
                )
                messages.success(self.request, _("Deltakelsen er avsluttet."))
            else:
                enrolment = services.enrolment_advance(
                    enrolment=self.enrolment, by=self.request.user, on_date=data["on_date"]
                )
                messages.success(
                    self.request,
                    _("Kandidaten er i fasen «%(phase)s».") % {"phase": enrolment.current_phase.name},
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return redirect("projects:enrolments", pk=self.project.pk)
