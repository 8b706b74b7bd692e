"""Referrals in the CRM demo: between operators in every status, to private advisers and
from companies through the one entry, moved back to when they happened, the old
unanswered ones flagged."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from indgang.catalog.models import PUBLISHED
from indgang.crm import public as crm
from indgang.crm.models import Notification, Referral, ReferralEvent, ReferralStatus
from indgang.demo.crm.base import DOMAIN, T, aware_at, email_address
from indgang.demo.crm.texts import THEMES
from indgang.demo.organisations import ERHVERVSHUSE
from indgang.organisations.models import Person, Role
from indgang.organisations.public import Viewer

PRIVATE_ADVISERS = [
    "Revisionsfirmaet Holm & Vestergaard (revisor)",
    "Advokatfirmaet Krogh & Dahl (advokat)",
    "DigiRåd ApS v. Jesper Dam (IT-rådgiver)",
    "Vækstpartner Midt v. Hanne Juul (strategirådgiver)",
    "Patentkontoret Nord (patentrådgiver)",
]
DECLINE_REASONS = [
    "Virksomheden falder uden for målgruppen (under fem ansatte).",
    "Tilbuddet er lukket for nye ansøgninger i år.",
    "Virksomheden er allerede i et forløb hos os.",
    "Behovet hører bedre hjemme hos den lokale erhvervsservice.",
]


class ReferralsDemo:
    def referrals(self) -> None:
        self.timeline: list[tuple[Referral, list[dt.datetime]]] = []
        routes = self._routes()
        courses = defaultdict(list)
        for op, company, consultant, start, themes in self.plan.courses:
            courses[op.org.pk].append((company, consultant, start, themes))
        target = max(60, round(260 * self.scale))
        for n in range(target):
            sender_id, receiver_id = self.rng.choice(routes)
            if not courses[sender_id]:
                continue
            company, consultant, start, themes = self.rng.choice(courses[sender_id])
            sent = min(self.today, start + dt.timedelta(days=self.rng.randint(0, 10)))
            self._referral(
                self.ops[sender_id],
                self.ops[receiver_id],
                company,
                consultant,
                themes,
                sent,
                self._status_for(sent),
                private=(n % 12 == 5),
            )
        self._scripted(courses)
        self._from_companies()
        self._backdate()
        crm.flag_unanswered_referrals()
        # Old notifications have been read.
        week_ago = timezone.now() - dt.timedelta(days=7)
        Notification.objects.filter(created_at__lt=week_ago, read_at__isnull=True).update(
            read_at=timezone.now() - dt.timedelta(days=3)
        )

    def _routes(self) -> list[tuple[str, str]]:
        ops = self.ops
        national = [k for k, op in ops.items() if op.kind == "national"]
        ehs = [k for k, op in ops.items() if op.kind == "erhvervshus"]
        area_eh = {area: org_id for area, (org_id, _name) in ERHVERVSHUSE.items()}
        routes = []
        for org_id, op in ops.items():
            if op.kind == "lokal":
                municipality = op.org.municipality
                eh = area_eh.get(municipality.erhvervshus_area_id) if municipality else None
                if eh in ops:
                    routes += [(org_id, eh)] * 3
            elif op.kind == "erhvervshus":
                routes += [(org_id, n) for n in national]
                locals_ = [
                    k
                    for k, o in ops.items()
                    if o.kind == "lokal"
                    and o.org.municipality
                    and area_eh.get(o.org.municipality.erhvervshus_area_id) == org_id
                ]
                routes += [(org_id, k) for k in locals_]
            else:
                routes += [(org_id, e) for e in ehs[:2]]
        if "eh-midtjylland" in ops and "aarhus-erhverv" in ops:
            routes += [("aarhus-erhverv", "eh-midtjylland")] * 10
            routes += [("eh-midtjylland", "aarhus-erhverv")] * 5
            routes += [("eh-midtjylland", n) for n in national] * 2
        return routes

    def _status_for(self, sent: dt.date) -> str:
        age = (self.today - sent).days
        roll = self.rng.random()
        S = ReferralStatus
        if age <= 3:
            return S.SENT if roll < 0.6 else S.RECEIVED
        if age <= 20:
            return [S.SENT, S.RECEIVED, S.ACCEPTED, S.DECLINED, S.COMPLETED][
                sum(roll > x for x in (0.08, 0.2, 0.6, 0.7))
            ]
        return [S.SENT, S.RECEIVED, S.ACCEPTED, S.DECLINED, S.COMPLETED][
            sum(roll > x for x in (0.03, 0.06, 0.25, 0.37))
        ]

    def _scripted(self, courses) -> None:
        """Referrals that make the demo logins' worklists tell a story: fresh ones waiting,
        old unanswered ones flagged to the manager, one to Mette Kjær by name."""
        S = ReferralStatus
        mette = Person.objects.filter(email=f"konsulent@{DOMAIN}").first()
        ali = Person.objects.filter(email=f"lokal@{DOMAIN}").first()
        script = [
            ("aarhus-erhverv", "eh-midtjylland", 0, S.SENT, None),
            ("aarhus-erhverv", "eh-midtjylland", 1, S.SENT, mette),
            ("aarhus-erhverv", "eh-midtjylland", 2, S.RECEIVED, None),
            ("aarhus-erhverv", "eh-midtjylland", 12, S.SENT, None),
            ("aarhus-erhverv", "eh-midtjylland", 16, S.RECEIVED, None),
            ("aarhus-erhverv", "eh-midtjylland", 9, S.ACCEPTED, mette),
            ("eh-midtjylland", "aarhus-erhverv", 1, S.SENT, ali),
            ("eh-midtjylland", "aarhus-erhverv", 11, S.SENT, None),
            ("eh-midtjylland", "aarhus-erhverv", 30, S.DECLINED, None),
            ("eh-midtjylland", "aarhus-erhverv", 40, S.COMPLETED, ali),
        ]
        for sender_id, receiver_id, age, status, person in script:
            if sender_id not in self.ops or receiver_id not in self.ops:
                continue
            if not courses[sender_id]:
                continue
            company, consultant, _start, themes = self.rng.choice(courses[sender_id])
            self._referral(
                self.ops[sender_id],
                self.ops[receiver_id],
                company,
                consultant,
                themes,
                self.today - dt.timedelta(days=age),
                status,
                to_person=person,
            )

    def _referral(
        self,
        sender,
        receiver,
        company,
        consultant,
        themes,
        sent,
        status,
        *,
        private=False,
        to_person=None,
    ):
        rng = self.rng
        viewer = Viewer(person=consultant, organisation_id=sender.org.pk, role=Role.CONSULTANT)
        sent = self.weekday(sent)
        offer = None
        if not private:
            # Referred for what the receiver offers.
            offer = self.offer_for(receiver, themes)
            if offer is not None:
                codes = self.offer_themes[offer.pk]
                if not codes & set(themes):
                    themes = sorted(codes)[:1] or themes
        phrase, goals, _steps = THEMES[themes[0]]
        goal = rng.choice(goals)
        if private:
            referral = crm.refer_company(
                viewer,
                company=company,
                private_adviser=rng.choice(PRIVATE_ADVISERS),
                themes=themes,
                reason=f"Virksomheden har brug for specialiseret rådgivning om {phrase}, "
                "som ligger uden for det offentlige tilbud.",
                company_wants=f"At {goal}.",
            )
            self.timeline.append((referral, [aware_at(sent, 14)]))
            return referral
        referral = crm.refer_company(
            viewer,
            company=company,
            to_organisation=receiver.org,
            to_person=to_person,
            offer=offer,
            themes=themes,
            reason=f"Virksomheden ønsker at {goal}. {receiver.org.name} har de rette "
            f"kompetencer inden for {phrase}.",
            company_wants=f"Et møde om {phrase} inden for den næste måned.",
        )
        times = [aware_at(sent, 9, rng.randint(0, 59))]
        self._move(referral, receiver, status, sent, times, to_person)
        self.timeline.append((referral, times))
        return referral

    def _move(self, referral, receiver, status, sent, times, to_person=None) -> None:
        S = ReferralStatus
        steps = {
            S.SENT: [],
            S.RECEIVED: [S.RECEIVED],
            S.ACCEPTED: [S.RECEIVED, S.ACCEPTED],
            S.DECLINED: [S.RECEIVED, S.DECLINED],
            S.COMPLETED: [S.RECEIVED, S.ACCEPTED, S.COMPLETED],
        }[status]
        person = to_person or self.rng.choice(receiver.consultants)
        viewer = Viewer(person=person, organisation_id=receiver.org.pk, role=Role.CONSULTANT)
        day = sent
        for step in steps:
            day = self.weekday(min(self.today, day + dt.timedelta(days=self.rng.randint(0, 4))))
            extra = {}
            if step == S.DECLINED:
                extra["decline_reason"] = self.rng.choice(DECLINE_REASONS)
            if step == S.COMPLETED:
                day = self.weekday(
                    min(self.today, day + dt.timedelta(days=self.rng.randint(3, 20)))
                )
                themes = [t.code for t in referral.themes.all()] or ["vaekst_skalering"]
                title, note = self.text(T.ONE_TO_ONE, themes, None)
                company = referral.company
                extra["interaction"] = crm.log_interaction(
                    viewer,
                    crm.InteractionData(
                        type=T.ONE_TO_ONE,
                        date=day,
                        company=company,
                        title=title,
                        note=f"Henvist af {referral.organisation.name}. {note}",
                        themes=tuple(themes),
                        offer=referral.offer,
                    ),
                )
            crm.move_referral(viewer, referral, step, version=referral.version, **extra)
            times.append(aware_at(day, 13, self.rng.randint(0, 59)))

    def _from_companies(self) -> None:
        """Companies that asked for contact through the one entry: a contact request made
        by the one entry's own service, which lands here as a referral from the company."""
        rng = self.rng
        count = max(8, round(30 * self.scale))
        targets = [k for k in ("eh-midtjylland", "aarhus-erhverv") if k in self.ops]
        targets += [k for k, op in self.ops.items() if op.kind != "national"][:6]
        self.contact_requests = 0
        for n in range(count):
            op = self.ops[targets[n % len(targets)]]
            offers = [o for o, _c in op.offers if o.status in PUBLISHED]
            if not offers:
                continue
            offer = rng.choice(offers)
            company = rng.choice(op.companies)
            first, last = self.person_name()
            themes = sorted({t.code for t in offer.themes.all()})[:2] or op.themes[:1]
            goal = rng.choice(THEMES[themes[0]][1])
            sent = self.today - dt.timedelta(days=rng.choice([0, 1, 2, 6, 9, 15, 30, 60, 120]))
            self.emails += 1
            requests = crm.request_contact(
                offer_ids=[offer.pk],
                unsure=False,
                contact={
                    "contact_name": f"{first} {last}",
                    "email": email_address(first, last, self.emails),
                    "phone": "",
                },
                facts={
                    "cvr": company.cvr,
                    "name": company.name,
                    "municipality_code": company.municipality_id,
                },
                needs=themes,
                needs_text=f"Vi vil gerne {goal} og har brug for hjælp til at komme i gang.",
                consent=True,
            )
            for request in requests:
                type(request).objects.filter(pk=request.pk).update(
                    created_at=aware_at(sent, 8), consent_given_at=aware_at(sent, 8)
                )
                referral = Referral.objects.get(contact_request=request)
                times = [aware_at(sent, 8)]
                age = (self.today - sent).days
                status = (
                    ReferralStatus.SENT
                    if age <= 2 or n % 7 == 3
                    else rng.choice(
                        [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.DECLINED]
                    )
                )
                if referral.company_id:
                    self._move(referral, self.ops[request.operator_id], status, sent, times)
                self.timeline.append((referral, times))
                self.contact_requests += 1

    def _backdate(self) -> None:
        """Move each referral, its steps and its notifications back to when they happened."""
        referrals, events, notes = [], [], []
        ids = [r.pk for r, _t in self.timeline]
        by_referral = defaultdict(list)
        for event in ReferralEvent.objects.filter(referral_id__in=ids).order_by("pk"):
            by_referral[event.referral_id].append(event)
        notifications = defaultdict(list)
        for note in Notification.objects.filter(referral_id__in=ids).order_by("pk"):
            notifications[note.referral_id].append(note)
        for referral, times in self.timeline:
            referral.created_at = times[0]
            referral.status_changed_at = times[-1]
            referrals.append(referral)
            for event, at in zip(by_referral[referral.pk], times, strict=False):
                event.at = at
                events.append(event)
            for note in notifications[referral.pk]:
                note.created_at = (
                    times[0] if note.kind == Notification.Kind.NEW_REFERRAL else times[-1]
                )
                notes.append(note)
        Referral.objects.bulk_update(referrals, ["created_at", "status_changed_at"], batch_size=500)
        ReferralEvent.objects.bulk_update(events, ["at"], batch_size=500)
        Notification.objects.bulk_update(notes, ["created_at"], batch_size=500)
