"""Demo employers, contact persons, contact history, needs and networks in the demo regions.

Idempotent: employers are keyed by organisation number (generated deterministically from --seed
with valid mod-11 check digits) and bulk-created with ignore_conflicts; needs, contact history and
contact persons are only added to employers that have none yet.
"""

import datetime

from django.utils import timezone

from accounts.demo import OFFICES
from accounts.models import Membership, NavUnit, Role
from core.demo import DemoContext, seeder
from core.facilitation import all_codes
from core.models import Municipality, Occupation
from core.validators import ORGNR_WEIGHTS

from .models import (
    ContactLogEntry,
    ContactPerson,
    DrivingLicence,
    Employer,
    Extent,
    Horizon,
    Level,
    Need,
    NeedEvent,
    Network,
    NetworkMeeting,
    NorwegianLevel,
    OfferType,
    RecruitmentNeed,
    Sector,
    SizeBand,
)

EMPLOYERS = {"small": 200, "large": 10_000}
NEEDS = {"small": 260, "large": 20_000}
BATCH = 2000
INDUSTRIES = [
    "Butikkhandel", "Helse og omsorg", "Bygg og anlegg", "Hotell og restaurant", "Transport og lager",
    "Industri", "Renhold", "IT og kommunikasjon", "Undervisning", "Landbruk", "Kontor og administrasjon",
]  # fmt: skip
NEED_TITLES = [
    ("Lagermedarbeider", "4321"), ("Butikkmedarbeider", "5223"), ("Kokk", "5120"), ("Renholder", "9112"),
    ("Helsefagarbeider", "5321"), ("Kontormedarbeider", "4110"), ("Barne- og ungdomsarbeider", "5311"),
    ("Sjåfør", "8322"), ("Tømrer", "7115"), ("IT-supporttekniker", "3512"), ("Kjøkkenassistent", "9412"),
    ("Vaktmester", "5153"), ("Kantinemedarbeider", "9412"), ("Gartner", "6113"), ("Lastebilsjåfør", "8332"),
]  # fmt: skip
PURPOSES = [
    "Oppfølging av samarbeidet", "Kartlegging av rekrutteringsbehov", "Presentasjon av tiltak",
    "Invitasjon til jobbmesse", "Oppfølging av kandidat i arbeidstrening", "Avklare kravspesifikasjon",
]  # fmt: skip
CONTACT_ROLES = [c for c, _label in ContactPerson.Role.choices]
# Licences a need for these occupations requires (a lorry driver needs CE, a driver at least B).
DRIVING_LICENCES = {"8322": [DrivingLicence.B], "8332": [DrivingLicence.C, DrivingLicence.CE]}


