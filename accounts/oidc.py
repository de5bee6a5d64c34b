"""Single sign-on with OpenID Connect (Entra ID at NAV) through mozilla-django-oidc.

Configured from the environment (settings «Single sign-on»): the provider's discovery document
(`OIDC_OP_DISCOVERY_URL`, on NAIS `AZURE_APP_WELL_KNOWN_URL`) gives issuer and endpoints, fetched
once per process on first use (never at import, so a process starts while the provider is away);
an endpoint set explicitly in the environment wins.

What we add to the library:
- the ID token is verified for signature (the provider's JWKS), audience (our client id), issuer,
  expiry, issued-at and nonce; a token that fails any of these is refused and the login fails with
  a Norwegian message, never a 500;
- the verified ID token is the claim set (Entra ID puts `groups` there; its userinfo does not);
- at every login the user's memberships become exactly what their groups map to
  (`accounts.services.user_sync_from_claims`); a user with no mapped group left is refused and,
  if signed in, signed out (`CallbackView.login_failure`);
- the session is re-checked against the provider every `OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS`
  (`SessionRefresh`), so a removed group takes effect within that time, not only at next login.
"""

import logging
import threading
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc import middleware as oidc_middleware
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .services import user_sync_from_claims

logger = logging.getLogger(__name__)

# Setting name -> key of the discovery document.
DISCOVERED = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
_discovered: dict[str, dict] = {}
_lock = threading.Lock()


def discovery(url: str) -> dict:
    """The provider's `.well-known/openid-configuration`, fetched once per process and URL."""
    with _lock:
        if url not in _discovered:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            _discovered[url] = response.json()
        return _discovered[url]


def oidc_setting(attr, *default):
    """A setting for mozilla-django-oidc: set explicitly, else from the discovery document."""
    value = getattr(settings, attr, None)
    if value:
        return value
    if attr in DISCOVERED and settings.OIDC_OP_DISCOVERY_URL:
        found = discovery(settings.OIDC_OP_DISCOVERY_URL).get(DISCOVERED[attr])
        if found:
            return found
    return import_from_settings(attr, *default)


def oidc_enabled() -> bool:
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and (settings.OIDC_OP_DISCOVERY_URL or settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    )


def _lazy(attr, *default):
    return property(lambda self: oidc_setting(attr, *default))


class OIDCBackend(OIDCAuthenticationBackend):
    """The library's backend, lazy (Django builds a backend for every request's `get_user`) and
    strict about the ID token."""

    get_settings = staticmethod(oidc_setting)
    OIDC_OP_TOKEN_ENDPOINT = _lazy("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _lazy("OIDC_OP_USER_ENDPOINT", None)
    OIDC_OP_JWKS_ENDPOINT = _lazy("OIDC_OP_JWKS_ENDPOINT", None)
    OIDC_RP_CLIENT_ID = _lazy("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _lazy("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _lazy("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_IDP_SIGN_KEY = _lazy("OIDC_RP_IDP_SIGN_KEY", None)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not oidc_enabled() or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as error:
            # The reason only: a token or a claim is personal data and stays out of the log.
            logger.warning(
                "single sign-on refused: %s", type(error).__name__ + ": " + str(error).split("(")[0]
            )
            return None

    def verify_token(self, token, **kwargs):
        # The header is checked before the library looks a key up by it (alg "none", no kid).
        try:
            header = jwt.get_unverified_header(token or "")
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation("ID token unreadable") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or (
            self.OIDC_RP_IDP_SIGN_KEY is None and not header.get("kid")
        ):
            raise SuspiciousOperation("ID token signed with an unexpected algorithm or key")
        return super().verify_token(token, **kwargs)

    def _verify_jws(self, payload, key):
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=oidc_setting("OIDC_OP_ISSUER"),
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused ({type(error).__name__})") from error

    def get_userinfo(self, access_token, id_token, payload):
        # The verified ID token is the claim set: Entra ID's userinfo (Graph) carries no groups.
        return payload

    def verify_claims(self, claims):
        return bool(claims.get(settings.OIDC_SUBJECT_CLAIM))

    def get_or_create_user(self, access_token, id_token, payload):
        if not self.verify_claims(payload):
            raise SuspiciousOperation("ID token without the subject claim")
        return user_sync_from_claims(claims=payload)


class AuthenticateView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self):
        return reverse("login") + "?sso=avvist"

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        # A refused refresh (groups gone, token refused) ends the session it was refreshing.
        if self.request.user.is_authenticated:
            auth.logout(self.request)
        return HttpResponseRedirect(self.failure_url)


def logout_url(request, id_token: str | None) -> str | None:
    """Where to send the browser after our logout: the provider's end-session endpoint, so the
    single sign-on session ends too (RP-initiated logout), back to our login page."""
    if not id_token or not oidc_enabled():
        return None
    try:
        end_session = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except (ImproperlyConfigured, requests.RequestException):
        return None
    if not end_session:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": oidc_setting("OIDC_RP_CLIENT_ID"),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{end_session}?{query}"


class SessionRefresh(oidc_middleware.SessionRefresh):
    """Re-checks a single-sign-on session with the provider (prompt=none) when its renewal time
    has passed; password sessions are left alone (the library checks the session's backend)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, get_response):
        super(oidc_middleware.SessionRefresh, self).__init__(get_response)

    @property
    def exempt_urls(self):
        names = [*settings.OIDC_EXEMPT_URLS, "oidc_authentication_init", "oidc_authentication_callback"]
        return {reverse(name) for name in names}

    exempt_url_patterns = frozenset()
    OIDC_OP_AUTHORIZATION_ENDPOINT = _lazy("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_RP_CLIENT_ID = _lazy("OIDC_RP_CLIENT_ID")
    OIDC_STATE_SIZE = _lazy("OIDC_STATE_SIZE", 32)
    OIDC_AUTHENTICATION_CALLBACK_URL = _lazy(
        "OIDC_AUTHENTICATION_CALLBACK_URL", "oidc_authentication_callback"
    )
    OIDC_RP_SCOPES = _lazy("OIDC_RP_SCOPES", "openid email")
    OIDC_USE_NONCE = _lazy("OIDC_USE_NONCE", True)
    OIDC_NONCE_SIZE = _lazy("OIDC_NONCE_SIZE", 32)

    def process_request(self, request):
        if not oidc_enabled():
            return None
        return super().process_request(request)
