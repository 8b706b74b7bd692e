"""The register of every model field that can hold text: personal data or not, and how a
person's export, erasure and retention treat it (the record of processing, field by field).

A test (``privacy/tests/test_register.py``) fails when a text, email or JSON field is added
to the apps below without a line here, so no new field holds personal data unnoticed.
Fields with fixed choices hold codes, not text, and are left out.
"""

PERSONAL = "personal"
NOT_PERSONAL = "not personal"

# The apps whose models are registered here.
APPS = ("crm", "goals", "organisations", "guide", "events", "audit")

# What happens to a personal field: exported and erased on a person's request (art. 15
# and 17, ``privacy.services``), and anonymised by retention (``indgang crm_retention``).
ERASED = "exported; erased on request; anonymised after 5 years"
STAFF = "staff's own data, kept while they have a login (the organisation's administrators)"
LOG = "the access log: kept as the record of who read what (art. 5(2)); never edited"

FIELDS: dict[str, tuple[str, str]] = {
    # --- crm: contact persons, entrepreneurs, interactions, referrals, consents ------------
    "crm.ContactPerson.name": (PERSONAL, ERASED),
    "crm.ContactPerson.title": (PERSONAL, ERASED),
    "crm.ContactPerson.email": (PERSONAL, ERASED),
    "crm.ContactPerson.phone": (PERSONAL, ERASED),
    "crm.Entrepreneur.name": (PERSONAL, ERASED),
    "crm.Entrepreneur.email": (PERSONAL, ERASED),
    "crm.Entrepreneur.phone": (PERSONAL, ERASED),
    "crm.Entrepreneur.idea": (PERSONAL, ERASED),
    "crm.Interaction.title": (PERSONAL, "the person's name is erased from it; " + ERASED),
    "crm.Interaction.note": (PERSONAL, ERASED),
    "crm.Interaction.external_id": (NOT_PERSONAL, "the record's id in a former system"),
    "crm.NeedsAssessment.expressed_note": (PERSONAL, ERASED),
    "crm.NeedsAssessment.observed_note": (PERSONAL, ERASED),
    "crm.NeedsAssessment.next_step": (PERSONAL, ERASED),
    "crm.NeedsAssessment.growth_mapping": (PERSONAL, ERASED),
    "crm.Referral.private_adviser": (NOT_PERSONAL, "a firm outside the system"),
    "crm.Referral.reason": (PERSONAL, ERASED),
    "crm.Referral.company_wants": (PERSONAL, ERASED),
    "crm.Referral.decline_reason": (PERSONAL, ERASED),
    "crm.ReferralEvent.note": (PERSONAL, "anonymised after 5 years with its referral"),
    "crm.ContactRequest.cvr": (NOT_PERSONAL, "the company's register number"),
    "crm.ContactRequest.company_name": (NOT_PERSONAL, "the company's name"),
    "crm.ContactRequest.contact_name": (PERSONAL, ERASED),
    "crm.ContactRequest.email": (PERSONAL, ERASED),
    "crm.ContactRequest.phone": (PERSONAL, ERASED),
    "crm.ContactRequest.needs_text": (PERSONAL, ERASED),
    "crm.ContactRequest.needs": (NOT_PERSONAL, "theme codes"),
    "crm.ContactRequest.profile": (PERSONAL, ERASED),
    "crm.ContactRequest.consent_text": (NOT_PERSONAL, "the text agreed to"),
    "crm.Consent.given_by": (PERSONAL, ERASED),
    "crm.Consent.text": (NOT_PERSONAL, "the text agreed to"),
    "crm.Consent.text_version": (NOT_PERSONAL, "the text's version"),
    "crm.Consent.receipt_email": (PERSONAL, ERASED),
    "crm.Consent.token_hash": (NOT_PERSONAL, "a hash of the receipt link's secret"),
    # --- goals: contracts, targets, KPIs, surveys -----------------------------------------
    "goals.PerformanceContract.title": (NOT_PERSONAL, "a contract's title"),
    "goals.PerformanceContract.note": (NOT_PERSONAL, "about the contract, not a person"),
    "goals.Target.name": (NOT_PERSONAL, "a target's name"),
    "goals.Target.interaction_types": (NOT_PERSONAL, "codes"),
    "goals.YearlyReport.rows": (NOT_PERSONAL, "counts per target"),
    "goals.Goal.code": (NOT_PERSONAL, "a code"),
    "goals.Goal.title": (NOT_PERSONAL, "a national goal"),
    "goals.Goal.description": (NOT_PERSONAL, "a national goal"),
    "goals.Kpi.name": (NOT_PERSONAL, "a KPI"),
    "goals.Kpi.unit": (NOT_PERSONAL, "a KPI"),
    "goals.Kpi.source": (NOT_PERSONAL, "a KPI's source"),
    "goals.Kpi.computation": (NOT_PERSONAL, "a code"),
    "goals.Kpi.parameter": (NOT_PERSONAL, "a code"),
    "goals.KpiValue.source": (NOT_PERSONAL, "a figure's source"),
    "goals.Spending.source": (NOT_PERSONAL, "a figure's source"),
    "goals.SurveyInvitation.email": (PERSONAL, ERASED),
    "goals.SurveyInvitation.token_hash": (NOT_PERSONAL, "a hash of the survey link's secret"),
    "goals.SatisfactionResponse.comment": (PERSONAL, ERASED),
    # --- organisations: operators and their staff -------------------------------------------
    "organisations.Organisation.id": (NOT_PERSONAL, "an operator's id"),
    "organisations.Organisation.name": (NOT_PERSONAL, "an operator"),
    "organisations.Organisation.url": (NOT_PERSONAL, "an operator"),
    "organisations.Organisation.email": (NOT_PERSONAL, "an operator's shared address"),
    "organisations.Person.password": (PERSONAL, STAFF + "; only a hash"),
    "organisations.Person.email": (PERSONAL, STAFF),
    "organisations.Person.full_name": (PERSONAL, STAFF),
    "organisations.ApiToken.name": (NOT_PERSONAL, "the system a token is for"),
    "organisations.ApiToken.prefix": (NOT_PERSONAL, "a token's first characters"),
    "organisations.ApiToken.key_hash": (NOT_PERSONAL, "a hash of the token"),
    # --- guide: alerts on new offers ------------------------------------------------------
    "guide.Alert.email": (PERSONAL, "erased on unsubscribe, on request, or after 2 years unused"),
    "guide.Alert.token": (NOT_PERSONAL, "the alert link's secret"),
    "guide.Alert.municipality_code": (NOT_PERSONAL, "a code"),
    "guide.Alert.db07_section": (NOT_PERSONAL, "a code"),
    "guide.Alert.needs": (NOT_PERSONAL, "theme codes"),
    "guide.Alert.text": (PERSONAL, "erased with the alert"),
    "guide.Alert.followed": (NOT_PERSONAL, "offer ids"),
    "guide.Alert.known_offers": (NOT_PERSONAL, "offer ids"),
    "guide.Alert.reminded": (NOT_PERSONAL, "offer ids"),
    # --- events: events, sessions, sign-ups -----------------------------------------------
    "events.Event.title": (NOT_PERSONAL, "an event"),
    "events.Event.description": (NOT_PERSONAL, "an event"),
    "events.Event.sectors": (NOT_PERSONAL, "codes"),
    "events.Event.other_conditions": (NOT_PERSONAL, "an event"),
    "events.Session.place": (NOT_PERSONAL, "an event's place"),
    "events.Session.online_url": (NOT_PERSONAL, "an event's link"),
    "events.SignUp.reference": (NOT_PERSONAL, "a sign-up's reference"),
    "events.SignUp.name": (PERSONAL, ERASED),
    "events.SignUp.email": (PERSONAL, ERASED),
    "events.SignUp.cvr": (NOT_PERSONAL, "the company's register number"),
    "events.SignUp.company_name": (NOT_PERSONAL, "the company's name"),
    "events.SignUp.consent_text": (NOT_PERSONAL, "the text agreed to"),
    # --- audit: the access log -----------------------------------------------------------
    "audit.AccessLogEntry.person_email": (PERSONAL, LOG),
    "audit.AccessLogEntry.acting_organisation_id": (NOT_PERSONAL, LOG),
    "audit.AccessLogEntry.owner_organisation_id": (NOT_PERSONAL, LOG),
    "audit.AccessLogEntry.record_type": (NOT_PERSONAL, LOG),
    "audit.AccessLogEntry.record_id": (NOT_PERSONAL, LOG),
    "audit.AccessLogEntry.cvr": (NOT_PERSONAL, LOG),
    "audit.AccessLogEntry.channel": (NOT_PERSONAL, LOG),
}
