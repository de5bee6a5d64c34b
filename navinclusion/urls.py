from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts.oidc import AuthenticateView, CallbackView
from accounts.views import LoginView, LogoutView
from core.views import HealthView, LiveView, ReadyView

admin.site.site_header = _("NAV Inkludering – administrasjon")
admin.site.site_title = _("NAV Inkludering")
admin.site.index_title = _("Administrasjon")

urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    path("healthz/live", LiveView.as_view(), name="healthz_live"),
    path("healthz/ready", ReadyView.as_view(), name="healthz_ready"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    # Single sign-on (accounts/oidc.py); 404 unless OIDC is configured.
    path(
        "oidc/authenticate/", login_not_required(AuthenticateView.as_view()), name="oidc_authentication_init"
    ),
    path("oidc/callback/", login_not_required(CallbackView.as_view()), name="oidc_authentication_callback"),
    # Choosing the language carries no data and must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("employers.urls")),
    path("kandidater/", include("candidates.urls")),
    path("prosjekter/", include("projects.urls")),
    path("matching/", include("matching.urls")),
    path("arrangementer/", include("jobfairs.urls")),
    path("tiltak/", include("placements.urls")),
    path("markedsepost/", include("digests.urls")),
    path("resultater/", include("dashboards.urls")),
    path("", include("core.urls")),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
