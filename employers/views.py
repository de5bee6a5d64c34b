"""Thin views: check access, call a selector or a service, add a Norwegian message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.access import can, county_ids, memberships_of, office_ids
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from accounts.models import Role
from core.exports import export_response
from core.forms import add_service_errors
from core.selectors import audit_history

from . import selectors, services
from .forms import (
    ContactLogFilterForm,
    ContactLogForm,
    ContactPersonForm,
    EmployerFilterForm,
    EmployerForm,
    ImportForm,
    NeedFilterForm,
    NeedForm,
    NeedTransitionForm,
    NetworkForm,
    NetworkMeetingForm,
)
from .importing import TEMPLATE_HEADER
from .models import ContactPerson, Employer, ImportJob, Need, Network

LIST_PAGE_SIZE = 50


def _names(contacts) -> str:
    """'Kari Nordmann og Ola Hansen': the people to coordinate with, each once."""
    names = list(dict.fromkeys(c.user.display_name for c in contacts))
    return (
        names[0]
        if len(names) == 1
        else ", ".join(names[:-1]) + " " + _("og") + " " + names[-1]
        if names
        else ""
    )


def _run(form, service, **kwargs):
    """Call a service; on ValidationError put its messages on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _saved(request, employer):
    messages.success(request, _("Endringene er lagret."))
    return redirect("employers:employer_detail", pk=employer.pk)


class FilteredListView(RuleRequiredMixin, ListView):
    paginate_by = LIST_PAGE_SIZE
    filter_form_class = None

    @cached_property
    def filter_form(self):
        return self.filter_form_class(self.request.GET or None)

    def filters(self) -> dict:
        form = self.filter_form
        return {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound and form.is_valid() else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


# --- Employers -----------------------------------------------------------------------------------


class EmployerListView(FilteredListView):
    rule = "employers.view_register"
    template_name = "employers/employer_list.html"
    context_object_name = "employers"
    filter_form_class = EmployerFilterForm

    def get_queryset(self):
        return selectors.employer_list(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, "employers.create")
        context["can_export"] = can(self.request.user, "employers.export")
        context["can_import"] = can(self.request.user, "employers.import")
        return context


class EmployerExportView(EmployerListView):
    rule = "employers.export"

    def get(self, request, *args, **kwargs):
        header = [
            _("Organisasjonsnummer"), _("Navn"), _("Sektor"), _("Bransje"), _("Størrelse"), _("Kommunenummer"),
            _("Kommune"), _("Adresse"), _("Postnummer"), _("Poststed"), _("Status"), _("Rekrutteringsbehov"),
            _("HR-funksjon"), _("IA-avtale"), _("Sommerjobb"), _("Hovedkontakt i NAV"), _("Direkte telefon"),
            _("Direkte e-post"), _("Siste kontakt"),
        ]  # fmt: skip
        rows = selectors.employer_export_rows(employers=self.get_queryset())
        return export_response(
            fmt=request.GET.get("format", "csv"), filename="arbeidsgivere", header=header, rows=rows
        )


class EmployerCreateView(RuleRequiredMixin, FormView):
    rule = "employers.create"
    template_name = "employers/employer_form.html"
    form_class = EmployerForm

    def get_initial(self):
        """Defaults that follow the user: the registering adviser as primary NAV contact, their own
        NAV-kontor as the employer's office."""
        user = self.request.user
        initial = super().get_initial()
        if memberships_of(user):
            initial["primary_contact"] = user.pk
        offices = sorted(office_ids(user, *Role.values))
        if offices:
            initial["nav_office"] = offices[0]
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        if not data.get("primary_contact") and memberships_of(self.request.user):
            data["primary_contact"] = self.request.user  # someone in NAV owns the relation
        municipality = data.pop("municipality")
        if not can(self.request.user, "employers.change", Employer(county_id=municipality.county_id)):
            form.add_error("municipality", _("Du kan bare registrere arbeidsgivere i ditt eget fylke."))
            return self.form_invalid(form)
        employer = _run(
            form,
            services.employer_create,
            by=self.request.user,
            orgnr=data.pop("orgnr"),
            name=data.pop("name"),
            municipality=municipality,
            **data,
        )
        if employer is None:
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s er registrert.") % {"name": employer.name})
        return redirect("employers:employer_detail", pk=employer.pk)


class EmployerObjectMixin(ObjectRuleMixin):
    object_rule = "employers.view_register"
    context_object_name = "employer"

    def load_object(self) -> Employer | None:
        return selectors.employer_detail(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def employer(self) -> Employer:
        return self.object


class EmployerUpdateView(EmployerObjectMixin, FormView):
    object_rule = "employers.change"
    template_name = "employers/employer_form.html"
    form_class = EmployerForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.employer}

    def form_valid(self, form):
        result = _run(
            form, services.employer_update, employer=self.employer, by=self.request.user, **form.cleaned_data
        )
        if result is None:
            return self.form_invalid(form)
        return _saved(self.request, self.employer)


class EmployerDetailView(EmployerObjectMixin, TemplateView):
    template_name = "employers/employer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        coordination = selectors.coordination_contacts(employer=self.employer, user=user)
        context.update(
            timeline=selectors.employer_timeline(user=user, employer=self.employer),
            needs=selectors.employer_needs(user=user, employer=self.employer),
            coordination=coordination,
            coordination_names=_names(coordination),
            window_days=selectors.coordination_window_days(),
            can_change=can(user, "employers.change", self.employer),
            can_create_need=can(user, "employers.create_need", self.employer),
            can_log=can(user, "employers.log_contact", self.employer),
            now=timezone.now(),
            history=audit_history(self.employer, self.employer.contact_persons.all()),
        )
        return context


class ContactPersonFormView(EmployerObjectMixin, FormView):
    """Add a contact person, or edit one when the URL names it."""

    object_rule = "employers.change"
    template_name = "employers/contact_person_form.html"
    form_class = ContactPersonForm

    @cached_property
    def person(self) -> ContactPerson | None:
        if "person_pk" not in self.kwargs:
            return None
        return get_object_or_404(ContactPerson, pk=self.kwargs["person_pk"], employer=self.employer)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.person}

    def form_valid(self, form):
        by, data = self.request.user, form.cleaned_data
        if self.person is None:
            saved = _run(form, services.contact_person_create, employer=self.employer, by=by, **data)
            message = _("Kontaktpersonen %(name)s er lagt til.")
        else:
            saved = _run(form, services.contact_person_update, person=self.person, by=by, **data)
            message = _("Endringene på %(name)s er lagret.")
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, message % {"name": saved.name})
        return redirect("employers:employer_detail", pk=self.employer.pk)


