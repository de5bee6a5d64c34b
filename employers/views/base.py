"""Shared pieces of the employer views: list paging, form-to-service glue, the filtered list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView

from accounts.mixins import RuleRequiredMixin
from core.forms import add_service_errors, filter_cache_key, filter_data

# 25 like every other list: rendering rows is most of a list page's cost (issue 16: 50 → 25 rows
# took about a third off the needs and register pages)
LIST_PAGE_SIZE = 25


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
    # The fields the rows show (employers.templatetags.employer_rows): the page reads only these,
    # as dicts, not 25 rows of three or four model instances (half the ORM's CPU; issue 16). The
    # count stays on the queryset itself: a values() queryset keeps the joins of the related
    # names it reads in its COUNT (the needs' count 0.5 → 9 ms). The exports, which call
    # get_queryset(), still load whole objects.
    row_fields: tuple[str, ...] = ()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.row_fields:
            rows = page.object_list = rows.values("pk", *self.row_fields)
        return paginator, page, rows, is_paginated

    def filter_defaults(self) -> dict:
        """Filter values preselected for this user (core.forms.filter_data)."""
        return {}

    @cached_property
    def filter_form(self):
        return self.filter_form_class(
            filter_data(self.request.GET, self.filter_form_class, self.filter_defaults())
        )

    def filters(self) -> dict:
        form = self.filter_form
        if form.is_bound and form.data is not self.request.GET:
            # Bound to the user's own defaults only (a first visit, a page link): values taken from
            # their memberships, valid by construction, so not validated again (the register's
            # county lookup, one query; issue 16). The selectors filter by pk as well as by object.
            return {k: v for k, v in self.filter_defaults().items() if v}
        return {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound and form.is_valid() else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["filter_cache_key"] = filter_cache_key(self.filter_form)
        return context
