"""Candidate lists with history and one shared link for the demo (idempotent: skipped when lists exist)."""

from accounts.models import User
from candidates.models import Candidate
from core.demo import DemoContext
from employers.models import Need

from . import selectors, services
from .models import CandidateList, EmployerResponse, NotSuitableReason, WorkStatus


def seed_lists(ctx: DemoContext) -> None:
    if CandidateList.objects.exists():
        return
    counsellor = User.objects.filter(username="veileder").first()
    adviser = User.objects.filter(username="radgiver").first()
    if counsellor is None or adviser is None:
        return
    needs = list(
        Need.objects.filter(status="apen", county__code="34").select_related("employer").order_by("pk")[:3]
    )
    mine = Candidate.objects.filter(counsellor=counsellor, follow_up_status="aktiv", erased_at__isnull=True)
    made = 0
    for i, need in enumerate(needs):
        suggestions = selectors.need_suggestions(user=counsellor, need=need, top=40)
        own = [s.candidate_id for s in suggestions if s.candidate_id][: 3 + i]
        entries = [
            services.entry_propose(need=need, candidate=c, by=counsellor)
            for c in mine.filter(pk__in=own).order_by("pk")
        ]
        made += len(entries)
        if entries and i == 0:
            services.entry_set_status(entry=entries[0], status=WorkStatus.CONTACTED, by=adviser)
            link, token = services.list_share(
                candidate_list=need.candidate_list, by=adviser, recipient_name="Demo Arbeidsgiver"
            )
            services.entry_employer_respond(
                entry=entries[0], link=link, response=EmployerResponse.WANT_TO_MEET
            )
            if len(entries) > 1:
                services.entry_employer_respond(
                    entry=entries[1],
                    link=link,
                    response=EmployerResponse.NOT_SUITABLE,
                    reason=NotSuitableReason.TIMING,
                    comment="Vi trenger noen fra 1. mars.",
                )
            ctx.say(f"  delt kandidatliste: /matching/delt/kandidatliste/{token}/")
    ctx.say(f"  {made} kandidater på {len(needs)} kandidatlister")