class ContactPersonDeleteView(EmployerObjectMixin, View):
    object_rule = "employers.change"

    def post(self, request, pk, person_pk):
        person = get_object_or_404(ContactPerson, pk=person_pk, employer=self.employer)
        services.contact_person_delete(person=person, by=request.user)
        messages.success(request, _("Kontaktpersonen %(name)s er fjernet.") % {"name": person.name})
        return redirect("employers:employer_detail", pk=self.employer.pk)


class ContactLogCreateView(EmployerObjectMixin, FormView):
    """Log or plan a contact. When someone else in NAV was in touch within the coordination window,
    the form shows who, when and why, and asks for a confirmation before saving."""

    object_rule = "employers.log_contact"
    template_name = "employers/contact_log_form.html"
    form_class = ContactLogForm

    @cached_property
    def coordination(self):
        return selectors.coordination_contacts(employer=self.employer, user=self.request.user)

    def get_initial(self):
        return {
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
            "channel": self.request.GET.get("kanal", ""),
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coordination": self.coordination}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            coordination=self.coordination,
            coordination_names=_names(self.coordination),
            window_days=selectors.coordination_window_days(),
            now=timezone.now(),
        )
        return context

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "coordination_confirmed"}
        entry = services.contact_log_create(employer=self.employer, by=self.request.user, **data)
        if entry.occurred_at > timezone.now():
            messages.success(self.request, _("Den planlagte kontakten er registrert."))
        else:
            messages.success(self.request, _("Kontakten er registrert i kontaktloggen."))
        return redirect("employers:employer_detail", pk=self.employer.pk)


