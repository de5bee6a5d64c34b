import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class CookieLocaleMiddleware(LocaleMiddleware):
    """Bokmål unless the user chose another language in the footer (the language cookie).

    The browser's Accept-Language is ignored on purpose: many NAV PCs run English Windows, and
    a page half in English (Django's strings) and half in Norwegian (ours) helps nobody.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store, private` on every response
    to a signed-in user, since nearly every page shows someone's data (issue 10, item 7)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response.setdefault("Pragma", "no-cache")
        return response


class OddInputMiddleware:
    """400 with a Norwegian message for a NUL byte or an absurdly long value in any GET or POST
    parameter (issue 10, item 6): PostgreSQL refuses NUL in text, and no field needs more.
    Form fields have their own, tighter max_length with a form error."""

    MAX_GET_VALUE = 2_000
    MAX_POST_VALUE = 50_000

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request.GET, self.MAX_GET_VALUE)
        if not problem and request.method == "POST":
            problem = self._problem(request.POST, self.MAX_POST_VALUE)
        if problem:
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _problem(params, limit: int) -> str:
        for key, values in params.lists():
            for value in [key, *values]:
                if "\x00" in value:
                    return "Ugyldig forespørsel: et felt inneholder et NUL-tegn (byte 0)."
                if len(value) > limit:
                    return f"Ugyldig forespørsel: et felt er lengre enn {limit} tegn."
        return ""


# Where the session keeps the time (epoch seconds) its idle deadline was last moved.
SESSION_RENEWED_KEY = "_renewed_at"


def session_renewed_at(request) -> float | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_RENEWED_KEY) if session is not None else None


class SessionIdleMiddleware:
    """The idle timeout without a session write on every request (issue 16).

    `SESSION_SAVE_EVERY_REQUEST` wrote the session row on every page view. Instead, a session
    that is not otherwise changed is saved (which moves its expiry to now + SESSION_COOKIE_AGE)
    only when its deadline was last moved `SESSION_RENEW_SECONDS` ago or more. The deadline is
    then at most that much earlier than with a write per request; the page tells the idle-timeout
    warning the true time left (core.context_processors.navigation), so the warning still shows
    before the session ends. «Bli innlogget» always renews."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.keys() and session.session_key:  # a stored session with data (loads it once)
            renewed = session.get(SESSION_RENEWED_KEY)
            now = time.time()
            if renewed is None or now - renewed >= settings.SESSION_RENEW_SECONDS:
                session[SESSION_RENEWED_KEY] = now
        return self.get_response(request)


def session_renew(request) -> None:
    """Move the idle deadline now (the keep-alive endpoint)."""
    request.session[SESSION_RENEWED_KEY] = time.time()


def session_renewed_on_login(sender, request, user, **kwargs):
    """Logging in saves the session with a fresh deadline: the next request need not save it again."""
    if request is not None and hasattr(request, "session"):
        session_renew(request)
