"""Demo candidates: about 300 (small) or 100,000 (large) across the demo NAV-kontor units.

Synthetic fødselsnumre (Test Norge, month + 80) with valid check digits, Norwegian names from
Faker. The fødselsnummer is the natural key: a second run inserts nothing new. Everything is
bulk-inserted so --scale large finishes in a few minutes.
"""

import datetime
import unicodedata

from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, NavUnit, Role, User
from core import facilitation
from core.demo import DemoContext, seeder
from core.models import Occupation
from core.vocabulary import birth_month_of

from .models import (
    Benefit,
    Candidate,
    CandidateProfile,
    Consent,
    DrivingLicence,
    EducationLevel,
    Extent,
    FacilitationNeed,
    FollowUpEvent,
    FollowUpStatus,
    Innsatsgruppe,
    LanguageLevel,
    norwegian_level_from_languages,
)
from .services import age_band_for, profile_code_generate
from .synthetic import random_synthetic_fodselsnummer

COUNT = {"small": 300, "large": 100_000}
BATCH = 5000

INTERESTS = [
    "Gaming og e-sport",
    "Fotball og friluftsliv",
    "Matlaging",
    "Musikk og lydteknikk",
    "Dyr og dyrestell",
    "Bilmekanikk",
    "Tegning og design",
    "Programmering på fritiden",
    "Trening og helse",
    "Foto og video",
]
COMPETENCE = [
    "Har bygget egne PC-er og hjelper venner med data.",
    "Erfaring fra frivillig arbeid i idrettslag.",
    "God på engelsk gjennom gaming og nettfora.",
    "Truckførerbevis.",
    "Førstehjelpskurs og hygienekurs.",
    "Vant med kassesystem og kundeservice.",
    "Kan arabisk og norsk, tolker for familien.",
    "Sosiale medier og enkel videoredigering.",
]
EXPERIENCE = [
    "Sommerjobb i butikk to år på rad.",
    "Arbeidstrening på lager, tre måneder.",
    "Avisbud og helgejobb i kantine.",
    "Praksis i barnehage gjennom videregående.",
    "Ingen arbeidserfaring ennå, men mye frivillig innsats.",
    "Deltid på bensinstasjon i ett år.",
]
SHORT_TEXTS = [
    "Jeg er nøyaktig og liker faste rutiner. Jeg vil gjerne jobbe med noe praktisk.",
    "Jeg lærer fort når jeg får vist ting, og jeg møter alltid presis.",
    "Jeg liker å jobbe med mennesker og vil prøve meg i service.",
    "Jeg drømmer om å jobbe med IT, gjerne i et lite team.",
    "",
]
# Licence classes the demo candidates hold (CE for the lorry-driver needs).
DEMO_LICENCES = [DrivingLicence.B, DrivingLicence.AM, DrivingLicence.T, DrivingLicence.CE]
LANGUAGES = ["Norsk", "Engelsk", "Arabisk", "Somali", "Tigrinja", "Polsk", "Ukrainsk", "Svensk"]
# Shares of follow-up statuses; ended ones spread over two years so retention has work to do.
STATUS_WEIGHTS = [(FollowUpStatus.ACTIVE, 75), (FollowUpStatus.PAUSED, 10), (FollowUpStatus.ENDED, 15)]
INNSATS_WEIGHTS = [
    (Innsatsgruppe.STANDARD, 10),
    (Innsatsgruppe.SITUASJONSBESTEMT, 25),
    (Innsatsgruppe.SPESIELT_TILPASSET, 55),
    (Innsatsgruppe.VARIG_TILPASSET, 10),
]
BENEFIT_WEIGHTS = [
    (Benefit.AAP, 45),
    (Benefit.SOCIAL_ASSISTANCE, 20),
    (Benefit.DAGPENGER, 5),
    (Benefit.NONE, 30),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace(" ", "")


def _phone(rng) -> str:
    digits = f"{rng.choice('49')}{rng.randrange(10**7):07d}"
    return f"{digits[:3]} {digits[3:5]} {digits[5:]}"


def _plan_candidate(ctx: DemoContext, i: int, office, counsellors, taken: set[str]) -> Candidate:
    rng = ctx.rng
    today = timezone.localdate()
    birth = today - datetime.timedelta(days=rng.randint(16 * 365, 32 * 365))
    first, last = ctx.faker.first_name(), ctx.faker.last_name()
    status = _weighted(rng, STATUS_WEIGHTS)
    started = today - datetime.timedelta(days=rng.randint(30, 900))
    ended = None
    if status == FollowUpStatus.ENDED:
        ended = min(today, started + datetime.timedelta(days=rng.randint(60, 700)))
    return Candidate(
        first_name=first,
        last_name=last,
        fodselsnummer=random_synthetic_fodselsnummer(rng, birth, taken),
        birth_date=birth,
        phone=_phone(rng),
        email=f"{_ascii(first)}.{_ascii(last)}{i}@example.com",
        office=office,
        counsellor_id=rng.choice(counsellors) if counsellors else None,
        innsatsgruppe=_weighted(rng, INNSATS_WEIGHTS),
        benefit=_weighted(rng, BENEFIT_WEIGHTS),
        follow_up_status=status,
        follow_up_started_on=started,
        follow_up_ended_on=ended,
        notes=rng.choice(["", "", "Ønsker tett oppfølging de første ukene.", "Møter helst før lunsj."]),
    )


def _plan_profile(
    ctx: DemoContext, candidate: Candidate, office, municipality_id, taken_codes
) -> CandidateProfile:
    rng = ctx.rng
    languages = [{"language": "Norsk", "level": rng.choice([LanguageLevel.NATIVE, LanguageLevel.GOOD])}]
    if rng.random() < 0.6:
        languages.append({"language": rng.choice(LANGUAGES[1:]), "level": rng.choice(LanguageLevel.values)})
    return CandidateProfile(
        candidate=candidate,
        code=profile_code_generate(taken=taken_codes, rng=rng),
        age_band=age_band_for(candidate.birth_date),
        birth_month=birth_month_of(candidate.birth_date),
        county_id=office.county_id,
        municipality_id=municipality_id,
        interests=", ".join(rng.sample(INTERESTS, rng.randint(1, 3))),
        competence=rng.choice(COMPETENCE) if rng.random() < 0.8 else "",
        experience_summary=rng.choice(EXPERIENCE) if rng.random() < 0.7 else "",
        education_level=rng.choice(EducationLevel.values),
        norwegian_level=norwegian_level_from_languages(languages),
        languages=languages,
        driving_licences=sorted(
            rng.sample(DEMO_LICENCES, rng.randint(0, 2)), key=DrivingLicence.values.index
        ),
        available_from=timezone.localdate() + datetime.timedelta(days=rng.randint(0, 120))
        if rng.random() < 0.5
        else None,
        extents=rng.choice([[Extent.FULL_TIME], [Extent.PART_TIME], Extent.values]),
        short_text=rng.choice(SHORT_TEXTS),
        listed=candidate.follow_up_status != FollowUpStatus.ENDED,
    )


def _plan_needs(rng, candidate_id: int, by_id) -> list[FacilitationNeed]:
    if rng.random() < 0.35:
        return []
    needs = []
    for category in rng.sample(list(facilitation.VALUES), rng.randint(1, 2)):
        choices = facilitation.VALUES[category].values
        needs.append(
            FacilitationNeed(
                candidate_id=candidate_id,
                category=category,
                values=sorted(rng.sample(choices, rng.randint(1, 2)), key=choices.index),
                created_by_id=by_id,
            )
        )
    return needs


@seeder(name="Kandidater", order=30)
def seed_candidates(ctx: DemoContext) -> None:
    offices = list(NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE).order_by("unit_number"))
    if not offices:
        ctx.say("  ingen NAV-kontor: hopper over kandidater")
        return
    counsellors: dict[int, list[int]] = {}
    for unit_id, user_id in (
        Membership.objects.filter(role=Role.VEILEDER, unit__in=offices)
        .values_list("unit_id", "user_id")
        .order_by("unit_id", "user_id")
    ):
        counsellors.setdefault(unit_id, []).append(user_id)
    municipality_of = {
        o.pk: o.municipalities.order_by("code").values_list("pk", flat=True).first() for o in offices
    }
    # The named demo counsellor owns a good share of NAV Hamar's candidates (their «mine» list).
    demo_veileder = User.objects.filter(username="veileder").values_list("pk", flat=True).first()
    hamar = next((o for o in offices if o.unit_number == "3401"), offices[0])
    total = COUNT[ctx.scale]
    taken_fnr: set[str] = set()
    taken_codes = set(CandidateProfile.objects.values_list("code", flat=True))
    occupations = list(Occupation.objects.filter(level=4).values_list("pk", flat=True).order_by("pk"))
    created = 0
    for start in ctx.progress(range(0, total, BATCH), total=(total + BATCH - 1) // BATCH, desc="Kandidater"):
        # Re-seed per batch: a re-run plans exactly the same candidates batch by batch, even though
        # it skips the profile work (and its random draws) for candidates that already exist.
        ctx.rng.seed(f"candidates-{ctx.seed}-{start}")
        ctx.faker.seed_instance(ctx.seed * 1_000_000 + start)
        planned = []
        for i in range(start, min(start + BATCH, total)):
            # NAV Hamar gets a double share so the demo counsellor's lists have substance.
            office = hamar if i % (len(offices) + 1) == 0 else offices[i % len(offices)]
            staff = counsellors.get(office.pk, [])
            if office is hamar and demo_veileder and ctx.rng.random() < 0.5:
                staff = [demo_veileder]
            planned.append(_plan_candidate(ctx, i, office, staff, taken_fnr))
        Candidate.objects.bulk_create(planned, ignore_conflicts=True, batch_size=1000)
        by_fnr = dict(
            Candidate.objects.filter(fodselsnummer__in=[c.fodselsnummer for c in planned]).values_list(
                "fodselsnummer", "pk"
            )
        )
        have_profile = set(
            CandidateProfile.objects.filter(candidate_id__in=by_fnr.values()).values_list(
                "candidate_id", flat=True
            )
        )
        new = [c for c in planned if by_fnr.get(c.fodselsnummer) not in have_profile]
        for c in new:
            c.pk = by_fnr[c.fodselsnummer]
        office_by_id = {o.pk: o for o in offices}
        profiles = [
            _plan_profile(ctx, c, office_by_id[c.office_id], municipality_of[c.office_id], taken_codes)
            for c in new
        ]
        CandidateProfile.objects.bulk_create(profiles, batch_size=1000)
        wishes = CandidateProfile.job_wishes.through
        wish_rows, need_rows, events = [], [], []
        for c, p in zip(new, profiles, strict=True):
            for occupation_id in ctx.rng.sample(occupations, ctx.rng.randint(1, 3)):
                wish_rows.append(wishes(candidateprofile_id=p.pk, occupation_id=occupation_id))
            needs = _plan_needs(ctx.rng, c.pk, c.counsellor_id)
            need_rows += needs
            p.facilitation_codes = sorted(code for n in needs for code in n.codes)
            events.append(
                FollowUpEvent(
                    candidate_id=c.pk, to_status=FollowUpStatus.ACTIVE, on_date=c.follow_up_started_on
                )
            )
            if c.follow_up_status != FollowUpStatus.ACTIVE:
                events.append(
                    FollowUpEvent(
                        candidate_id=c.pk,
                        from_status=FollowUpStatus.ACTIVE,
                        to_status=c.follow_up_status,
                        on_date=c.follow_up_ended_on or c.follow_up_started_on,
                    )
                )
        wishes.objects.bulk_create(wish_rows, ignore_conflicts=True, batch_size=5000)
        FacilitationNeed.objects.bulk_create(need_rows, batch_size=5000)
        CandidateProfile.objects.bulk_update(profiles, ["facilitation_codes"], batch_size=1000)
        FollowUpEvent.objects.bulk_create(events, batch_size=5000)
        created += len(new)
    _consents(ctx)
    ctx.say(f"  {created} nye kandidater, {Candidate.objects.count()} totalt")


def _consents(ctx: DemoContext) -> None:
    """A few consents for the demo counsellor's candidates: valid and expired, bound to
    open needs of demo employers in the candidate's county (and one for a job fair)."""
    if Consent.objects.exists():
        return
    from employers.models import Need

    mine = list(
        Candidate.objects.filter(counsellor__username="veileder", follow_up_status=FollowUpStatus.ACTIVE)
        .filter(~Q(fodselsnummer=None))
        .select_related("profile")
        .order_by("pk")[:6]
    )
    rows = []
    for n, candidate in enumerate(mine):
        needs = list(
            Need.objects.filter(status=Need.Status.OPEN, county_id=candidate.profile.county_id)
            .select_related("employer")
            .order_by("pk")[:6]
        )
        if not needs:
            continue
        need = needs[n % len(needs)]
        given = timezone.localdate() - datetime.timedelta(days=10 * n)
        for_fair = n % 2 == 1
        rows.append(
            Consent(
                candidate=candidate,
                employer=need.employer,
                need=None if for_fair else need,
                employer_orgnr=need.employer.orgnr,
                employer_name=need.employer.name,
                purpose=Consent.Purpose.JOB_FAIR if for_fair else Consent.Purpose.NEED,
                subject="Jobbmesse Hamar" if for_fair else need.title,
                given_on=given,
                expires_on=given + datetime.timedelta(days=60 if n % 3 else 5),
                recorded_by=candidate.counsellor,
            )
        )
    Consent.objects.bulk_create(rows)