class ContactLogListView(FilteredListView):
    rule = "employers.view_register"
    template_name = "employers/contact_log_list.html"
    context_object_name = "entries"
    filter_form_class = ContactLogFilterForm

    def get_queryset(self):
        return selectors.contact_log_list(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "now": timezone.now()}


class NoContactListView(RuleRequiredMixin, ListView):
    rule = "employers.view_register"
    template_name = "employers/no_contact_list.html"
    context_object_name = "employers"
    paginate_by = LIST_PAGE_SIZE

    def get_queryset(self):
        return selectors.employers_without_contact(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": selectors.NO_CONTACT_DAYS}


# --- Needs ---------------------------------------------------------------------------------------


class NeedListView(FilteredListView):
    rule = "employers.view_needs"
    template_name = "employers/need_list.html"
    context_object_name = "needs"
    filter_form_class = NeedFilterForm

    def get_queryset(self):
        return selectors.need_list(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = can(self.request.user, "employers.export")
        context["regions"] = county_ids(self.request.user)
        return context


class NeedExportView(NeedListView):
    rule = "employers.export"

    def get(self, request, *args, **kwargs):
        header = [
            _("Tittel"), _("Arbeidsgiver"), _("Organisasjonsnummer"), _("Avdeling"), _("STYRK-kode"), _("Yrke"),
            _("Plasser"), _("Tilbud"), _("Kan føre til jobb"), _("Kommune"), _("Oppstart"), _("Frist"),
            _("Horisont"), _("Status"), _("Tilrettelegging"), _("Arbeidsoppgaver"),
        ]  # fmt: skip
        rows = selectors.need_export_rows(needs=self.get_queryset())
        return export_response(
            fmt=request.GET.get("format", "csv"), filename="behov", header=header, rows=rows
        )


class NeedCreateView(EmployerObjectMixin, FormView):
    object_rule = "employers.create_need"
    template_name = "employers/need_form.html"
    form_class = NeedForm

    def get_initial(self):
        return {"municipality": self.employer.municipality_id, "places": 1}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        need = _run(
            form,
            services.need_create,
            employer=self.employer,
            by=self.request.user,
            title=data.pop("title"),
            tasks=data.pop("tasks"),
            **data,
        )
        if need is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("Behovet er lagret som utkast. Åpne det når det er klart for veilederne.")
        )
        return redirect("employers:need_detail", pk=need.pk)


class NeedObjectMixin(ObjectRuleMixin):
    object_rule = "employers.view_needs"
    context_object_name = "need"

    def load_object(self) -> Need | None:
        return selectors.need_detail(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def need(self) -> Need:
        return self.object


class NeedDetailView(NeedObjectMixin, TemplateView):
    template_name = "employers/need_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_change = can(self.request.user, "employers.change_need", self.need)
        context.update(
            need=self.need,
            can_change=can_change and self.need.status in services.EDITABLE_STATUSES,
            transitions=[Need.Status(s) for s in sorted(services.NEED_TRANSITIONS[self.need.status])]
            if can_change
            else [],
            transition_form=NeedTransitionForm(),
            history=audit_history(self.need),
        )
        return context


class NeedUpdateView(NeedObjectMixin, FormView):
    object_rule = "employers.change_need"
    template_name = "employers/need_form.html"
    form_class = NeedForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.need}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "employer": self.need.employer, "need": self.need}

    def form_valid(self, form):
        try:
            services.need_update(need=self.need, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:  # TransitionError is one
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Endringene er lagret."))
        return redirect("employers:need_detail", pk=self.need.pk)


TRANSITION_MESSAGES = {
    Need.Status.OPEN: _("Behovet er åpnet. Veilederne i fylket har fått varsel."),
    Need.Status.FILLED: _("Behovet er markert som besatt."),
    Need.Status.CLOSED: _("Behovet er lukket."),
    Need.Status.WITHDRAWN: _("Behovet er trukket."),
}


class NeedTransitionView(NeedObjectMixin, View):
    object_rule = "employers.change_need"

    def post(self, request, pk, to):
        func = services.NEED_TRANSITION_FUNCTIONS.get(to)
        if func is None:
            raise Http404
        form = NeedTransitionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            if to == Need.Status.OPEN:
                func(need=self.need, by=request.user)
            else:
                func(need=self.need, by=request.user, note=note)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(TRANSITION_MESSAGES[to]))
        return redirect("employers:need_detail", pk=self.need.pk)


