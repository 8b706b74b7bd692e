"""Interactions in the CRM demo: courses of guidance, events with participants, earlier
years' programme participations, and writing them all in bulk."""

import datetime as dt
from collections import defaultdict

from django.db.models import Max, Min

from indgang.crm.models import ContactPerson, Interaction, Participant
from indgang.demo.crm.base import EVENTS, Op, T, aware_at
from indgang.demo.crm.texts import OBSERVATIONS, THEMES
from indgang.registry.models import YearlyFigures

TITLES = {
    T.ONE_TO_ONE: [
        "Afklaringsmøde om {t}",
        "Sparring om {t}",
        "Vækstmøde: {t}",
        "Opfølgende møde om {t}",
    ],
    T.OUTREACH_VISIT: ["Virksomhedsbesøg – {t}", "Opsøgende besøg om {t}"],
    T.PHONE: ["Telefonsamtale om {t}", "Første kontakt – {t}", "Opfølgning pr. telefon"],
    T.EMAIL: ["Mail med materiale om {t}", "Opfølgning pr. mail", "Svar på spørgsmål om {t}"],
    T.EVENT: ["Morgenmøde: {T} i praksis", "Temamøde om {t}", "Inspirationsmøde: {T}"],
    T.COURSE: ["Kursus: {T} for små virksomheder", "Workshop om {t}"],
    T.COURSE_SERIES: ["Forløb om {t} (4 moduler)", "Vækstakademi: {T}"],
    T.NETWORK_MEETING: ["Netværksmøde: {T}", "Erfa-gruppe om {t}"],
}
REACTIONS = [
    "God stemning og mange spørgsmål.",
    "Flere deltagere ønsker et opfølgende møde.",
    "Evalueringen gav 4,5 ud af 5.",
    "Oplægsholderen fra en lokal virksomhed blev godt modtaget.",
]
SPEAKERS = ["en ekstern rådgiver", "en lokal virksomhedsejer", "vores egen specialist"]


