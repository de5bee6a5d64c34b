"""The employer register: list, export, create, update, the employer page, contact persons and
the coordinated contact log."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.access import can, home_county, memberships_of, office_ids
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from accounts.models import Role
from core.exports import export_response
from core.selectors import audit_history

from .. import selectors, services
from ..forms import (
    ContactLogFilterForm,
    ContactLogForm,
    ContactPersonForm,
    EmployerFilterForm,
    EmployerForm,
)
from ..models import ContactPerson, Employer
from .base import LIST_PAGE_SIZE, FilteredListView, _names, _run, _saved

# --- Employers -----------------------------------------------------------------------------------


class EmployerListView(FilteredListView):
    rule = "employers.view_register"
    template_name = "employers/employer_list.html"
    context_object_name = "employers"
    filter_form_class = EmployerFilterForm
    row_fields = (
        "name", "orgnr", "sector", "status", "last_contact_at", "municipality__name",
        "primary_contact__first_name", "primary_contact__last_name", "primary_contact__username",
    )  # fmt: skip

    def filter_defaults(self):
        county = home_county(self.request.user)
        return {"county": county.pk if county else None}

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
    row_fields = (
        "occurred_at", "channel", "purpose", "next_step", "next_step_on", "employer_id", "employer__name",
        "user__first_name", "user__last_name", "user__username", "unit__name",
    )  # fmt: skip

    def get_queryset(self):
        return selectors.contact_log_list(user=self.request.user, filters=self.filters())

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = selectors.contact_log_count(queryset)  # the kept total when unfiltered
        return paginator

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
