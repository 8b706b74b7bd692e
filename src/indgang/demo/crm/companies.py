"""The company file in the CRM demo: contact persons, key accounts last contacted long
ago, needs assessments with growth mapping, and the funnel's segments."""

import datetime as dt

from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    GrowthParameter,
    Interaction,
    LegalBasis,
    NeedsAssessment,
    Segment,
)
from indgang.demo.crm.base import DOMAIN, Op, T, email_address
from indgang.demo.crm.texts import EH_THEMES, OBSERVATIONS, THEMES
from indgang.organisations.models import Person
from indgang.registry.models import Company

CONTACT_TITLES = [
    "Direktør",
    "Ejer og direktør",
    "Indehaver",
    "Økonomichef",
    "Salgschef",
    "Produktionschef",
    "Marketingansvarlig",
    "Udviklingschef",
    "Bestyrelsesformand",
    "Administrerende direktør",
    "Eksportchef",
    "HR-ansvarlig",
]

# Theme -> (phrase used in titles, what the company wants, agreed next steps).
GROWTH_NOTES = {
    GrowthParameter.HISTORY: ["Stabil vækst de seneste fem år.", "Faldende omsætning siden 2022."],
    GrowthParameter.BUSINESS_CONCEPT: ["Klart defineret kundesegment.", "Bred forretning."],
    GrowthParameter.BUSINESS_PROCESS: ["Manuelle processer i salg og lager.", "Effektiv drift."],
    GrowthParameter.PRODUCT: ["Produktet kan skaleres.", "Skræddersyede løsninger."],
    GrowthParameter.INTERNATIONALISATION: ["Sælger kun i Danmark.", "Eksport til Norden."],
    GrowthParameter.MANAGEMENT: ["Ejerleder uden bestyrelse.", "Professionel bestyrelse."],
    GrowthParameter.FINANCING: ["Finansieret af egen drift.", "Behov for ekstern kapital."],
}