class InteractionsDemo:
    def add(self, interaction: Interaction, themes, contacts=(), participants=()):
        self.plan.interactions.append(interaction)
        self.plan.themes.append(list(themes))
        self.plan.contacts.append(list(contacts))
        self.plan.participants.append(list(participants))
        return interaction

    def text(self, kind, themes, contact: ContactPerson | None) -> tuple[str, str]:
        theme = themes[0]
        phrase, goals, steps = THEMES[theme]
        title = self.rng.choice(TITLES[kind]).format(t=phrase, T=phrase.capitalize())
        goal, step = self.rng.choice(goals), self.rng.choice(steps)
        role = contact.title if contact else ""
        if role and not role[:2].isupper():
            role = role[0].lower() + role[1:]
        who = f"{contact.name} ({role})" if contact else "ejeren"
        if kind in (T.ONE_TO_ONE, T.OUTREACH_VISIT):
            note = (
                f"Møde med {who}. Virksomheden ønsker at {goal}. "
                f"{self.rng.choice(OBSERVATIONS)} Aftalt: {step}"
            )
        elif kind == T.PHONE:
            note = f"Kort samtale med {who}. Virksomheden vil gerne {goal}. {step}"
        else:
            note = f"Sendt materiale om {phrase} og links til relevante tilbud. {step}"
        return title[:200], note

    # --- Courses of guidance ----------------------------------------------------------------

    def course(self, op: Op, company=None, entrepreneur=None, consultant=None, start=None):
        rng = self.rng
        consultant = consultant or rng.choice(op.consultants)
        themes = rng.sample(op.themes, k=1 if rng.random() < 0.6 else 2)
        if entrepreneur is not None:
            themes = ["opstart", *[t for t in themes if t != "opstart"]][:2]
        start = start or self.day(high=self.today - dt.timedelta(days=2))
        offer = self.offer_for(op, themes)
        contact = self.contact_for(op, company, consultant) if company is not None else None
        if op.kind == "lokal":
            kinds = [T.ONE_TO_ONE] + rng.sample(
                [T.PHONE, T.EMAIL, T.ONE_TO_ONE], k=rng.randint(0, 2)
            )
        elif op.kind == "erhvervshus":
            kinds = [rng.choice([T.PHONE, T.EMAIL])]
            kinds.append(T.OUTREACH_VISIT if rng.random() < 0.35 else T.ONE_TO_ONE)
            kinds += rng.sample([T.ONE_TO_ONE, T.EMAIL, T.PHONE], k=rng.randint(0, 2))
        else:
            kinds = [rng.choice([T.ONE_TO_ONE, T.OUTREACH_VISIT]), T.EMAIL]
        day = start
        made = []
        for kind in kinds:
            if day > self.today:
                break
            title, note = self.text(kind, themes, contact)
            made.append(
                self.add(
                    Interaction(
                        organisation=op.org,
                        created_by=consultant,
                        consultant=consultant,
                        type=kind,
                        date=day,
                        company=company,
                        entrepreneur=entrepreneur,
                        title=title,
                        note=note,
                        offer=offer if kind not in (T.PHONE, T.EMAIL) else None,
                    ),
                    themes,
                    [contact] if contact else [],
                )
            )
            day = self.weekday(day + dt.timedelta(days=rng.randint(3, 35)))
        if company is not None:
            self.plan.courses.append((op, company, consultant, start, themes))
        return made

    def events(self, op: Op, scale: float) -> None:
        rng = self.rng
        count = max(2, round(EVENTS[op.kind] * scale))
        for _n in range(count):
            kind = rng.choice([T.EVENT, T.EVENT, T.COURSE, T.NETWORK_MEETING, T.COURSE_SERIES])
            themes = rng.sample(op.themes, k=1)
            phrase = THEMES[themes[0]][0]
            companies = rng.sample(op.companies, k=min(len(op.companies), rng.randint(6, 25)))
            entrepreneurs = []
            if op.kind == "lokal":
                entrepreneurs = [
                    e for e in self.entrepreneurs.get(op.org.pk, []) if rng.random() < 0.2
                ]
            title = rng.choice(TITLES[kind]).format(t=phrase, T=phrase.capitalize())
            consultant = rng.choice(op.consultants)
            self.add(
                Interaction(
                    organisation=op.org,
                    created_by=consultant,
                    consultant=consultant,
                    type=kind,
                    date=self.day(),
                    title=title[:200],
                    note=f"{len(companies) + len(entrepreneurs)} deltagere. Oplæg om {phrase} "
                    f"ved {rng.choice(SPEAKERS)}. {rng.choice(REACTIONS)}",
                    offer=self.offer_for(op, themes),
                ),
                themes,
                participants=[(c, None) for c in companies] + [(None, e) for e in entrepreneurs],
            )

    def history(self) -> None:
        """Earlier years' programme participations: a company took part in one of the
        operator's offers (a course of sessions about it). Without them effect measurement
        has no cohort the register's yearly figures can follow before and after. Only the
        fact and the offer are kept; the notes of guidance this old would be anonymised."""
        years = YearlyFigures.objects.filter(company__is_fictitious=True).aggregate(
            first=Min("year"), last=Max("year")
        )
        if years["first"] is None:
            return
        first = years["first"] + 1  # a cohort needs the year before its start
        last = min(years["last"] - 1, self.today.year - 2)  # ...and a year after it
        if last < first:
            return
        with_figures = set(
            YearlyFigures.objects.filter(company__is_fictitious=True, year=first - 1).values_list(
                "company_id", flat=True
            )
        )
        # A few national programmes with yearly intakes large enough for measured evidence
        # (``evidence``, issue 19); every other offer keeps a few participants and shows why
        # it has no evidence.
        measured = self.evidence_history(years["last"])
        for op in self.ops.values():
            offers = [o for o, _codes in op.offers if o.pk not in measured]
            pool = [c for c in op.companies if c.pk in with_figures]
            if not offers or not pool:
                continue
            count = max(10, round(len(pool) * 0.04))
            for company in self.rng.sample(pool, min(count, len(pool))):
                offer, codes = self.rng.choice([(o, self.offer_themes[o.pk]) for o in offers])
                start = dt.date(self.rng.randint(first, last), self.rng.randint(1, 12), 1)
                start = self.weekday(start + dt.timedelta(days=self.rng.randint(0, 27)))
                self.history_participation(op, company, offer, codes, start)

    def history_participation(self, op: Op, company, offer, codes, start: dt.date) -> None:
        self.plan.interactions.append(
            Interaction(
                organisation=op.org,
                type=T.COURSE_SERIES,
                date=start,
                consultant=self.rng.choice(op.consultants),
                company=company,
                offer=offer,
                title=offer.title[:200],
            )
        )
        self.plan.themes.append(sorted(codes)[:2])
        self.plan.contacts.append([])
        self.plan.participants.append([])

    def write_interactions(self) -> None:
        contacts = [c for group in self.contacts.values() for c in group]
        ContactPerson.objects.bulk_create(contacts, batch_size=1000)
        plan = self.plan
        Interaction.objects.bulk_create(plan.interactions, batch_size=1000)
        # Recorded on the day it happened, not when the demo ran.
        by_day = defaultdict(list)
        for interaction in plan.interactions:
            by_day[interaction.date].append(interaction.pk)
        for day, ids in by_day.items():
            Interaction.objects.filter(pk__in=ids).update(created_at=aware_at(day, 15))
        themes = Interaction.themes.through
        people = Interaction.contacts.through
        theme_rows, contact_rows, participant_rows = [], [], []
        for interaction, codes, linked, participants in zip(
            plan.interactions, plan.themes, plan.contacts, plan.participants, strict=True
        ):
            theme_rows += [themes(interaction_id=interaction.pk, theme_id=c) for c in codes]
            contact_rows += [
                people(interaction_id=interaction.pk, contactperson_id=c.pk) for c in linked
            ]
            participant_rows += [
                Participant(interaction_id=interaction.pk, company=c, entrepreneur=e)
                for c, e in participants
            ]
        themes.objects.bulk_create(theme_rows, batch_size=2000)
        people.objects.bulk_create(contact_rows, batch_size=2000)
        Participant.objects.bulk_create(participant_rows, batch_size=2000)
