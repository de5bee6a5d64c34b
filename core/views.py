from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.access import memberships_of, visible

from .health import health_report, ready_report
from .lookups import LOOKUPS
from .middleware import session_renew
from .models import Notification
from .navigation import home_sections_for
from .services import notifications_mark_read


class HomeView(TemplateView):
    """Who you are, your units and roles, and the areas and sections your roles reach."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = []
        for section in home_sections_for(self.request.user):
            section_context = section.context(self.request)
            if section_context is not None:
                sections.append((section.template, section_context))
        context["memberships"] = memberships_of(self.request.user)
        context["sections"] = sections
        return context


class NotificationListView(ListView):
    template_name = "core/notifications.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return visible(self.request.user, Notification.objects.all()).order_by("-created_at")


class NotificationOpenView(View):
    """Opening a notification marks it read and goes to the thing it is about."""

    def get(self, request, pk):
        notification = get_object_or_404(visible(request.user, Notification.objects.all()), pk=pk)
        notifications_mark_read(user=request.user, ids=[notification.pk])
        if notification.url and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(notification.url)
        return redirect("core:notifications")


class NotificationsMarkReadView(View):
    def post(self, request):
        ids = request.POST.getlist("id") or None
        count = notifications_mark_read(
            user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None
        )
        if count:
            messages.success(request, _("Varslene er merket som lest."))
        return redirect("core:notifications")


class SessionKeepAliveView(View):
    """«Bli innlogget»: moves the idle deadline now (whatever SESSION_RENEW_SECONDS says) and
    answers how long the session lasts. An expired session never gets here (login redirect)."""

    def post(self, request):
        session_renew(request)
        response = JsonResponse({"expires_in": request.session.get_expiry_age()})
        response["Cache-Control"] = "no-store"
        return response


class LookupView(View):
    """/valg/<name>/?q=…: the labels of a reference list that match, for the picker (core.lookups).
    Reference data only (no personal data); behind login like every page."""

    def get(self, request, name):
        lookup = LOOKUPS.get(name)
        if lookup is None:
            raise Http404
        results = [
            {"value": lookup.code(obj), "label": lookup.label(obj)}
            for obj in lookup.search(request.GET.get("q", "")[:100], params=request.GET)
        ]
        return JsonResponse({"results": results})


class AccessibilityStatementView(TemplateView):
    template_name = "core/accessibility.html"


def _health_response(healthy: bool, report: dict) -> JsonResponse:
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@method_decorator(login_not_required, name="dispatch")
class HealthView(View):
    """/healthz: the full report for monitoring (database, Redis, worker, beat, outbox); 503 when
    one is not ok. Not a readiness probe: use /healthz/ready for that."""

    def get(self, request):
        return _health_response(*health_report())


@method_decorator(login_not_required, name="dispatch")
class LiveView(View):
    """/healthz/live: the process answers (liveness probe). Touches no database or Redis."""

    def get(self, request):
        return _health_response(True, {"status": "ok"})


@method_decorator(login_not_required, name="dispatch")
class ReadyView(View):
    """/healthz/ready: the database answers (readiness probe); Redis or the worker being down does
    not take the web out of service."""

    def get(self, request):
        return _health_response(*ready_report())