class CompaniesDemo:
    def contact_for(self, op: Op, company: Company, consultant) -> ContactPerson | None:
        key = (op.org.pk, company.pk)
        if not self.contacts[key] and self.rng.random() < 0.35:
            first, last = self.person_name()
            self.emails += 1
            self.contacts[key].append(
                ContactPerson(
                    organisation=op.org,
                    company=company,
                    created_by=consultant,
                    name=f"{first} {last}",
                    title=self.rng.choice(CONTACT_TITLES),
                    email=email_address(first, last, self.emails),
                    phone=f"+45 {self.rng.randint(20, 99)} {self.rng.randint(10, 99)} "
                    f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"
                    if self.rng.random() < 0.8
                    else "",
                    legal_basis=LegalBasis.CONSENT
                    if self.rng.random() < 0.15
                    else LegalBasis.PUBLIC_TASK,
                )
            )
        return self.contacts[key][0] if self.contacts[key] else None

    def old_key_accounts(self) -> None:
        """Key accounts of the demo consultants last contacted 13–20 months ago, for the
        worklist "my companies with no contact in a year"."""
        self.stale_accounts = []
        for org_id, email in [
            ("eh-midtjylland", f"konsulent@{DOMAIN}"),
            ("aarhus-erhverv", f"lokal@{DOMAIN}"),
            ("aarhus-erhverv", f"konsulent@{DOMAIN}"),
        ]:
            op = self.ops.get(org_id)
            person = Person.objects.filter(email=email).first()
            if op is None or person is None:
                continue
            used = {c.pk for (o, c, *_rest) in self.plan.courses if o is op}
            fresh = [c for c in op.companies if c.pk not in used]
            if len(fresh) < 4:  # a small register: look beyond the area
                fresh += [c for c in self.all_companies if c.pk not in used]
            for company in self.rng.sample(fresh, k=min(4, len(fresh))):
                day = self.today - dt.timedelta(days=self.rng.randint(400, 600))
                themes = self.rng.sample(op.themes, k=1)
                contact = self.contact_for(op, company, person)
                title, note = self.text(T.ONE_TO_ONE, themes, contact)
                self.add(
                    Interaction(
                        organisation=op.org,
                        created_by=person,
                        consultant=person,
                        type=T.ONE_TO_ONE,
                        date=day,
                        company=company,
                        title=title,
                        note=note,
                    ),
                    themes,
                    [contact] if contact else [],
                )
                self.stale_accounts.append((op, company, person))

    def needs_assessments(self) -> None:
        rng = self.rng
        made, expressed, observed = [], [], []
        for op, company, consultant, start, themes in self.plan.courses:
            if op.kind == "national" or rng.random() > (0.45 if op.kind == "erhvervshus" else 0.2):
                continue
            goal = rng.choice(THEMES[themes[0]][1])
            other = rng.choice([t for t in EH_THEMES if t not in themes])
            mapping = {
                p.value: {"rating": rng.randint(1, 5), "note": rng.choice(GROWTH_NOTES[p])}
                for p in GrowthParameter
            }
            made.append(
                NeedsAssessment(
                    organisation=op.org,
                    created_by=consultant,
                    consultant=consultant,
                    company=company,
                    date=min(self.today, start + dt.timedelta(days=rng.randint(3, 20))),
                    expressed_note=f"Virksomheden vil gerne {goal}.",
                    observed_note=f"Vi ser også et behov inden for {THEMES[other][0]}: "
                    f"{rng.choice(OBSERVATIONS).lower()}",
                    growth_mapping=mapping,
                    digital_maturity=rng.randint(1, 5),
                    export_maturity=rng.randint(1, 5),
                    next_step=rng.choice(THEMES[themes[0]][2]),
                )
            )
            expressed.append(themes)
            observed.append([other])
        NeedsAssessment.objects.bulk_create(made, batch_size=1000)
        through_e = NeedsAssessment.expressed_themes.through
        through_o = NeedsAssessment.observed_themes.through
        through_e.objects.bulk_create(
            [
                through_e(needsassessment_id=a.pk, theme_id=code)
                for a, codes in zip(made, expressed, strict=True)
                for code in codes
            ]
        )
        through_o.objects.bulk_create(
            [
                through_o(needsassessment_id=a.pk, theme_id=code)
                for a, codes in zip(made, observed, strict=True)
                for code in codes
            ]
        )
        self.assessments = len(made)

    def segments(self) -> None:
        """The funnel: every company an Erhvervshus or business service guided is in its
        portfolio; some are prioritised, a few key accounts with an owner; and some
        prioritised companies nobody has talked to yet."""
        rng = self.rng
        rows: dict[tuple[str, int], CompanySegment] = {}
        for op, company, consultant, _start, _themes in self.plan.courses:
            if op.kind == "national" or (op.org.pk, company.pk) in rows:
                continue
            roll = rng.random()
            segment = (
                Segment.KEY_ACCOUNT
                if roll < 0.08
                else (Segment.PRIORITISED if roll < 0.3 else Segment.PORTFOLIO)
            )
            rows[(op.org.pk, company.pk)] = CompanySegment(
                company=company,
                organisation=op.org,
                segment=segment,
                key_account_owner=consultant if segment == Segment.KEY_ACCOUNT else None,
            )
        for op, company, person in self.stale_accounts:
            rows[(op.org.pk, company.pk)] = CompanySegment(
                company=company,
                organisation=op.org,
                segment=Segment.KEY_ACCOUNT,
                key_account_owner=person,
            )
        talked = {
            (i.organisation_id, i.company_id)
            for i in self.plan.interactions
            if i.company_id and i.type in (T.ONE_TO_ONE, T.OUTREACH_VISIT)
        }
        for op in self.ops.values():
            if op.kind == "national":
                continue
            untalked = [c for c in op.companies if (op.org.pk, c.pk) not in talked]
            if len(untalked) < 8:  # a small register: look beyond the area
                untalked += [c for c in self.all_companies if (op.org.pk, c.pk) not in talked]
            for company in rng.sample(untalked, k=min(len(untalked), 8)):
                rows[(op.org.pk, company.pk)] = CompanySegment(
                    company=company, organisation=op.org, segment=Segment.PRIORITISED
                )
        CompanySegment.objects.bulk_create(list(rows.values()), batch_size=1000)
        self.segment_count = len(rows)
