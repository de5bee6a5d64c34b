"""Our own error pages (400, 403, 404, 500, CSRF failure) in the Aksel layout.

Each says what happened and offers a way on. They render with the request, so the page keeps
the user's language and menu; if that fails (a 500 because PostgreSQL is down, say), the same
template renders without context processors, so an error page never raises an error of its own.
"""

import logging

from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TEMPLATE = "errors/error.html"


def _texts(status: int) -> tuple[str, str]:
    return {
        400: (_("Forespørselen kunne ikke behandles"), _("Nettleseren sendte noe siden ikke forstod.")),
        403: (
            _("Du har ikke tilgang til denne siden"),
            _(
                "Rollen din gir ikke tilgang til det du prøvde å åpne. Spør lederen din hvis du trenger tilgang."
            ),
        ),
        404: (
            _("Fant ikke siden"),
            _(
                "Siden finnes ikke, eller den er flyttet eller slettet. Sjekk adressen, eller gå videre herfra."
            ),
        ),
        500: (
            _("Noe gikk galt hos oss"),
            _("Det er ikke din feil. Prøv igjen om litt. Det du lagret før feilen, er ikke borte."),
        ),
    }[status]


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def render_error(request, *, status: int, title: str, lead: str, login_again: bool = False) -> HttpResponse:
    context = {
        "status": status,
        "error_title": title,
        "error_lead": lead,
        "back_url": _back_url(request) if request is not None else "",
        "home_url": reverse("core:home"),
        "login_url": f"{reverse('login')}?next={request.path}" if login_again and request else "",
    }
    template = loader.get_template(TEMPLATE)
    try:
        content = template.render(context, request)
    except Exception:  # the error page must not fail: render it without context processors
        logger.exception("Error page %s rendered without request context", status)
        content = template.render(context)
    return HttpResponse(content, status=status)


def bad_request(request, exception=None):
    return render_error(request, status=400, title=_texts(400)[0], lead=_texts(400)[1])


def permission_denied(request, exception=None):
    return render_error(request, status=403, title=_texts(403)[0], lead=_texts(403)[1])


def page_not_found(request, exception=None):
    return render_error(request, status=404, title=_texts(404)[0], lead=_texts(404)[1])


def server_error(request):
    return render_error(request, status=500, title=_texts(500)[0], lead=_texts(500)[1])


def csrf_failure(request, reason=""):
    """The form was sent from a page that had grown stale (often: logged out in between)."""
    return render_error(
        request,
        status=403,
        title=_("Skjemaet kunne ikke sendes"),
        lead=_(
            "Siden var for gammel, eller du har vært logget ut i mellomtiden. Last siden på nytt og "
            "send skjemaet igjen. Det du skrev, er tatt vare på i denne nettleseren."
        ),
        login_again=True,
    )
