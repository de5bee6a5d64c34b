"""Thin views for matching: rankings, candidate lists, sharing, and the employer's shared page."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.access import can, require
from candidates import selectors as candidate_selectors
from core.forms import add_service_errors
from core.models import ShareLink, ShareLinkAccess
from core.sharing import ShareLinkRefused, client_key, share_link_log, share_link_resolve, share_link_revoke
from employers import selectors as employer_selectors
from employers.models import Need

from . import selectors, services
from .forms import EmployerResponseForm, EntryStatusForm, ProposeForm, RankingFilterForm, ShareForm
from .models import CandidateList, ListEntry

PAGE_SIZE = 20
# The ranking is for choosing whom to talk to; beyond 100 results a narrower need helps more.
MAX_PAGES = 5


class NeedMixin:
    need_rule = "matching.view_list"

    @cached_property
    def need(self) -> Need:
        try:
            need = employer_selectors.need_detail(user=self.request.user, pk=self.kwargs["pk"])
        except Need.DoesNotExist:
            raise Http404 from None
        require(self.request.user, self.need_rule, need)
        return need

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.need  # noqa: B018
        return super().dispatch(request, *args, **kwargs)


def _filters(request):
    form = RankingFilterForm(request.GET or None)
    strict, page = True, 1
    if form.is_valid():
        strict = not form.cleaned_data["alle"]
        page = form.cleaned_data["side"] or 1
    return form, strict, page


class NeedRankingView(NeedMixin, TemplateView):
    """The full ranking of anonymised profiles for a need, with filters and paging."""

    need_rule = "matching.rank_for_need"
    template_name = "matching/need_ranking.html"

    def get_context_data(self, **kwargs):
        form, strict, page = _filters(self.request)
        suggestions = selectors.need_suggestions(
            user=self.request.user,
            need=self.need,
            top=PAGE_SIZE,
            strict=strict,
            offset=(page - 1) * PAGE_SIZE,
        )
        return super().get_context_data(
            need=self.need,
            form=form,
            suggestions=suggestions,
            page=page,
            has_next=len(suggestions) == PAGE_SIZE and page < MAX_PAGES,
            strict=strict,
            can_propose=self.need.status == "apen",
            **kwargs,
        )


class CandidateSuggestionsView(TemplateView):
    """«Forslag»: open needs that fit one of the counsellor's candidates."""

    template_name = "matching/candidate_suggestions.html"

    def get_context_data(self, **kwargs):
        candidate = candidate_selectors.candidate_get(user=self.request.user, pk=self.kwargs["pk"])
        if candidate is None:
            raise Http404
        require(self.request.user, "matching.rank_for_candidate", candidate)
        form, strict, page = _filters(self.request)
        suggestions = selectors.candidate_suggestions(
            user=self.request.user,
            candidate=candidate,
            top=PAGE_SIZE,
            strict=strict,
            offset=(page - 1) * PAGE_SIZE,
        )
        return super().get_context_data(
            candidate=candidate,
            form=form,
            suggestions=suggestions,
            page=page,
            has_next=len(suggestions) == PAGE_SIZE and page < MAX_PAGES,
            strict=strict,
            **kwargs,
        )


class CandidateListView(NeedMixin, TemplateView):
    template_name = "matching/candidate_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = selectors.list_rows(user=user, need=self.need)
        manage = can(user, "matching.manage_list", self.need)
        candidate_list = selectors.candidate_list_of(self.need)
        own = selectors.own_candidates_for_proposal(user=user, need=self.need)
        return super().get_context_data(
            need=self.need,
            rows=[
                (r, EntryStatusForm(initial={"status": r.entry.status, "outcome": r.entry.outcome}))
                for r in rows
            ],
            balance=selectors.list_balance(need=self.need, rows=rows),
            can_manage=manage,
            propose_form=ProposeForm(candidates=own) if self.need.status == "apen" and own else None,
            share_form=ShareForm() if manage and rows else None,
            links=list(selectors.list_share_links(candidate_list)) if manage and candidate_list else [],
            now=timezone.now(),
            **kwargs,
        )


