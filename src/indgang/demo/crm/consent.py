"""Consents in the CRM demo: some companies agreed to sharing, a few withdrew it."""

import datetime as dt

from indgang.crm import public as crm
from indgang.crm.models import Consent
from indgang.demo.crm.base import aware_at


class ConsentDemo:
    def consents(self) -> None:
        rng = self.rng
        made, seen = [], set()
        text = crm.sharing_consent_text()
        for op, company, consultant, start, _themes in self.plan.courses:
            if company.pk in seen or rng.random() > 0.07:
                continue
            seen.add(company.pk)
            contact = (self.contacts.get((op.org.pk, company.pk)) or [None])[0]
            given = aware_at(start, 11)
            withdrawn = None
            if rng.random() < 0.15:
                withdrawn = aware_at(
                    min(self.today, start + dt.timedelta(days=rng.randint(20, 200)))
                )
            made.append(
                Consent(
                    company=company,
                    organisation=op.org,
                    given_by=f"{contact.name}, {contact.title.lower()}"
                    if contact
                    else f"{' '.join(self.person_name())}, direktør",
                    text=text,
                    given_at=given,
                    withdrawn_at=withdrawn,
                    recorded_by=consultant,
                )
            )
        Consent.objects.bulk_create(made)
        self.consent_count = len(made)
