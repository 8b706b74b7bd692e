"""Consents in the CRM demo: some companies agreed to sharing, a few withdrew it."""

import datetime as dt

from django.db.models import Q

from indgang.crm import public as crm
from indgang.crm.models import Consent, Interaction
from indgang.demo.crm.base import aware_at


class ConsentDemo:
    def consents(self) -> None:
        rng = self.rng
        made, seen = [], set()
        text = crm.sharing_consent_text()
        for op, company, consultant, start, _themes in self.plan.courses:
            if company.pk in seen or rng.random() > 0.07:
                continue
            # A consent is given in a meeting with the operator (decision 0018).
            meeting = (
                Interaction.objects.filter(organisation=op.org, date=start)
                .filter(Q(company=company) | Q(participants__company=company))
                .first()
            )
            if meeting is None:
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
                    interaction=meeting,
                    text=text,
                    text_version=crm.CONSENT_TEXT_VERSION,
                    given_at=given,
                    withdrawn_at=withdrawn,
                    withdrawn_via="operator" if withdrawn else "",
                    recorded_by=consultant,
                )
            )
        Consent.objects.bulk_create(made)
        self.consent_count = len(made)
