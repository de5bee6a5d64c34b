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
