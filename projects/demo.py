"""The Fafo report's projects (Fafo-rapport 2018:46) as demo data, with their facts and historic
outcome counts. Every value cites the report line it comes from (`Lnnnn` in
shared/seed/fafo-rapport-2018-46.txt). Table 4.1 (L1282–1441) and Table 4.2 (L1661–1796) are
copied word for word for the eight projects they cover, so the comparison page can be read
against the report.

Demo-only additions (employer names in a loop, example targets) are marked as such in the data.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import NavUnit, User
from core.demo import DemoContext, seeder
from core.models import County
from core.validators import orgnr_generate
from core.vocabulary import Innsatsgruppe as IG

from .models import (
    Cohort,
    CohortEmployer,
    Enrolment,
    FollowUpTemplate,
    Goal,
    Level,
    MethodPhase,
    OutcomeRecord,
    Project,
    ReportedShare,
    Risk,
    RoleTask,
)
from .services import DESCRIPTION_FIELDS, METHOD_FIELDS
from .vocab import MetricKind as M
from .vocab import OutcomeCategory as C

ACTIVE, ORDINARY, DISCONTINUED = (
    Project.Status.ACTIVE,
    Project.Status.ORDINARY_OPERATION,
    Project.Status.DISCONTINUED,
)
R, B, INF = "ansvarlig", "bidrar", "informeres"

# Table 4.1 and 4.2 texts (joined across the PDF's line breaks; hyphenation undone).
PROJECTS = [
    {
        "name": "JobbLoop",
        "region": "46",
        "area": "Sogn og Fjordane, Hordaland",
        "start_year": 2014,  # L1289
        "status": ACTIVE,
        "coordinator": ("ia_4691-00", 45),  # idle for 45 days: the coordinator left (L1597–1599)
        "units": ["4691", "4602", "4603", "4601"],
        "focus": "Samhandling internt i NAV, matching av virksomheter og kandidater",  # L1290–1295
        "purpose": "Overgang til ordinært arbeid",  # L1327–1328
        "target_group": "Unge under 30 år med funksjonsnedsettelse",  # L1370–1372
        "target_age_max": 29,
        "actors": "a-senter, NAV-kontor, virksomheter, kandidater",  # L1396–1399
        "innsatsgrupper": [IG.SPESIELT_TILPASSET],  # L1674–1675
        "typical_duration": "Tolv måneder (men avsluttes hvis kandidaten får arbeid i loopvirksomhet / annet sted)",  # L1706–1711
        "measures": "Arbeidstrening – mål om ansettelse",  # L1726–1728
        "method_summary": "Jobbmatch og tett oppfølging av virksomhet og kandidat",  # L1760–1763
        "resources_note": "NAV Arbeidslivssenter bruker ressurser på prosjektoppgavene; NAV-kontoret tilføres ikke ekstra ressurser (L1594–1597).",
        "source_lines": "L1282–1441, L1661–1796, L2598–3224",
        "phases": [
            (
                "Rekruttering av virksomheter",
                "NAV Arbeidslivssenter (med idéinnehaveren) rekrutterer tre virksomheter til loopen (L1583–1585, L2637–2641).",
                None,
            ),
            (
                "Kick-off",
                "9–10 kandidater møter virksomhetene i gruppeintervjuer med 3–4 kandidater; virksomhetene velger tre sammen, samme dag (L2643–2667).",
                1,
            ),
            (
                "Oppstartsmøte i hver virksomhet",
                "Kandidat, arbeidsgiver, NAV-veileder og IA-rådgiver avtaler mål, opplæring og mentor (L2676–2693).",
                1,
            ),
            (
                "Første periode",
                "Fire måneder i første virksomhet; kontakt kort etter start og oppfølgingsmøte etter ca. seks uker (L2695–2700).",
                120,
            ),
            ("Første rullering", "Samling før byttet; kandidaten bytter virksomhet (L2708–2724).", 120),
            ("Andre rullering", "Siste bytte, samme arbeidsmåte (L2726–2729).", 120),
            (
                "Avslutning",
                "Felles attest fra arbeidsgiverne; NAV hjelper kandidaten videre (L2731–2740).",
                None,
            ),
        ],
        "follow_ups": [
            (
                "Oppstartsmøte",
                0,
                "I virksomheten, med kandidat, arbeidsgiver, NAV-veileder og IA-rådgiver (L2676–2678).",
            ),
            (
                "Kontakt med virksomheten",
                7,
                "Kort tid etter oppstart tar Arbeidslivssenteret kontakt (L2697–2698).",
            ),
            ("Oppfølgingsmøte", 42, "Etter cirka seks uker (L2698–2700)."),
            ("Samling før første rullering", 112, "Før byttet etter fire måneder (L2710–2712)."),
            ("Samling før andre rullering", 232, "Før byttet etter åtte måneder (L2726–2727)."),
            ("Avslutning og attest", 360, "Felles attest fra arbeidsgiverne (L2734–2735)."),
        ],
        "goals": [
            (
                M.WORK_COUNT,
                "Kandidater i arbeid etter loopen (eksempelmål i demodata)",
                Decimal("30"),
                None,
                None,
                "",
            ),
        ],
        "risks": [
            (
                "Koordinatoren slutter og ingen tar over",
                Level.HIGH,
                Level.HIGH,
                "Navngi en stedfortreder; forankre rollen hos leder",
                "NAV Arbeidslivssenter",
            ),
            (
                "For få kandidater til kick-off",
                Level.MEDIUM,
                Level.HIGH,
                "Veilederne inviterer 9–10 kandidater i god tid (L2648, L2992)",
                "NAV-kontoret",
            ),
        ],
        "roles": [
            ("Rekruttere virksomheter til loopen", "", R, B, B),
            ("Finne og invitere kandidater", R, INF, "", INF),
            ("Arrangere kick-off", B, R, B, B),
            ("Følge opp kandidaten på arbeidsplassen", B, B, R, INF),
            ("Koordinere møter og rulleringer", INF, B, B, R),
        ],
        "cohorts": [
            {
                "name": "Loop Førde 2018 (demo)",
                "kind": Cohort.Kind.LOOP,
                "location": "Førde",
                "start_date": date(2018, 1, 8),
                "end_date": date(2018, 12, 21),
                "places": 9,
                "employers": [
                    ("91000001", "Demo Mekaniske AS", 3),
                    ("91000002", "Demo Hotell Førde AS", 3),
                    ("91000003", "Demo Byggvare AS", 3),
                ],
            }
        ],
        "outcomes": [
            # Table 5.1, Sogn og Fjordane (Høyanger, Førde, Gloppen, Luster), 2014–2018: L3132.
            *[
                ("Sogn og Fjordane 2014–2018", date(2018, 9, 30), cat, n, "L3117–3132", note)
                for cat, n, note in [
                    (C.ACTIVE, 16, "22 medregnet resultater fra Møre og Romsdal og Oppland (L3134)."),
                    (C.ORDINARY_WORK, 13, ""),
                    (C.WAGE_SUBSIDY, 1, ""),
                    (C.APPRENTICESHIP, 8, ""),
                    (C.EDUCATION, 2, ""),
                    (C.SUMMER_JOB, 2, ""),
                    (C.MOVED_HEALTH, 5, ""),
                    (C.UNKNOWN, 7, ""),
                ]
            ],
            # Table 5.2, Hordaland (Askøy, Kvinnherad, Bergen), 2018: L3151 ("-" is not stored).
            *[
                ("Hordaland 2018", date(2018, 9, 30), cat, n, "L3136–3151", "")
                for cat, n in [(C.ACTIVE, 10), (C.ORDINARY_WORK, 5), (C.SUMMER_JOB, 4), (C.MOVED_HEALTH, 1)]
            ],
        ],
    },
    {
        "name": "Springbrett",
        "region": "33",
        "area": "Buskerud (Vestre Viken HF)",
        "start_year": 2014,
        "status": ORDINARY,  # no longer a project but an established way of working (L1277–1278)
        "coordinator": ("ia_3391-00", 0),
        "units": ["3391", "3301", "3302", "3303"],
        "focus": "Samhandling internt i NAV, matching av virksomheter og kandidater",  # L1297–1301
        "purpose": "Overgang til ordinært arbeid",  # L1330–1331
        "target_group": "Alle aldre, men i praksis er det unge under 30 år",  # L1374–1376
        "actors": "a-senter, NAV-kontor, virksomheter, kursarrangør, kandidater",  # L1401–1405
        "innsatsgrupper": [IG.SPESIELT_TILPASSET],  # L1677–1678
        "typical_duration": "Inntil tolv måneder (+ forberedelser)",  # L1713–1716
        "measures": "Arbeidstrening – mål om ansettelse",  # L1730–1732
        "method_summary": "Jobbmatch",  # L1765
        "source_lines": "L1282–1441, L1661–1796, L3225–3756",
        "phases": [
            (
                "Kravspesifikasjoner",
                "Rundt 20 ledere i sykehuset skriver kravspesifikasjoner for plassene (domain.md §3, L3225–3756).",
                None,
            ),
            (
                "Kandidater fra NAV-kontorene",
                "NAVs kontaktpersoner gir kravene videre; veilederne finner kandidater.",
                None,
            ),
            ("Hurtigintervjuer", "Om lag 30 kandidater, ca. 20 minutter hver.", 1),
            ("Kurs", "Om lag 15 velges til et fire ukers kurs.", 28),
            ("Matching", "I kursets tredje uke, uten kandidaten til stede.", None),
            ("Intervju på arbeidsplassen", "I kursets fjerde uke.", None),
            ("Arbeidstrening", "Inntil tolv måneder med oppstartsmøte, opplæringsplan og oppfølging.", 365),
        ],
        "follow_ups": [
            ("Oppstartsmøte", 0, "Kandidat, avdelingsleder og NAV (L1618)."),
            ("Opplæringsplan", 14, "Skrives i starten av arbeidstreningen."),
            ("Oppfølgingsmøte", 90, "Jevnlige oppfølginger gjennom arbeidstreningen."),
        ],
        "goals": [
            (
                M.WORK_OR_EDUCATION_SHARE,
                "I jobb eller utdanning etter arbeidstrening, kull 1–10 (eksempelmål; NAV-rådgiveren omtaler 52 % som en suksess, L3651)",
                Decimal("50"),
                date(2014, 8, 1),
                date(2017, 6, 30),
                "L3584–3651",
            ),
        ],
        "risks": [
            (
                "Praksiskandidater oppleves å fortrenge fast ansatte",
                Level.LOW,
                Level.MEDIUM,
                "Informere tillitsvalgte (L3576–3582)",
                "Vestre Viken HF",
            ),
        ],
        "roles": [
            ("Skrive kravspesifikasjoner", "", B, R, INF),
            ("Finne kandidater", R, INF, "", INF),
            ("Holde kurset", INF, B, B, R),
            ("Følge opp arbeidstreningen", R, B, B, INF),
        ],
        # Table 5.3 (L3589–3644): kull, sted, tidspunkt, gjennomført kurs, startet arbeidstrening.
        "cohorts": [
            {
                "name": name,
                "kind": Cohort.Kind.COHORT,
                "location": place,
                "period_label": season,
                "as_of": as_of,
                "counts": counts,
                "source": line,
            }
            for name, place, season, as_of, counts, line in [
                ("Kull 1+2", "Drammen", "Høsten 2014", date(2014, 12, 31), (12, 10), "L3619"),
                ("Kull 3", "Drammen", "Vinteren 2015", date(2015, 3, 31), (10, 7), "L3621"),
                ("Kull 4", "Kongsberg", "Vinteren 2015", date(2015, 3, 31), (8, 5), "L3623"),
                ("Kull 5", "Kongsberg", "Høsten 2015", date(2015, 12, 31), (10, 7), "L3625"),
                ("Kull 6", "Drammen", "Høsten 2015", date(2015, 12, 31), (14, 9), "L3627"),
                ("Kull 7", "Ringerike", "Vinteren 2016", date(2016, 3, 31), (12, 9), "L3629"),
                ("Kull 8", "Bærum", "Vinteren 2016", date(2016, 3, 31), (14, 12), "L3631"),
                ("Kull 9", "Drammen, Bærum", "Høsten 2016", date(2016, 12, 31), (14, 8), "L3633"),
                ("Kull 10", "Drammen, Eiker", "Våren 2017", date(2017, 6, 30), (15, 6), "L3635"),
                (
                    "Kull 11",
                    "Drammen, Bærum, Kongsberg",
                    "Våren 2018",
                    date(2018, 6, 30),
                    (16, 13),
                    "L3639–3642",
                ),
            ]
        ],
        "outcomes": [
            # Outcomes exist only as sums over kull 1–10 (Table 5.3, L3637). Dated with kull 10,
            # the last cohort they describe, so a goal for kull 1–10 picks them up.
            ("Kull 1–10", date(2017, 6, 30), C.JOB_AT_HOST, 15, "L3637", "Jobb i Vestre Viken."),
            ("Kull 1–10", date(2017, 6, 30), C.JOB_ELSEWHERE, 12, "L3637", ""),
            ("Kull 1–10", date(2017, 6, 30), C.EDUCATION, 3, "L3637", "Teksten sier også 3 (L3588)."),
            (
                "Kull 1–10",
                date(2017, 6, 30),
                C.COMPLETED,
                73,
                "L3585–3586",
                "Fullført arbeidstreningen, ifølge teksten.",
            ),
        ],
        # The text says 38 went on to work or education: 22 at Vestre Viken, 13 elsewhere, 3 in
        # education (L3586–3588); the table sums to 30 (15 + 12 + 3, L3637).
        "contradictions": [
            (
                C.JOB_AT_HOST,
                22,
                "L3586–3587",
                "Teksten: 22 har fått lønnet arbeid i Vestre Viken; tabell 5.3 sier 15.",
            ),
            (C.JOB_ELSEWHERE, 13, "L3587", "Teksten: 13 har fått arbeid annet sted; tabell 5.3 sier 12."),
        ],
    },
    {
        "name": "Ta sjansen",
        "region": "34",
        "area": "Hedmarken (Hedmark)",
        "start_year": 2013,
        "status": ACTIVE,
        "coordinator": ("koordinator", None),
        "units": ["3492", "3401", "3402", "3403", "3404", "3491"],
        "focus": "Samhandling internt i NAV, matching av virksomheter og kandidater",  # L1303–1307
        "purpose": "Skaffe arbeidstrening for avklaring og senere mulig overgang til ordinært arbeid",  # L1333–1338
        "target_group": "Unge under 30 år med funksjonsnedsettelse",  # L1378–1380
        "target_age_max": 29,
        "actors": "a-senter, NAV Marked og virkemidler, NAV-kontor, virksomheter, kandidater, ev. også hjelpemiddelsentralen",  # L1407–1415
        "innsatsgrupper": [IG.SPESIELT_TILPASSET],
        "innsatsgruppe_note": "og sykemeldte uten arbeidsgiver",  # L1680–1684
        "typical_duration": "Tre måneder",  # L1718
        "measures": "Arbeidstrening – mål om ansettelse",  # L1734–1736
        "method_summary": "Jobbmatch gjennom jobbmesseintervju, etterfulgt av SE på tiltak",  # L1765–1770
        "source_lines": "L1282–1441, L1661–1796, L3758–4177",
        "phases": [
            (
                "Datoer for året",
                "Fem lukkede jobbmesser i året; datoene settes i november (L3758–4177).",
                None,
            ),
            (
                "Arbeidsgivere melder inn",
                "Enheter, oppgaver, ledige intervjutider og krav («ikke under 20»).",
                None,
            ),
            (
                "Markedse-post hver mandag",
                "Ukentlig markedse-post til alle ansatte i regionen (L3855–3909).",
                None,
            ),
            (
                "Booking av kandidater",
                "Høyst fire per arbeidsgiver; hver kandidat møter to arbeidsgivere.",
                None,
            ),
            (
                "Jobbmesse",
                "Intervjuer à ca. 30 minutter kl. 15.30–17.30; påminnelse til veilederne to dager før.",
                1,
            ),
            (
                "Tilbakemelding",
                "Arbeidsgiverne gir positive og negative tilbakemeldinger; veilederne følger opp dem som ikke ble valgt.",
                None,
            ),
            ("Arbeidstrening", "Tre måneder med oppstartsmøte, oppfølging og evaluering.", 90),
        ],
        "follow_ups": [
            ("Oppstartsmøte", 0, "Hos virksomheten, avtales av NAV-veileder eller IA-kontakt (L3942–3944)."),
            ("Neste oppfølging", 30, "Senest en måned etter oppstart."),
            ("Evaluering", 90, "Ved slutten av de tre månedene."),
        ],
        "goals": [
            (
                M.STARTED_COUNT,
                "Påmeldte kandidater i 2018 (eksempelmål i demodata)",
                Decimal("60"),
                date(2018, 1, 1),
                date(2018, 12, 31),
                "L3977",
            ),
            (
                M.EVENTS_COUNT,
                "Fem jobbmesser i året",
                Decimal("5"),
                date(2018, 1, 1),
                date(2018, 12, 31),
                "L3977",
            ),
        ],
        "risks": [
            (
                "For få påmeldte kandidater fra NAV-kontorene",
                Level.MEDIUM,
                Level.HIGH,
                "Lederne «dytter på» veilederne (L4025–4029)",
                "Leder, NAV-kontor",
            ),
        ],
        "roles": [
            ("Sette datoer og invitere arbeidsgivere", INF, B, INF, R),
            ("Sende markedse-posten hver mandag", INF, INF, "", R),
            ("Booke og forberede kandidater", R, "", "", INF),
            ("Gi tilbakemelding etter intervju", INF, "", R, B),
            ("Følge opp arbeidstreningen", R, B, B, INF),
        ],
        "cohorts": [],
        # Table 5.4 (L3963–3979): påmeldte and arrangementer per year.
        "outcomes": [
            *[
                (str(year), date(year, 12, 31), cat, n, line, "")
                for year, participants, events, line in [
                    (2013, 11, 1, "L3967"),
                    (2014, 104, 7, "L3969"),
                    (2015, 46, 4, "L3971"),
                    (2016, 48, 5, "L3973"),
                    (2017, 56, 5, "L3975"),
                    (2018, 64, 5, "L3977"),
                ]
                for cat, n in [(C.STARTED, participants), (C.EVENTS, events)]
            ],
        ],
        # The table's total row (L3979) is a sum of the rows above, stored as the report's
        # statement; the text says 17 events where the table says 27 (L3957–3958 vs L3979).
        "stated_totals": [
            (C.STARTED, 329, "L3979", "Totalrad i tabell 5.4 (sum av årene)."),
            (C.EVENTS, 27, "L3979", "Totalrad i tabell 5.4 (sum av årene)."),
        ],
        "contradictions_of_totals": [
            (
                C.EVENTS,
                17,
                "L3957–3958",
                "Teksten: «totalt gjennomført 17 arrangementer i perioden 2013 til 2018»; tabellen sier 27.",
            ),
        ],
        # Figure 5.2 gives shares without counts (L4004–4020).
        "shares": [
            (
                C.ORDINARY_WORK,
                "27",
                "Deltakere 2013–2016, status per 31.12.2017",
                "L4012",
                "I jobb uten oppfølging fra NAV.",
            ),
            (C.DISABILITY, "6", "Deltakere 2013–2016, status per 31.12.2017", "L4014", "Erklært uføre."),
            (
                C.DEREGISTERED,
                "9",
                "Deltakere 2013–2016, status per 31.12.2017",
                "L4015–4016",
                "Ikke registrert hos NAV, ikke i jobb og ikke uføre.",
            ),
            (
                C.DEREGISTERED,
                "42",
                "Deltakere 2013, status per 31.12.2017",
                "L4017–4018",
                "Følges ikke lenger opp av NAV.",
            ),
        ],
    },
    {
        "name": "Best i lag",
        "region": "55",
        "area": "Troms",
        "start_year": 2013,
        "status": ACTIVE,
        "coordinator": ("ia_5591-00", 0),
        "units": ["5591", "5501"],
        "focus": "Bruker, gruppetiltak",  # L1309–1310
        "purpose": "Økt mestring/selvtillit/målarbeid/læring/utvikling/ordinært arbeid",  # L1340–1344
        "target_group": "Personer 18–64 år",  # L1382
        "target_age_min": 18,
        "target_age_max": 64,
        "actors": "a-senter, rådgivende overlege (NAV), forskere (UNI Helse Bergen)",  # L1417–1421
        "innsatsgrupper": [IG.STANDARD],  # L1686–1687
        "typical_duration": "Tre måneder",  # L1718
        "measures": "Gruppetiltak – mål om ordinært arbeid (ev. via arbeidstrening)",  # L1738–1742
        "method_summary": "Kunnskaps-/mestringstiltak/selvutvikling/målarbeid",  # L1772–1775
        "source_lines": "L1282–1441, L1661–1796, L4341–4543",
        "phases": [
            ("Gruppekurs", "Åtte deltakere, tolv uker, økter på to timer (L4341–4543).", 84),
            ("Markedsmøter", "Rådgiverne møtes fredag; markedsmøte med NAV-kontoret mandag.", None),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Utvei/Jobbkondis",
        "region": "55",
        "area": "Troms",
        "start_year": 2016,
        "status": ACTIVE,
        "coordinator": ("vei5501-00", 0),
        "units": ["5501", "5592"],
        "focus": "Bruker, gruppetiltak",  # L1312–1313
        "purpose": "Økt mestring/selvtillit/målarbeid/læring/utvikling/ordinært arbeid",  # L1346–1350
        "target_group": "Unge under (30 år) 40 år med funksjonsnedsettelse*",  # L1382–1385
        "target_age_max": 39,
        "target_other_criteria": "* Endret etter intervjutidspunktet (L1796): øvre alder økt fra 30 til 40 år som prøveprosjekt (L4631).",
        "actors": "NAV, kandidat, (virksomhet)",  # L1423–1424
        "innsatsgrupper": [IG.STANDARD],  # L1689–1690
        "typical_duration": "",  # "-" in L1718
        "measures": "Gruppetiltak – mål om arbeid i ordinær virksomhet",  # L1744–1747
        "method_summary": "Kunnskaps-/mestringstiltak/selvutvikling/målarbeid",  # L1777–1780
        "source_lines": "L1282–1441, L1661–1796, L4545–4918",
        "phases": [
            ("Daglig gruppeaktivitet", "Mandag–torsdag 09.00–11.30, 16 temaer i måneden (L4545–4918).", None),
            (
                "Markedsmøte tirsdag",
                "Ukentlig møte med markedsavdelingen; ledige jobber formidles straks.",
                None,
            ),
        ],
        "follow_ups": [],
        "goals": [
            (
                M.WORK_SHARE,
                "Andel deltakere i jobb (eksempelmål i demodata)",
                Decimal("40"),
                None,
                None,
                "L4705–4753",
            ),
        ],
        "risks": [
            (
                "Veilederne får ikke fritak fra ordinære oppgaver",
                Level.MEDIUM,
                Level.HIGH,
                "Frikjøp (L4758–4764)",
                "Leder, NAV-kontor",
            ),
        ],
        "roles": [],
        "cohorts": [],
        "outcomes": [
            # Table 5.5, all 257 participants (L4709–4733).
            *[
                ("Alle deltakere (257)", date(2017, 2, 28), cat, n, "L4709–4733", note)
                for cat, n, note in [
                    (C.STARTED, 257, "Deltatt siden oppstart (brev datert 28.02.17, L4705)."),
                    (C.ORDINARY_WORK, 75, "Jobb med eller uten lønnstilskudd."),
                    (C.AMO, 6, ""),
                    (C.ARBEIDSTRENING, 31, "Arbeidstrening/IA."),
                    (C.EDUCATION, 12, "Skole."),
                    (C.DEREGISTERED, 28, ""),
                    (C.DECLINED, 12, ""),
                    (C.NO_SHOW, 24, ""),
                    (C.DROPPED_OUT, 69, ""),
                ]
            ],
            # Table 5.6: where the 93 who did not show up or dropped out are now (L4737–4753).
            # Together with Table 5.5 this gives the text's 113 in work and 20 at school (L4705–4707).
            *[
                ("Ikke møtt eller avbrutt (93)", date(2017, 2, 28), cat, n, "L4737–4753", note)
                for cat, n, note in [
                    (C.ORDINARY_WORK, 38, ""),
                    (C.EDUCATION, 8, ""),
                    (C.MOVED, 3, ""),
                    (C.FOLLOWED_BY_NAV, 25, ""),
                    (C.KVP, 3, ""),
                    (C.AAP, 5, ""),
                    (C.PREGNANT, 2, ""),
                    (C.NO_CONTACT, 9, "Tar ikke telefonen og kontakter ikke NAV (L4755–4756)."),
                ]
            ],
        ],
    },
    {
        "name": "Mangfoldig rekruttering",
        "region": "46",
        "area": "Hordaland",
        "start_year": 2016,
        "status": ACTIVE,
        "coordinator": ("ia_4691-01", 0),
        "units": ["4691"],
        "focus": "Virksomheter, nettverk",  # L1315–1316
        "purpose": "Øke private og offentlige virksomheters inkluderingskompetanse og -praksis",  # L1352–1357
        "target_group": "Virksomheter som ønsker å endre rekrutteringspraksis",  # L1387–1390
        "actors": "a-senter, virksomheter (NAV-kontor)",  # L1426–1428
        "innsatsgrupper": [],  # "-" in L1692
        "typical_duration": "",  # "-" in L1718
        "measures": "Bedriftsnettverk – endring av rekrutteringspolitikk",  # L1749–1753
        "method_summary": "Informasjon og erfaringsutveksling gjennom nettverksmøter",  # L1782–1786
        "source_lines": "L1282–1441, L1661–1796, L4179–4338",
        "phases": [
            (
                "Nettverk etableres",
                "Private, regionale private og statlige virksomheter; 10–12 i hvert nettverk (L4179–4338).",
                None,
            ),
            (
                "Nettverksmøter",
                "Temaer, deltakelse og erfaringsdeling om rekrutteringspraksis (L1463–1469).",
                None,
            ),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Framsnakk",
        "region": "34",
        "area": "Oppland (Jevnaker), Møre og Romsdal",
        "start_year": 2016,
        "status": ACTIVE,
        "coordinator": ("koordinator", None),
        "units": ["3491"],
        "focus": "Bruker, gruppetiltak",  # L1318–1319
        "purpose": "Bidra til kunnskap, mestring og motivasjon for arbeid (og utdanning)",  # L1359–1363
        "target_group": "Unge under 30 år med funksjonsnedsettelse",  # L1392–1394
        "target_age_max": 29,
        "actors": "a-senter, NAV-kontor, virksomheter, ulike kommunale aktører i Jevnaker",  # L1430–1434
        "innsatsgrupper": [IG.SPESIELT_TILPASSET, IG.SITUASJONSBESTEMT],
        "innsatsgruppe_note": "Jevnaker: spesielt tilpasset innsats, noe situasjonsbestemt",  # L1692–1697
        "typical_duration": "Framsnakket i virksomhet er kortvarig og en engangsforeteelse",  # L1718–1722
        "measures": "Gruppetiltak",  # L1755
        "method_summary": "Bedriftsbesøk, som det kan bygges aktiviteter/opplegg rundt",  # L1788–1792
        "source_lines": "L1282–1441, L1661–1796, L4921–5225",
        "phases": [
            ("Forberedelse av gruppen", "Unge forberedes på besøket (L4921–5225).", None),
            ("Besøk på arbeidsplassen", "Unge ansatte presenterer arbeidsplassen for gruppen.", 1),
            ("Oppfølging", "Aktiviteter og opplegg bygges rundt besøket.", None),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
        "shares": [
            (C.ORDINARY_WORK, "8", "31 deltakere i Molde som sluttet", "L5132–5134", "Over i ordinær jobb."),
            (
                C.ARBEIDSTRENING,
                "16",
                "31 deltakere i Molde som sluttet",
                "L5132–5134",
                "Over i arbeidstrening eller andre tiltak.",
            ),
        ],
    },
    {
        "name": "Matchemøter",
        "region": "32",
        "area": "Akershus",
        "start_year": None,  # no start year in Table 4.1 (L1289)
        "status": DISCONTINUED,  # effort did not match effect; not used in 2018 (L1273–1276)
        "coordinator": None,
        "units": ["3291", "3290"],
        "focus": "Intern samhandling i NAV mellom NAV-kontor og a-senter",  # L1321–1325
        "purpose": "NAV-intern matching av virksomheter og kandidater",  # L1365–1368
        "target_group": "",  # no target group in Table 4.1
        "actors": "a-senter, NAV-kontor, Hjelpemiddelsentralen",  # L1436–1439
        "innsatsgrupper": [IG.SPESIELT_TILPASSET],  # L1699–1700
        "typical_duration": "",  # "-" in L1724
        "measures": "Finne arbeidstreningsvirksomheter til kandidater",  # L1755–1758
        "method_summary": "Arbeidsmøter",  # L1794
        "source_lines": "L1282–1441, L1661–1796, L5226–5316",
        "phases": [
            ("Anonymiserte beskrivelser", "NAV-kontoret beskriver kandidater uten navn (L5226–5316).", None),
            ("Matchemøte", "NAV-internt arbeidsmøte; arbeidsgiveren er ikke til stede (L5284–5287).", 1),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [
            (
                "Matching på papiret uten at arbeidsgiver møter kandidaten",
                Level.HIGH,
                Level.HIGH,
                "La arbeidsgiver og kandidat møtes (L5284–5287)",
                "NAV Arbeidslivssenter",
            ),
        ],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Arbeids- og kunnskapstrening IT",
        "region": "55",
        "area": "Troms",
        "start_year": 2016,
        "status": ACTIVE,
        "coordinator": ("vei5501-01", 0),
        "units": ["5501"],
        "focus": "Bruker, gruppetiltak",
        "purpose": "Arbeidstrening og kompetanse for unge som er interessert i dataspill og IT («gamere»)",
        "target_group": "Unge med interesse for IT og dataspill",
        "actors": "NAV-kontor, IT-virksomheter, Kunnskapstrening IT",
        "innsatsgrupper": [],
        "measures": "Arbeidstrening",
        "method_summary": "Nettbasert gruppetrening på reelle oppgaver fra IT-virksomheter",
        "source_lines": "L5319–5427",
        "phases": [
            ("Opplæringsfase", "Nettbasert trening i grupper på reelle oppgaver (L5319–5427).", None),
            ("Arbeidstrening", "I IT-virksomhet, med mentor- og lønnstilskudd ved behov (L5386–5388).", None),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [
            (
                "Veilederne glemmer prosjektet i en travel hverdag",
                Level.HIGH,
                Level.MEDIUM,
                "Forankring hos leder (L5409–5412)",
                "Leder, NAV-kontor",
            ),
        ],
        "roles": [],
        "cohorts": [],
        "outcomes": [
            (
                "Pulje 1 og 2",
                date(2018, 9, 30),
                C.STARTED,
                31,
                "L5382",
                "31 «talenter» fordelt på to runder.",
            ),
            (
                "Pulje 1 og 2",
                date(2018, 9, 30),
                C.ORDINARY_WORK,
                4,
                "L5385",
                "Helt ordinært arbeid uten ytelse fra NAV.",
            ),
            (
                "Pulje 1 og 2",
                date(2018, 9, 30),
                C.WAGE_SUBSIDY,
                8,
                "L5386–5387",
                "Delvis i jobb; virksomheten får mentor- og lønnstilskudd.",
            ),
            ("Pulje 1 og 2", date(2018, 9, 30), C.ARBEIDSTRENING, 6, "L5387–5388", ""),
            (
                "Pulje 1 og 2",
                date(2018, 9, 30),
                C.TRAINING_PHASE,
                13,
                "L5388",
                "«De resterende» (31 − 4 − 8 − 6).",
            ),
        ],
    },
    {
        "name": "Gi ungdommen sjansen",
        "region": "50",
        "area": "Trøndelag",
        "start_year": None,
        "status": ACTIVE,
        "coordinator": ("ia_5091-00", 0),
        "units": ["5091"],
        "focus": "Virksomheter",
        "purpose": "Øke potensielle arbeidsgiveres inkluderingsvilje (L5430–5432)",
        "target_group": "Arbeidsgivere i bransjer som servicenæringen, bygg og anlegg, varehandel, barnehager og IT",
        "actors": "NAV, arbeidsgivere",
        "measures": "Frokostmøter for arbeidsgivere",
        "method_summary": "Bransjevise frokostmøter på to timer; deltakerne registreres og følges opp",
        "source_lines": "L5429–5509",
        "phases": [
            (
                "Frokostmøte",
                "NAV forteller om ungdommene; to bedriftseksempler; en brukerhistorie (L5433–5440).",
                1,
            ),
            ("Oppfølging av deltakerne", "Arbeidsgiverne som deltok, kontaktes etterpå.", None),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Minijobbmesse",
        "region": "18",
        "area": "Nordland",
        "start_year": 2018,  # first held spring 2018 in this municipality (L5511–5512)
        "status": ACTIVE,
        "coordinator": ("mar1892-00", 0),
        "units": ["1891", "1801"],
        "focus": "Matching av virksomheter og kandidater",
        "purpose": "Unge under 30 år uten arbeid møter arbeidsgivere (L5513–5514)",
        "target_group": "Unge under 30 år uten arbeid som ønsker seg en jobb",  # L5513–5514
        "target_age_max": 29,
        "actors": "a-senter, NAV-kontor, virksomheter, kandidater",
        "measures": "Jobbmesse",
        "method_summary": "Tre arbeidsgivere presenterer seg i 20 minutter hver; kandidatene går innom møterom med CV",
        "source_lines": "L5510–5607",
        "phases": [
            ("Presentasjoner", "Tre virksomheter, 20 minutter hver (L5515–5518).", 1),
            (
                "Møterom",
                "Kandidatene går innom arbeidsgiverne med CV, gjerne med en NAV-ansatt (L5518–5522).",
                None,
            ),
            (
                "Oppfølging",
                "Ansettelsen som kom ut av messen gikk tapt fordi ingen fulgte opp (domain.md §3).",
                None,
            ),
        ],
        "follow_ups": [
            ("Oppfølging av arbeidsgiver og kandidat", 2, "Uten oppfølging ble den ene ansettelsen borte.")
        ],
        "goals": [],
        "risks": [
            (
                "Ingen følger opp etter messen",
                Level.HIGH,
                Level.HIGH,
                "Avtal oppfølging før messen (L5572–5574)",
                "NAV-kontoret",
            ),
        ],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Forsterket jobbverksted",
        "region": "39",
        "area": "Vestfold",
        "start_year": 2016,  # Jobbverksted from 2016, strengthened in 2018 (L5610–5612)
        "status": ACTIVE,
        "coordinator": ("led3901-00", 0),
        "units": ["3901", "3991"],
        "focus": "Bruker, gruppetiltak",
        "purpose": "Vesentlig økning i overgang til arbeid for brukere med spesielt tilpasset innsats (L5727–5729)",
        "target_group": "Voksne/unge inntil 25 år med spesielt tilpasset innsats",  # L1530, L5611
        "target_age_max": 25,
        "innsatsgrupper": [IG.SPESIELT_TILPASSET],
        "actors": "NAV-kontor, a-senter",
        "measures": "Internt gruppetiltak",
        "method_summary": "Ukentlig jobbverksted inspirert av supported employment og IPS (L5612–5614)",
        "typical_duration": "To måneder (unntaksvis tre)",  # L5628
        "resources_note": "40 plasser (L5627); én dedikert ressurs fra 2018 (L5612).",
        "source_lines": "L5609–5796",
        "phases": [
            (
                "Jobbverksted hver tirsdag",
                "2,5 timer gruppeaktivitet med kompetansetilførsel: CV, intervjutrening, arbeidsmarkedet (L5625–5632).",
                60,
            ),
            ("Månedlig gjennomgang", "Med Arbeidslivssenteret (domain.md §3).", None),
        ],
        "follow_ups": [("Månedlig gjennomgang", 30, "Sammen med NAV Arbeidslivssenter.")],
        "goals": [
            (
                M.WORK_OR_TRAINING_SHARE,
                "75 % av deltakerne i jobb eller arbeidstrening ved prosjektslutt",
                Decimal("75"),
                None,
                None,
                "L5729–5732",
            ),
        ],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Mentorskole / mentornettverk",
        "region": "39",
        "area": "Vestfold / Oppland",
        "start_year": None,
        "status": ACTIVE,
        "coordinator": ("ia_3991-00", 0),
        "units": ["3991"],
        "focus": "Virksomheter, mentorer",
        "purpose": "Gjøre mentorene tryggere i mentorrollen (L5810–5811)",
        "target_group": "Mentorer i virksomheter som tar inn kandidater fra NAV",
        "actors": "a-senter, virksomheter",
        "measures": "Mentorkurs og mentornettverk",
        "method_summary": "Halvdagskurs i bedriftens lokaler og oppfølgingsmøte etter en måned; nettverk hver 2.–3. måned",
        "source_lines": "L5798–5844",
        "phases": [
            ("Mentorskole", "Halv dag i bedriftens lokaler, 5–10 deltakere (L5805–5808).", 1),
            ("Oppfølgingsmøte", "Om lag en måned etter første samling (L5810–5811).", 1),
        ],
        "follow_ups": [("Oppfølgingsmøte", 30, "Om lag en måned etter kurset (L5810–5811).")],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
    {
        "name": "Elektronisk tavleteam Follo",
        "region": "32",
        "area": "Akershus (Follo)",
        "start_year": 2017,
        "status": ACTIVE,
        "coordinator": ("ia_3291-00", 0),
        "units": ["3291", "3201", "3202", "3203", "3204", "3205", "3206"],
        "focus": "Samhandling internt i NAV, deling av markedskunnskap",
        "purpose": "Dele virksomhetskontakter mellom NAV-kontorene og Arbeidslivssenteret (L5847–5855)",
        "target_group": "Brukere som trenger en arbeidsgiver innen et bestemt felt",
        "actors": "NAV-kontor (7), a-senter (6 rådgivere)",
        "measures": "Matching via felles tavle",
        "method_summary": "Veiledere registrerer behov, prøver lokalt først, og løfter saken til rådgiverne i et ukentlig tavlemøte",
        "source_lines": "L5846–5921",
        "phases": [
            ("Behov registreres", "«Denne brukeren trenger en arbeidsgiver innen X.»", None),
            ("Prøves lokalt", "Veilederen prøver først selv.", 14),
            ("Tavlemøte", "Ukentlig møte på én time der rådgiverne matcher arbeidsgivere.", 7),
        ],
        "follow_ups": [],
        "goals": [],
        "risks": [],
        "roles": [],
        "cohorts": [],
        "outcomes": [],
    },
]


def demo_orgnr(base: str) -> str:
    """A valid organisasjonsnummer from eight digits (the first valid one from `base` on)."""
    return orgnr_generate(start=int(base))


def _coordinator(spec, fallback: User) -> User | None:
    if spec is None:
        return None
    username, idle_days = spec
    user = User.objects.filter(username=username).first() or fallback
    if idle_days:
        # Demo of the coordinator warning: this coordinator has not logged in for a while.
        when = timezone.now() - timedelta(days=idle_days)
        User.objects.filter(pk=user.pk).update(last_login=when, date_joined=when - timedelta(days=365))
        user.refresh_from_db()
    return user


def _project(spec: dict, fallback: User) -> Project:
    simple = {
        field: spec.get(field, Project._meta.get_field(field).get_default()) for field in DESCRIPTION_FIELDS
    }
    project, _ = Project.objects.update_or_create(
        name=spec["name"],
        defaults={
            **simple,
            "status": spec["status"],
            "region": County.objects.get(code=spec["region"]),
            "coordinator": _coordinator(spec["coordinator"], fallback),
        },
    )
    project.nav_units.set(NavUnit.objects.filter(unit_number__in=spec["units"]))
    return project


def _method(project: Project, spec: dict) -> None:
    for position, (name, description, days) in enumerate(spec["phases"], start=1):
        MethodPhase.objects.update_or_create(
            project=project,
            position=position,
            defaults={"name": name, "description": description, "typical_duration_days": days},
        )
    for name, offset, description in spec["follow_ups"]:
        FollowUpTemplate.objects.update_or_create(
            project=project, name=name, defaults={"offset_days": offset, "description": description}
        )
    for metric, description, target, start, end, lines in spec["goals"]:
        Goal.objects.update_or_create(
            project=project,
            description=description,
            defaults={
                "metric": metric,
                "target": target,
                "period_start": start,
                "period_end": end,
                "source_lines": lines,
            },
        )
    for risk, likelihood, impact, mitigation, owner in spec["risks"]:
        Risk.objects.update_or_create(
            project=project,
            risk=risk,
            defaults={"likelihood": likelihood, "impact": impact, "mitigation": mitigation, "owner": owner},
        )
    for position, (task, office, centre, employer, coordinator) in enumerate(spec["roles"], start=1):
        RoleTask.objects.update_or_create(
            project=project,
            task=task,
            defaults={
                "position": position,
                "nav_office": office,
                "worklife_centre": centre,
                "employer": employer,
                "coordinator": coordinator,
            },
        )


def _record(
    project,
    *,
    category,
    count,
    lines,
    label="",
    as_of=None,
    note="",
    cohort=None,
    counted=True,
    contradicts=None,
):
    record, _ = OutcomeRecord.objects.update_or_create(
        project=project,
        cohort=cohort,
        period_label=label,
        category=category,
        source_lines=lines,
        defaults={
            "count": count,
            "as_of": as_of,
            "note": note,
            "counts_in_totals": counted and contradicts is None,
            "contradicts": contradicts,
        },
    )
    return record


def _cohorts_and_outcomes(project: Project, spec: dict) -> None:
    for c in spec["cohorts"]:
        cohort, _ = Cohort.objects.update_or_create(
            project=project,
            name=c["name"],
            defaults={
                "kind": c["kind"],
                "location": c.get("location", ""),
                "period_label": c.get("period_label", ""),
                "start_date": c.get("start_date"),
                "end_date": c.get("end_date"),
                "places": c.get("places"),
            },
        )
        for base, name, places in c.get("employers", []):
            CohortEmployer.objects.update_or_create(
                cohort=cohort, orgnr=demo_orgnr(base), defaults={"name": name, "places": places}
            )
        if "counts" in c:
            course, training = c["counts"]
            for category, count in [(C.COMPLETED_COURSE, course), (C.STARTED_TRAINING, training)]:
                _record(
                    project,
                    category=category,
                    count=count,
                    lines=c["source"],
                    cohort=cohort,
                    label=c["period_label"],
                    as_of=c["as_of"],
                )
    primary = {}
    for label, as_of, category, count, lines, note in spec["outcomes"]:
        primary[category] = _record(
            project, category=category, count=count, lines=lines, label=label, as_of=as_of, note=note
        )
    for category, count, lines, note in spec.get("contradictions", []):
        first = primary[category]
        _record(
            project,
            category=category,
            count=count,
            lines=lines,
            label=first.period_label,
            as_of=first.as_of,
            note=note,
            contradicts=first,
        )
    totals = {}
    for category, count, lines, note in spec.get("stated_totals", []):
        totals[category] = _record(
            project, category=category, count=count, lines=lines, label="2013–2018", note=note, counted=False
        )
    for category, count, lines, note in spec.get("contradictions_of_totals", []):
        _record(
            project,
            category=category,
            count=count,
            lines=lines,
            label="2013–2018",
            note=note,
            contradicts=totals[category],
        )
    for category, percent, population, lines, note in spec.get("shares", []):
        ReportedShare.objects.update_or_create(
            project=project,
            category=category,
            source_lines=lines,
            population=population,
            defaults={"percent": Decimal(percent), "note": note},
        )


LOCAL_COPIES_LARGE = 300


def _local_copies(ctx: DemoContext) -> None:
    """For --scale large: many local projects spread from the report's methods, so the list,
    comparison and home pages are measured with realistic numbers (bench/bench_projects.py)."""
    sources = list(Project.objects.filter(copied_from__isnull=True, phases__isnull=False).distinct())
    coordinators = list(User.objects.filter(memberships__isnull=False).distinct().order_by("pk")[:200])
    counties = list(County.objects.order_by("code"))
    # Source and county by index, not by the shared random stream, so the names (the natural key)
    # are the same whatever other seeders ran before.
    sources.sort(key=lambda p: p.name)
    plan = [(i, sources[i % len(sources)], counties[i % len(counties)]) for i in range(LOCAL_COPIES_LARGE)]
    copies = [
        Project(
            name=f"{source.name} lokal {i:03d}",
            region=county,
            status=Project.Status.ACTIVE,
            coordinator=ctx.rng.choice(coordinators),
            copied_from=source,
            start_year=ctx.rng.randint(2019, 2026),
            **{field: getattr(source, field) for field in METHOD_FIELDS},
        )
        for i, source, county in ctx.progress(plan, total=len(plan), desc="Lokale prosjekter")
    ]
    Project.objects.bulk_create(copies, ignore_conflicts=True, batch_size=500)
    by_name = {p.name: p for p in Project.objects.filter(name__in=[c.name for c in copies])}
    phases, goals, records = [], [], []
    for i, source, _county in plan:
        copy = by_name[f"{source.name} lokal {i:03d}"]
        phases += [
            MethodPhase(project=copy, position=p.position, name=p.name, description=p.description)
            for p in source.phases.all()
        ]
        goals.append(
            Goal(project=copy, metric=M.WORK_SHARE, description="Andel i arbeid", target=Decimal("40"))
        )
        started = ctx.rng.randint(5, 40)
        records += [
            OutcomeRecord(
                project=copy, category=C.STARTED, count=started, period_label="Demo", source_lines=""
            ),
            OutcomeRecord(
                project=copy,
                category=C.ORDINARY_WORK,
                count=ctx.rng.randint(0, started),
                period_label="Demo",
                source_lines="",
            ),
        ]
    MethodPhase.objects.bulk_create(phases, ignore_conflicts=True, batch_size=1000)
    if not Goal.objects.filter(project__in=by_name.values()).exists():
        Goal.objects.bulk_create(goals, batch_size=1000)
        OutcomeRecord.objects.bulk_create(records, batch_size=1000)


# --- Enrolments (phase 2) --------------------------------------------------------------------------
# Demo candidates (seeded by candidates, order 30) enrolled by their own counsellors, so every
# role sees the project's participant list: named for the office, codes for everyone else.

ENROLMENT_PLAN = [
    # project, county of the candidates' offices, how many (small, large), share exited, first phase
    ("Ta sjansen", "34", (12, 400), 0.4, "Jobbmesse"),
    ("JobbLoop", "46", (3, 150), 0.0, "Kick-off"),
    ("Springbrett", "33", (8, 250), 0.5, "Kurs"),
]
DEMO_EXIT_REASONS = ["ordinary_work", "wage_subsidy", "arbeidstrening", "education", "dropped_out", "unknown"]


def _enrol_demo_candidates(ctx: DemoContext) -> None:
    from candidates.models import Candidate

    from .services import enrolment_create, enrolment_exit

    for name, county, sizes, exited_share, phase_name in ENROLMENT_PLAN:
        project = Project.objects.get(name=name)
        wanted = sizes[1] if ctx.large else sizes[0]
        have = project.enrolments.count()
        if have >= wanted:
            continue
        pool = (
            Candidate.objects.filter(
                office__county__code=county, follow_up_status="aktiv", erased_at__isnull=True
            )
            .exclude(project_enrolments__project=project)
            .exclude(counsellor__isnull=True)
            .select_related("counsellor")
            .order_by("pk")[: wanted - have]
        )
        cohort = project.cohorts.order_by("-start_date", "-pk").first()
        first_phase = project.phases.filter(name=phase_name).first()
        start = date(2018, 1, 8)
        for candidate in ctx.progress(list(pool), desc=f"Deltakere i {name}"):
            enrolled_on = start + timedelta(days=ctx.rng.randint(0, 200))
            enrolment = enrolment_create(
                project=project,
                candidate=candidate,
                by=candidate.counsellor,
                enrolled_on=enrolled_on,
                cohort=cohort,
                start_phase=first_phase,
            )
            if ctx.rng.random() < exited_share:
                enrolment_exit(
                    enrolment=enrolment,
                    by=candidate.counsellor,
                    on_date=enrolled_on + timedelta(days=ctx.rng.randint(30, 300)),
                    reason=ctx.rng.choice(DEMO_EXIT_REASONS),
                )


@seeder(name="Prosjektene i Fafo-rapporten", order=40)
@transaction.atomic
def seed_projects(ctx: DemoContext) -> None:
    fallback = User.objects.get(username="koordinator")
    for spec in PROJECTS:
        project = _project(spec, fallback)
        _method(project, spec)
        _cohorts_and_outcomes(project, spec)
    if ctx.large:
        _local_copies(ctx)
    _enrol_demo_candidates(ctx)
    ctx.say(
        f"  {Project.objects.count()} prosjekter, {OutcomeRecord.objects.count()} resultattall, "
        f"{Enrolment.objects.count()} deltakelser"
    )
