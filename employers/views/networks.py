"""Employer networks: list, page, create, update and meetings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from accounts.access import can, county_ids, home_county
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from core.selectors import audit_history

from .. import selectors, services
from ..forms import (
    NetworkForm,
    NetworkMeetingForm,
)
from ..models import Network
from .base import LIST_PAGE_SIZE

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

        from ..rules import MANAGERS

        counties = None if is_admin(self.request.user) else county_ids(self.request.user, *MANAGERS)
        return {**super().get_form_kwargs(), "counties": counties}

    def get_initial(self):
        county = home_county(self.request.user)
        return {**super().get_initial(), "county": county.pk if county else None}

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
