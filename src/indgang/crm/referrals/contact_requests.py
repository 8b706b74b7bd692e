"""A company's request from the one entry to be contacted: it becomes one contact request
per operator, and each lands in that operator's CRM inbox as a referral from the company
(decision 0012). The one entry (``guide``) collects the form and calls ``request_contact``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalog.public import PUBLISHED, Offer
from indgang.crm.models import ContactRequest
from indgang.crm.referrals.services import referral_from_contact_request
from indgang.organisations.public import Organisation, local_business_service


def consent_text() -> str:
    return _(
        "I agree that the operators I ask to contact me may store my name, email and phone "
        "number and what I wrote, and contact me about it. I can withdraw my consent at any "
        "time by writing to the operator."
    )


@transaction.atomic
def request_contact(
    *,
    offer_ids: list[str],
    unsure: bool,
    contact: dict,
    facts: dict,
    needs: list[str],
    needs_text: str,
    consent: bool,
) -> list[ContactRequest]:
    """One contact request per operator of the chosen offers, or to the company's local
    business service when it is unsure which offer fits. Consent is required and recorded
    with the text the company agreed to."""
    if not consent:
        raise ValidationError({"consent": _("We can only pass on your request with your consent.")})
    offers = list(
        Offer.objects.filter(pk__in=offer_ids, status__in=PUBLISHED).select_related("operator")
    )
    if len(offers) != len(set(offer_ids)):
        raise ValidationError({"offers": _("One of the chosen offers is no longer available.")})
    by_operator: dict[str, tuple[Organisation, list[Offer], bool]] = {}
    for offer in offers:
        by_operator.setdefault(offer.operator_id, (offer.operator, [], False))[1].append(offer)
    if unsure or not offers:
        local = local_business_service(facts.get("municipality_code"))
        if local is None:
            raise ValidationError(
                {
                    "municipality_code": _(
                        "Tell us your municipality, so we can send your request to its "
                        "business service."
                    )
                }
            )
        chosen = by_operator.get(local.pk, (local, [], True))[1]
        by_operator[local.pk] = (local, chosen, True)
    now = timezone.now()
    created = []
    for operator, chosen, as_local in by_operator.values():
        request = ContactRequest.objects.create(
            operator=operator,
            routed_as_local=as_local,
            cvr=facts.get("cvr") or "",
            company_name=facts.get("name") or "",
            contact_name=contact["contact_name"],
            email=contact["email"],
            phone=contact.get("phone", ""),
            needs_text=needs_text,
            needs=needs,
            profile=facts,
            consent_text=consent_text(),
            consent_given_at=now,
        )
        request.offers.set(chosen)
        # It lands in the operator's CRM as a referral from the company itself.
        referral_from_contact_request(request)
        created.append(request)
    return created
