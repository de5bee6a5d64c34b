"""CSV import of employers: upload, progress page and the error list as CSV."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from core.exports import export_response

from .. import selectors, services
from ..forms import (
    ImportForm,
)
from ..importing import TEMPLATE_HEADER
from ..models import ImportJob

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