# --- Import ------------------------------------------------------------------------------------------


class ImportCreateView(RuleRequiredMixin, FormView):
    rule = "employers.import"
    template_name = "employers/import_form.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "template_header": ";".join(TEMPLATE_HEADER)}

    def form_valid(self, form):
        job = services.employer_import_start(
            by=self.request.user, filename=form.cleaned_data["file"].name, content=form.cleaned_data["text"]
        )
        return redirect("employers:import_detail", pk=job.pk)


class ImportDetailView(ObjectRuleMixin, TemplateView):
    """The result page; while a worker runs the job, htmx polls the progress fragment. Another
    user's job is the same 404 as a missing one."""

    object_rule = "employers.import"
    context_object_name = "job"
    template_name = "employers/import_detail.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["employers/_import_progress.html"]
        return [self.template_name]

    SHOWN_ERRORS = 100  # a 100,000-row bad file rendered a 30 MB page; the rest is in the CSV

    def load_object(self) -> ImportJob | None:
        return selectors.import_job_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        shown = (self.object.errors or [])[: self.SHOWN_ERRORS]
        return {**super().get_context_data(**kwargs), "shown_errors": shown}


class ImportErrorsExportView(ObjectRuleMixin, View):
    """Every error of an import as CSV (the page shows the first 100)."""

    object_rule = "employers.import"

    def load_object(self) -> ImportJob | None:
        return selectors.import_job_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, pk):
        job = self.object
        rows = [(e.get("row") or "", " ".join(e.get("messages", []))) for e in job.errors or []]
        return export_response(
            fmt="csv", filename=f"importfeil-{job.pk}", header=[_("Rad"), _("Feil")], rows=rows
        )


# --- Networks ----------------------------------------------------------------------------------------


class NetworkListView(RuleRequiredMixin, ListView):
    rule = "employers.view_register"
    template_name = "employers/network_list.html"
    context_object_name = "networks"
    paginate_by = LIST_PAGE_SIZE

    def get_queryset(self):
        return selectors.network_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_create": can(self.request.user, "employers.manage_networks"),
        }


class NetworkObjectMixin(ObjectRuleMixin):
    object_rule = "employers.view_register"
    context_object_name = "network"

    def load_object(self) -> Network | None:
        return selectors.network_detail(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def network(self) -> Network:
        return self.object


class NetworkDetailView(NetworkObjectMixin, TemplateView):
    template_name = "employers/network_detail.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_change": can(self.request.user, "employers.change_network", self.network),
            "history": audit_history(self.network, self.network.meetings.all()),
        }


class NetworkCreateView(RuleRequiredMixin, FormView):
    rule = "employers.manage_networks"
    template_name = "employers/network_form.html"
    form_class = NetworkForm

    def get_form_kwargs(self):
        from accounts.access import is_admin

        from .rules import MANAGERS

        counties = None if is_admin(self.request.user) else county_ids(self.request.user, *MANAGERS)
        return {**super().get_form_kwargs(), "counties": counties}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        network = services.network_create(
            by=self.request.user, name=data.pop("name"), county=data.pop("county"), **data
        )
        messages.success(self.request, _("Nettverket %(name)s er opprettet.") % {"name": network.name})
        return redirect("employers:network_detail", pk=network.pk)


class NetworkUpdateView(NetworkObjectMixin, FormView):
    object_rule = "employers.change_network"
    template_name = "employers/network_form.html"
    form_class = NetworkForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.network, "counties": [self.network.county_id]}

    def form_valid(self, form):
        services.network_update(network=self.network, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Endringene er lagret."))
        return redirect("employers:network_detail", pk=self.network.pk)


class NetworkMeetingCreateView(NetworkObjectMixin, FormView):
    object_rule = "employers.change_network"
    template_name = "employers/network_meeting_form.html"
    form_class = NetworkMeetingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def form_valid(self, form):
        services.network_meeting_create(network=self.network, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Møtet er registrert."))
        return redirect("employers:network_detail", pk=self.network.pk)