def demo_orgnr(ctx: DemoContext) -> str:
    """A random organisation number with a valid mod-11 check digit (remainder 1 is skipped)."""
    while True:
        digits = [ctx.rng.choice((8, 9))] + [ctx.rng.randrange(10) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(digits, ORGNR_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return "".join(map(str, digits)) + str(0 if remainder == 0 else 11 - remainder)


def _sample(ctx, population, low, high):
    return ctx.rng.sample(population, ctx.rng.randint(low, min(high, len(population))))


@seeder(name="Arbeidsgivere, kontaktlogg og behov", order=20)
def seed_employers(ctx: DemoContext) -> None:
    now = timezone.now()
    municipalities = list(
        Municipality.objects.select_related("county").filter(
            code__in=[c for offices in OFFICES.values() for o in offices for c in o[2]]
        )
    )
    advisers: dict[int, list[int]] = {}
    staff: dict[int, list[tuple[int, int]]] = {}
    for m in Membership.objects.filter(unit__county__code__in=OFFICES).select_related("unit"):
        if m.role in (Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR):
            advisers.setdefault(m.unit.county_id, []).append(m.user_id)
        staff.setdefault(m.unit.county_id, []).append((m.user_id, m.unit_id))
    offices: dict[int, list[int]] = {}
    for unit in NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE, county__code__in=OFFICES):
        offices.setdefault(unit.county_id, []).append(unit.pk)
    # The named demo adviser is primary contact for a good share of Innlandet, so her home page has content.
    radgiver_id = (
        Membership.objects.filter(user__username="radgiver").values_list("user_id", flat=True).first()
    )

    total = EMPLOYERS[ctx.scale]
    employers = []
    seen = set()
    for _i in ctx.progress(range(total), total=total, desc="Arbeidsgivere"):
        orgnr = demo_orgnr(ctx)
        while orgnr in seen:
            orgnr = demo_orgnr(ctx)
        seen.add(orgnr)
        municipality = ctx.rng.choice(municipalities)
        county_advisers = advisers.get(municipality.county_id) or [None]
        primary = ctx.rng.choice(county_advisers)
        if radgiver_id and municipality.county.code == "34" and ctx.rng.random() < 0.5:
            primary = radgiver_id
        sector = ctx.rng.choices(Sector.values, weights=[70, 15, 5, 10])[0]
        employers.append(
            Employer(
                orgnr=orgnr,
                name=ctx.faker.company(),
                sector=sector,
                industry=ctx.rng.choice(INDUSTRIES),
                size_band=ctx.rng.choice(SizeBand.values),
                municipality=municipality,
                county_id=municipality.county_id,
                address=ctx.faker.street_address(),
                postal_code=ctx.faker.postcode(),
                postal_place=municipality.name,
                has_hr=ctx.rng.random() < 0.5,
                ia_agreement=ctx.rng.random() < 0.3,
                status=ctx.rng.choices(Employer.Status.values, weights=[30, 55, 10, 5])[0],
                inclusion_willingness=ctx.rng.choice(Level.values),
                inclusion_competence=ctx.rng.choice(Level.values),
                inclusion_notes=ctx.rng.choice(
                    ["", "Positiv leder som har tatt imot lærlinger før.", "Ønsker tett oppfølging fra NAV."]
                ),
                recruitment_need=ctx.rng.choice(RecruitmentNeed.values),
                offers_summer_job=ctx.rng.random() < 0.3,
                facilitation=sorted(_sample(ctx, all_codes(), 0, 4)),
                primary_contact_id=primary,
                nav_office_id=ctx.rng.choice(offices.get(municipality.county_id) or [None]),
            )
        )
    Employer.objects.bulk_create(employers, ignore_conflicts=True, batch_size=BATCH)
    demo = list(
        Employer.objects.filter(orgnr__in=seen).select_related("primary_contact", "municipality__county")
    )
    for e in demo:  # the direct line is the contact's own by default, as in employer_create
        if e.primary_contact and not e.primary_contact_email:
            e.primary_contact_email = e.primary_contact.email
            e.primary_contact_phone = e.primary_contact.phone
    Employer.objects.bulk_update(demo, ["primary_contact_email", "primary_contact_phone"], batch_size=BATCH)

    _contact_persons(ctx, demo)
    _contact_log(ctx, demo, staff, now)
    _needs(ctx, demo, now)
    _networks(ctx, demo, now)
    ctx.say(
        f"  {Employer.objects.count()} arbeidsgivere, {Need.objects.count()} behov, "
        f"{ContactLogEntry.objects.count()} kontakter"
    )


def _contact_persons(ctx, employers):
    with_persons = set(
        ContactPerson.objects.filter(employer__in=employers).values_list("employer_id", flat=True)
    )
    persons = []
    for e in employers:
        if e.pk in with_persons:
            continue
        for _j in range(ctx.rng.randint(1, 3)):
            name = ctx.faker.name()
            persons.append(
                ContactPerson(
                    employer=e,
                    name=name,
                    role=ctx.rng.choice(CONTACT_ROLES),
                    phone=ctx.faker.phone_number(),
                    email=f"{name.split()[0].lower()}@example.no",
                )
            )
    ContactPerson.objects.bulk_create(persons, batch_size=BATCH)


def _contact_log(ctx, employers, staff, now):
    # Every demo employer gets at least one entry, so "has none" means "not seeded yet".
    done = set(ContactLogEntry.objects.filter(employer__in=employers).values_list("employer_id", flat=True))
    entries = []
    for e in ctx.progress(employers, total=len(employers), desc="Kontaktlogg"):
        if e.pk in done or not staff.get(e.county_id):
            continue
        # About a fifth have had no contact for a long time: the 90-day list must show something.
        stale = ctx.rng.random() < 0.2
        for _j in range(ctx.rng.randint(1, 4)):
            user_id, unit_id = ctx.rng.choice(staff[e.county_id])
            if e.primary_contact_id and ctx.rng.random() < 0.5:
                user_id, unit_id = e.primary_contact_id, None
            days_ago = ctx.rng.randint(95, 400) if stale else ctx.rng.randint(-10, 120)
            when = now - datetime.timedelta(days=days_ago, hours=ctx.rng.randint(0, 8))
            entries.append(
                ContactLogEntry(
                    employer=e,
                    user_id=user_id,
                    unit_id=unit_id,
                    occurred_at=when,
                    channel=ctx.rng.choice(ContactLogEntry.Channel.values),
                    purpose=ctx.rng.choice(PURPOSES),
                    notes=ctx.rng.choice(
                        ["", "God dialog. Leder er positiv.", "Ønsker kandidater etter sommeren."]
                    ),
                    next_step=ctx.rng.choice(["", "Sende kravspesifikasjon", "Nytt møte"]),
                )
            )
    ContactLogEntry.objects.bulk_create(entries, batch_size=BATCH)
    # Keep the denormalised dates in step with the log (past contacts and visits only).
    latest: dict[int, datetime.datetime] = {}
    visits: dict[int, datetime.date] = {}
    for entry in entries:
        if entry.occurred_at <= now:
            latest[entry.employer_id] = max(
                latest.get(entry.employer_id, entry.occurred_at), entry.occurred_at
            )
            if entry.channel == ContactLogEntry.Channel.VISIT:
                day = timezone.localdate(entry.occurred_at)
                visits[entry.employer_id] = max(visits.get(entry.employer_id, day), day)
    changed = [e for e in employers if e.pk in latest]
    for e in changed:
        e.last_contact_at = latest[e.pk]
        e.last_visit_on = visits.get(e.pk, e.last_visit_on)
    Employer.objects.bulk_update(changed, ["last_contact_at", "last_visit_on"], batch_size=BATCH)


def _needs(ctx, employers, now):
    # Top up to the scale's number of needs, on employers that have none yet (idempotent).
    existing = Need.objects.filter(employer__in=employers)
    total = NEEDS[ctx.scale] - existing.count()
    with_needs = set(existing.values_list("employer_id", flat=True))
    candidates = [e for e in employers if e.status != Employer.Status.ENDED and e.pk not in with_needs]
    if total <= 0 or not candidates:
        return
    occupations = dict(Occupation.objects.filter(level=4).values_list("code", "pk"))
    needs = []
    for _i in ctx.progress(range(total), total=total, desc="Behov"):
        e = ctx.rng.choice(candidates)
        title, code = ctx.rng.choice(NEED_TITLES)
        status = ctx.rng.choices(Need.Status.values, weights=[15, 50, 15, 12, 8])[0]
        opened = (
            None if status == Need.Status.DRAFT else now - datetime.timedelta(days=ctx.rng.randint(1, 180))
        )
        start = timezone.localdate() + datetime.timedelta(days=ctx.rng.randint(14, 120))
        minimum_age = ctx.rng.choice([None, None, 18, 20])
        # Summer jobs for the young (under 30) are the usual reason for an upper limit.
        maximum_age = 29 if ctx.rng.random() < 0.1 else None
        needs.append(
            Need(
                employer=e,
                title=title,
                department=ctx.rng.choice(["", "Avdeling sør", "Hovedkontoret", "Lager", "Kjøkken"]),
                tasks=f"Vanlige oppgaver for {title.lower()}, med opplæring fra kolleger.",
                occupation_id=occupations.get(code),
                places=ctx.rng.randint(1, 4),
                offer_types=sorted(_sample(ctx, OfferType.values, 1, 3)),
                job_may_follow=ctx.rng.random() < 0.5,
                norwegian_level=ctx.rng.choice([v for v, _label in NorwegianLevel.requirement_choices()]),
                driving_licences=DRIVING_LICENCES.get(code, []),
                minimum_age=minimum_age,
                maximum_age=maximum_age,
                facilitation=sorted(_sample(ctx, all_codes(), 0, 4)),
                training_offered="Fadder første uke.",
                extent=ctx.rng.choice(Extent.values),
                hours="08–16",
                municipality_id=e.municipality_id,
                county_id=e.county_id,
                start_date=start,
                deadline=start - datetime.timedelta(days=7),
                horizon=ctx.rng.choice(Horizon.values),
                status=status,
                opened_at=opened,
                created_by_id=e.primary_contact_id,
            )
        )
    created = Need.objects.bulk_create(needs, batch_size=BATCH)
    events = []
    for need in created:
        events.append(
            NeedEvent(need=need, from_status="", to_status=Need.Status.DRAFT, by_id=need.created_by_id)
        )
        if need.status != Need.Status.DRAFT:
            events.append(
                NeedEvent(
                    need=need,
                    from_status=Need.Status.DRAFT,
                    to_status=Need.Status.OPEN,
                    by_id=need.created_by_id,
                )
            )
        if need.status not in (Need.Status.DRAFT, Need.Status.OPEN):
            events.append(
                NeedEvent(
                    need=need, from_status=Need.Status.OPEN, to_status=need.status, by_id=need.created_by_id
                )
            )
    NeedEvent.objects.bulk_create(events, batch_size=BATCH)


def _networks(ctx, employers, now):
    """Mangfoldig rekruttering (Vestland): private, regional private and state networks."""
    vestland = [e for e in employers if e.municipality.county.code == "46"]
    if not vestland:
        return
    plans = [
        (
            "Mangfoldig rekruttering – private",
            Network.Kind.PRIVATE,
            [e for e in vestland if e.sector == Sector.PRIVATE],
        ),
        (
            "Mangfoldig rekruttering – statlige",
            Network.Kind.STATE,
            [e for e in vestland if e.sector != Sector.PRIVATE],
        ),
    ]
    for name, kind, pool in plans:
        network, created = Network.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "county_id": vestland[0].county_id,
                "description": "Nettverk der virksomhetene deler erfaringer med å rekruttere unge med nedsatt funksjonsevne.",
                "requested_topics": "Tilrettelegging i praksis\nMentorordninger\nLønnstilskudd og arbeidstrening",
            },
        )
        if not created:
            continue
        members = pool[:12]
        network.members.set(members)
        for k, topic in enumerate(["Oppstartsmøte", "Mentorordninger", "Erfaringer med arbeidstrening"]):
            meeting = NetworkMeeting.objects.create(
                network=network,
                date=timezone.localdate(now) - datetime.timedelta(days=60 * (3 - k)),
                topic=topic,
            )
            meeting.attendees.set(_sample(ctx, members, 0, len(members)) if members else [])
