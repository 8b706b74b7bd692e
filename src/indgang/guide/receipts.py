"""The receipt of a contact request: its reference, who will contact the company and when,
kept in the sender's session (so a reload shows it again, and nobody else can see it) and
sent by email.
"""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from indgang.crm import public as crm

logger = logging.getLogger(__name__)

SESSION_KEY = "guide_receipts"
KEPT = 5  # the newest receipts a session keeps


def receipt_of(sent: list, contact: dict) -> dict:
    """What the receipt says about the contact requests just made (one per operator)."""
    operators = []
    for request in sent:
        operators.append(
            {
                "name": request.operator.name,
                "reference": crm.contact_request_reference(request.pk),
                "email": request.operator.email,
                "url": request.operator.url,
                "offers": [offer.title for offer in request.offers.all()],
                "local": request.routed_as_local,
            }
        )
    return {
        "reference": operators[0]["reference"],
        "sent_at": timezone.now().isoformat(),
        "name": contact["contact_name"],
        "email": contact["email"],
        "phone": contact.get("phone", ""),
        "operators": operators,
        # the CRM flags a referral nobody answered in these days to the receiver's managers
        "days": crm.ANSWER_WITHIN_WORKING_DAYS,
    }


def remember(session, receipt: dict) -> None:
    kept = dict(session.get(SESSION_KEY, {}))
    kept[receipt["reference"]] = receipt
    session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])


def recall(session, ref: str) -> dict | None:
    """The receipt if this session sent it; None for anyone else."""
    receipt = session.get(SESSION_KEY, {}).get(ref)
    if receipt is None:
        return None
    return {**receipt, "sent_at": parse_datetime(receipt["sent_at"])}


def send(receipt: dict) -> bool:
    """The receipt by email, in the language of the page it was sent from. A mail server
    that fails does not undo the request (it is in the operators' inboxes): logged."""
    context = {"receipt": {**receipt, "sent_at": parse_datetime(receipt["sent_at"])}}
    try:
        EmailMessage(
            subject=_("Receipt for your request %(reference)s") % receipt,
            body=render_to_string("guide/receipt_mail.txt", context),
            to=[receipt["email"]],
        ).send()
    except Exception:  # a mail server's many ways to fail
        logger.exception("the receipt of contact request %s was not mailed", receipt["reference"])
        return False
    return True