class ProposeView(NeedMixin, View):
    """A counsellor puts one of their candidates on the need's list."""

    def post(self, request, pk):
        candidate = candidate_selectors.candidate_get(
            user=request.user, pk=request.POST.get("candidate") or 0
        )
        if candidate is None or not can(request.user, "matching.propose", candidate):
            messages.error(request, _("Du kan bare foreslå kandidater fra ditt eget kontor."))
            return redirect("matching:list", pk=self.need.pk)
        try:
            services.entry_propose(need=self.need, candidate=candidate, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("matching:list", pk=self.need.pk)
        messages.success(
            request,
            _("%(code)s er foreslått til %(need)s.")
            % {"code": candidate.profile.code, "need": self.need.title},
        )
        if not services.has_consent_for(candidate=candidate, need=self.need):
            messages.warning(
                request,
                _(
                    "%(code)s har ikke samtykke til at navn og CV deles med %(employer)s. Arbeidsgiveren ser "
                    "bare den anonyme profilen til du registrerer samtykke."
                )
                % {"code": candidate.profile.code, "employer": self.need.employer.name},
            )
            return redirect(
                reverse("candidates:consent_create", args=[candidate.pk]) + f"?behov={self.need.pk}"
            )
        return redirect("matching:list", pk=self.need.pk)


class EntryStatusView(View):
    def post(self, request, pk):
        entry = get_object_or_404(
            ListEntry.objects.select_related("candidate_list__need", "candidate"), pk=pk
        )
        require(request.user, "matching.change_entry", entry)
        form = EntryStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Velg en gyldig status og et gyldig utfall."))
        else:
            services.entry_set_status(entry=entry, status=form.cleaned_data["status"], by=request.user)
            services.entry_set_outcome(entry=entry, outcome=form.cleaned_data["outcome"], by=request.user)
            messages.success(request, _("Endringen er lagret."))
        return redirect("matching:list", pk=entry.candidate_list.need_id)


class ShareCreateView(NeedMixin, View):
    need_rule = "matching.manage_list"

    def post(self, request, pk):
        candidate_list = selectors.candidate_list_of(self.need)
        form = ShareForm(request.POST)
        if candidate_list is None or not form.is_valid():
            messages.error(
                request, _("Skriv hvem listen deles med, og hvor mange dager lenken skal gjelde (1–90).")
            )
            return redirect("matching:list", pk=self.need.pk)
        try:
            link, token = services.list_share(
                candidate_list=candidate_list, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.error(request, " ".join(exc.messages))
            return redirect("matching:list", pk=self.need.pk)
        url = request.build_absolute_uri(reverse("matching:shared_list", args=[token]))
        # The token exists only in this response: it is shown once and stored as a hash.
        return render(request, "matching/share_created.html", {"need": self.need, "link": link, "url": url})


class ShareRevokeView(View):
    def post(self, request, pk):
        link = get_object_or_404(ShareLink, pk=pk, scope=selectors.LIST_SCOPE)
        candidate_list = get_object_or_404(CandidateList.objects.select_related("need"), pk=link.object_id)
        require(request.user, "matching.manage_list", candidate_list.need)
        share_link_revoke(link=link, by=request.user)
        messages.success(request, _("Lenken er trukket tilbake."))
        return redirect("matching:list", pk=candidate_list.need_id)


def _client(request) -> str:
    return client_key(request.META.get("REMOTE_ADDR", ""))


@method_decorator(login_not_required, name="dispatch")
class SharedListView(View):
    """The employer's page (no login): the shared candidate list, and their answers."""

    template_name = "matching/shared_list.html"

    def _resolve(self, request, token):
        try:
            link = share_link_resolve(token=token, scope=selectors.LIST_SCOPE, client=_client(request))
        except ShareLinkRefused as exc:
            status = 429 if exc.outcome == ShareLinkAccess.Outcome.RATE_LIMITED else 404
            return (
                None,
                None,
                render(request, "matching/shared_refused.html", {"message": exc.message}, status=status),
            )
        candidate_list = CandidateList.objects.select_related(
            "need", "need__employer", "need__municipality"
        ).get(pk=link.object_id)
        return link, candidate_list, None

    def _page(self, request, link, candidate_list, forms=None, status=200):
        rows = selectors.shared_rows(link=link, candidate_list=candidate_list)
        forms = forms or {}
        items = [
            (
                r,
                forms.get(
                    r.entry.pk,
                    EmployerResponseForm(
                        prefix=f"e{r.entry.pk}",
                        initial={
                            "response": r.entry.employer_response,
                            "reason": r.entry.employer_reason,
                            "comment": r.entry.employer_comment,
                        },
                    ),
                ),
            )
            for r in rows
        ]
        return render(
            request,
            self.template_name,
            {"link": link, "need": candidate_list.need, "items": items},
            status=status,
        )

    def get(self, request, token):
        link, candidate_list, refused = self._resolve(request, token)
        return refused or self._page(request, link, candidate_list)

    def post(self, request, token):
        link, candidate_list, refused = self._resolve(request, token)
        if refused:
            return refused
        entry = candidate_list.entries.filter(pk=request.POST.get("entry") or 0).first()
        if entry is None:
            messages.error(request, _("Fant ikke kandidaten på listen."))
            return redirect(request.path)
        form = EmployerResponseForm(request.POST, prefix=f"e{entry.pk}")
        if form.is_valid():
            try:
                services.entry_employer_respond(entry=entry, link=link, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                share_link_log(
                    link=link,
                    client=_client(request),
                    outcome=ShareLinkAccess.Outcome.ACTION,
                    detail=f"entry {entry.pk}",
                )
                messages.success(request, _("Takk! Svaret er sendt til NAV."))
                return redirect(request.path)
        return self._page(request, link, candidate_list, forms={entry.pk: form}, status=400)
