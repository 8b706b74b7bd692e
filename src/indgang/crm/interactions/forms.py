"""The form to log or edit an interaction (with its participants for group types)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import PUBLISHED, Offer
from indgang.core.public import validate_event_date
from indgang.crm.forms import RecordsChoiceField, VersionedForm, themes_field
from indgang.crm.interactions.services import InteractionData
from indgang.crm.models import (
    GROUP_TYPES,
    ContactPerson,
    InteractionType,
    LegalBasis,
)
from indgang.reference.public import validate_cvr
from indgang.registry.public import Company


class InteractionForm(VersionedForm):
    """Logging guidance: type, date and a note are all a one-to-one session needs."""

    type = forms.ChoiceField(
        label=_("Type"), choices=InteractionType.choices, initial=InteractionType.ONE_TO_ONE
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
        validators=[validate_event_date],
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    themes = themes_field()
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For events and courses: the name of the event."),
    )
    contacts = RecordsChoiceField(
        label=_("Contact persons present"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offer = forms.ModelChoiceField(
        label=_("The offer it concerned"),
        queryset=Offer.objects.none(),
        required=False,
    )
    participants = forms.CharField(
        label=_("Participants (CVR numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For events and courses: one CVR number per line."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.PUBLIC_TASK
    )

    def __init__(self, *args, organisation_id: str, contacts=(), with_participants=True, **kw):
        super().__init__(*args, **kw)
        self.fields["contacts"].queryset = ContactPerson.objects.filter(
            pk__in=[c.pk for c in contacts]
        )
        if not contacts:
            del self.fields["contacts"]
        # The operator's own published offers first; the whole catalog would be thousands.
        self.fields["offer"].queryset = Offer.objects.filter(
            operator_id=organisation_id, status__in=PUBLISHED
        ).order_by("title")
        if not with_participants:
            del self.fields["participants"]

    def clean_participants(self):
        lines = [line.strip() for line in self.cleaned_data.get("participants", "").splitlines()]
        companies, errors = [], []
        for number, cvr in enumerate(lines, start=1):
            if not cvr:
                continue
            cvr = cvr.replace(" ", "")
            try:
                validate_cvr(cvr)
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": exc.messages[0]})
                continue
            company = Company.objects.filter(cvr=cvr).first()
            if company is None:
                errors.append(
                    _("Line %(n)s: CVR %(cvr)s is not in the register.") % {"n": number, "cvr": cvr}
                )
            elif company not in companies:
                companies.append(company)
        if errors:
            raise forms.ValidationError(errors)
        return companies

    def clean(self):
        data = super().clean()
        if data.get("type") not in GROUP_TYPES and data.get("participants"):
            self.add_error(
                "participants", _("Only events, courses and network meetings have participants.")
            )
        return data

    def interaction_data(self, **subject) -> InteractionData:
        """What was typed, as the service takes it; ``subject`` names whom it is about
        (``company=``, ``entrepreneur=`` or ``participant_entrepreneurs=``)."""
        data = self.cleaned_data
        return InteractionData(
            type=data["type"],
            date=data["date"],
            title=data["title"],
            note=data["note"],
            themes=data["themes"],
            offer=data["offer"],
            contacts=tuple(data.get("contacts") or ()),
            participant_companies=tuple(data.get("participants") or ()),
            legal_basis=data["legal_basis"],
            **subject,
        )
