from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from core.views import HealthView, LiveView, ReadyView

admin.site.site_header = _("NAV Inkludering – administrasjon")
admin.site.site_title = _("NAV Inkludering")
admin.site.index_title = _("Administrasjon")

urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    path("healthz/live", LiveView.as_view(), name="healthz_live"),
    path("healthz/ready", ReadyView.as_view(), name="healthz_ready"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Choosing the language carries no data and must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("employers.urls")),
    path("kandidater/", include("candidates.urls")),
    path("prosjekter/", include("projects.urls")),
    path("matching/", include("matching.urls")),
    path("tiltak/", include("placements.urls")),
    path("resultater/", include("dashboards.urls")),
    path("", include("core.urls")),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
