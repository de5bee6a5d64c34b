"""Login and logout: single sign-on (accounts.oidc) and, where a setting allows it, a password."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from .oidc import logout_url, oidc_enabled


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            sso_enabled=oidc_enabled(),
            password_login_enabled=settings.PASSWORD_LOGIN_ENABLED,
            sso_refused=self.request.GET.get("sso") == "avvist",
        )


class LogoutView(auth_views.LogoutView):
    """Ends our session and, after a single sign-on, the provider's too."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        provider_logout = logout_url(request, id_token)
        return HttpResponseRedirect(provider_logout) if provider_logout else response
