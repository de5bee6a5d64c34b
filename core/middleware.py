from django.conf import settings
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
