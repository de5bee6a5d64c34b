"""Thin views for the weekly market e-mail: preferences, the coordinators' preview, unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from accounts.access import require
from accounts.mixins import RuleRequiredMixin
from core.services import email_render

from . import selectors, services
from .forms import PreferenceForm, PreviewForm
from .services import TEMPLATE


class PreferencesView(RuleRequiredMixin, TemplateView):
    rule = "digests.preferences"
    template_name = "digests/preferences.html"

    def _initial(self):
        preference = selectors.preference_for(self.request.user)
        if preference is None:
            return {"opted_out": False, "extra_counties": []}
        return {"opted_out": preference.opted_out, "extra_counties": preference.extra_county_ids}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PreferenceForm(initial=self._initial()))
        own = selectors.recipient_counties(self.request.user)
        return super().get_context_data(
            own_regions=selectors.County.objects.filter(pk__in=own).order_by("name"), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = PreferenceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.digest_preference_update(
            user=request.user,
            by=request.user,
            opted_out=form.cleaned_data["opted_out"],
            extra_counties=form.cleaned_data["extra_counties"],
        )
        messages.success(request, _("Innstillingene for markeds-e-posten er lagret."))
        return redirect("digests:preferences")


def _preview(user, recipient):
    """(subject, text, html) of what `recipient` gets this week, or None when they get none."""
    week = selectors.this_week()
    context = selectors.digest_content(user=recipient, week=week)
    if context is None:
        return week, None
    return week, email_render(template=TEMPLATE, context=context)


class PreviewView(RuleRequiredMixin, TemplateView):
    """«Ukens markeds-e-post»: exactly what a chosen recipient gets this week."""

    rule = "digests.preview"
    template_name = "digests/preview.html"

    def get_context_data(self, **kwargs):
        recipients = selectors.preview_recipients(user=self.request.user)
        form = PreviewForm(self.request.GET or None, recipients=recipients)
        recipient, rendered, week = None, None, selectors.this_week()
        if form.is_valid():
            recipient = form.cleaned_data["mottaker"]
            require(self.request.user, "digests.preview", recipient)
            week, rendered = _preview(self.request.user, recipient)
        return super().get_context_data(
            form=form, recipient=recipient, rendered=rendered, week=week, **kwargs
        )


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PreviewHtmlView(RuleRequiredMixin, View):
    """The HTML part on its own, for the preview's frame. The e-mail's inline styles are allowed
    here only: this response has no script and is shown in a sandboxed frame."""

    rule = "digests.preview"

    def get(self, request, pk):
        recipient = selectors.preview_recipients(user=request.user).filter(pk=pk).first()
        if recipient is None:
            raise Http404
        require(request.user, "digests.preview", recipient)
        _week, rendered = _preview(request.user, recipient)
        if rendered is None:
            raise Http404
        response = HttpResponse(rendered["html"])
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; "
            "base-uri 'none'; form-action 'none'; sandbox"
        )
        return response


@method_decorator(login_not_required, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")  # mail clients' one-click POST (RFC 8058) has no token
class UnsubscribeView(View):
    """The signed per-recipient link: GET asks, POST unsubscribes (also the List-Unsubscribe-Post
    one-click). A link scanner that follows the GET changes nothing."""

    template_name = "digests/unsubscribe.html"

    def get(self, request, token):
        user = selectors.unsubscribe_user(token)
        return render(request, self.template_name, {"valid": user is not None, "done": False},
                      status=200 if user else 404)  # fmt: skip

    def post(self, request, token):
        user = selectors.unsubscribe_user(token)
        if user is None:
            return render(request, self.template_name, {"valid": False, "done": False}, status=404)
        services.digest_unsubscribe(user=user)
        return render(request, self.template_name, {"valid": True, "done": True})
