"""Outcome dashboards: one page per node and period, read from the published snapshot, and the
export of any of its tables (suppression already applied)."""

from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.access import can, is_admin
from accounts.mixins import RuleRequiredMixin
from core.exports import export_response

from . import selectors
from .forms import DashboardFilterForm


class DashboardMixin(RuleRequiredMixin):
    rule = "dashboards.view"

    with_data = False

    def load(self):
        """(snapshot, form, view) for the request; view None when nothing to show."""
        snapshot = selectors.latest_snapshot()
        if snapshot is None:
            return None, None, None
        nodes = selectors.dashboard_nodes(self.request.user, snapshot)
        data = self.request.GET.copy()
        if not data.get("periode"):
            data["periode"] = snapshot.periods[0][0]
        form = DashboardFilterForm(
            data,
            nodes=nodes,
            periods=[tuple(p) for p in snapshot.periods],
            show_all=is_admin(self.request.user),
        )
        view = None
        if form.is_valid() and form.cleaned_data["node"]:
            view = selectors.dashboard_view(
                snapshot=snapshot,
                node=form.cleaned_data["node"],
                period=form.cleaned_data["periode"],
                with_data=self.with_data,
            )
        return snapshot, form, view


class DashboardView(DashboardMixin, TemplateView):
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs):
        snapshot, form, view = self.load()
        context = super().get_context_data(
            snapshot=snapshot,
            form=form,
            view=view,
            # The access log moved here with the candidate statistics it used to sit beside.
            can_access_log=can(self.request.user, "candidates.view_access_log"),
            **kwargs,
        )
        if view is not None:
            period_labels = dict(tuple(p) for p in snapshot.periods)
            context["period_label"] = period_labels.get(view.period, view.period)
            # Rendered by the snapshot build from our own template (escaped there).
            context["view_html"] = mark_safe(view.html)  # noqa: S308
        return context


class ExportView(DashboardMixin, TemplateView):
    """?tabell=<key>&format=csv|xlsx plus the page's filters."""

    with_data = True

    def get(self, request, *args, **kwargs):
        snapshot, _form, view = self.load()
        if view is None:
            raise Http404
        key = request.GET.get("tabell", "")
        header, rows = table_rows(view, key)
        if header is None:
            raise Http404
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        filename = slugify(f"resultater-{view.label}-{view.period}-{key}-per-{snapshot.cutoff}")
        return export_response(fmt=fmt, filename=filename, header=header, rows=rows)


def table_rows(view, key: str):
    """Header and rows of one table of a view, exactly as the page shows them."""
    data = view.data
    if key == "goals" and data.get("goals") is not None:
        header = [_("Måltall"), _("Beskrivelse"), _("Periode"), _("Mål"), _("Nå"), _("Status")]
        return header, [
            [g["metric"], g["description"], g["period"], g["target"], g["current"], g["reached"]]
            for g in data["goals"]
        ]
    tables = list(data.get("tables", []))
    if data.get("report"):
        tables.append(data["report"])
    for table in tables:
        if table["key"] == key:
            header = [table["title"], *[label for _k, label in table["columns"]]]
            return header, [[row["label"], *row["cells"]] for row in table["rows"]]
    return None, None
