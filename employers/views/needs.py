"""Needs (kravspesifikasjoner): list, export, create, the need page, update and lifecycle steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import can
from accounts.mixins import ObjectRuleMixin
from core.exports import export_response
from core.forms import add_service_errors
from core.selectors import audit_history

from .. import selectors, services
from ..forms import (
    NeedFilterForm,
    NeedForm,
    NeedTransitionForm,
)
from ..models import Need
from .base import FilteredListView, _run
from .register import EmployerObjectMixin

# --- Needs ---------------------------------------------------------------------------------------


class NeedListView(FilteredListView):
    rule = "employers.view_needs"
    template_name = "employers/need_list.html"
    context_object_name = "needs"
    filter_form_class = NeedFilterForm
    row_fields = (
        "title", "places", "offer_types", "deadline", "status",
        "employer__name", "occupation__name", "municipality__name",
    )  # fmt: skip

    def get_queryset(self):
        return selectors.need_list(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = can(self.request.user, "employers.export")
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
