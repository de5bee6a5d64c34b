"""Board cases for the demo (idempotent: skipped when cases exist): some at the office, some on
the Arbeidslivssenter's board with proposals, and solved ones so «Hvem lykkes» has figures."""

import datetime

from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from core.demo import DemoContext
from employers.models import Employer, Need

from . import services
from .models import BoardCase

WANTED = [
    "Lager eller butikk med faste arbeidstider. Trenger en rolig start og en fast kontaktperson.",
    "Kontorarbeid, gjerne arkiv eller sentralbord. Har bachelorgrad, trenger tilpasset arbeidstid.",
    "Kjøkken eller kantine, praktiske oppgaver. Trenger tydelige instrukser og oppfølging den første tiden.",
    "Verksted eller bilpleie i nærheten av kollektivtransport. Har ikke førerkort.",
    "Barnehage eller skolefritidsordning, deltid. Ønsker arbeidstrening med mulighet for ansettelse.",
    "Renhold eller vaktmester på dagtid. Trenger tilrettelagt arbeidsplass og korte dager i starten.",
]


def seed_board(ctx: DemoContext) -> None:
    if BoardCase.objects.exists():
        return
    counsellor = User.objects.filter(username="veileder").first()
    adviser = User.objects.filter(username="radgiver").first()
    if counsellor is None or adviser is None:
        return
    candidates = list(
        Candidate.objects.filter(counsellor=counsellor, follow_up_status="aktiv", erased_at__isnull=True)
        .exclude(board_cases__isnull=False)
        .select_related("profile")
        .order_by("pk")[: len(WANTED)]
    )
    if len(candidates) < len(WANTED):
        return
    county_id = candidates[0].profile.county_id
    needs = list(
        Need.objects.filter(status="apen", county_id=county_id).select_related("employer").order_by("pk")[:3]
    )
    employer = Employer.objects.filter(county_id=county_id).order_by("pk").first()
    if len(needs) < 3 or employer is None:
        return
    cases = [
        services.board_case_register(candidate=c, employer_wanted=text, by=counsellor)
        for c, text in zip(candidates, WANTED, strict=True)
    ]
    # Ages as on a real board: the weekly view sorts by them.
    for case, days in zip(cases, (2, 9, 16, 23, 30, 45), strict=True):
        BoardCase.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    # Two on the centre's board without a proposal (one by the sweep), one with proposals.
    services.board_escalation_sweep()
    services.board_case_escalate(case=cases[1], by=counsellor)
    services.board_proposal_create(
        case=cases[3], by=adviser, need=needs[0], note="Kjent arbeidsgiver, god på opplæring"
    )
    services.board_proposal_create(case=cases[3], by=adviser, employer=employer)
    # Solved: one through the adviser's proposal (credited), one by the office itself.
    proposal = services.board_proposal_create(case=cases[4], by=adviser, need=needs[1])
    services.board_case_solve(
        case=cases[4], by=counsellor, proposal=proposal, note="Arbeidstrening fra neste måned"
    )
    services.board_case_solve(case=cases[5], by=counsellor, note="Løst på markedsmøtet")
    ctx.say(f"  {len(cases)} saker på tavlen")
