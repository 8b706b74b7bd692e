from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.effects import labels
from indgang.effects.engine import OUTCOMES
from indgang.effects.engine.quality import MIN_PARTICIPANTS

HORIZONS = [(str(h), str(h)) for h in range(0, 6)]


class StartRunForm(forms.Form):
    """What an analyst chooses for a run; the rest follows the engine's defaults."""

    outcomes = forms.MultipleChoiceField(
        label=_("Outcomes"),
        choices=[(name, labels.OUTCOMES[name]) for name in OUTCOMES],
        initial=list(OUTCOMES),
        widget=forms.CheckboxSelectMultiple,
    )
    horizons = forms.MultipleChoiceField(
        label=_("Years after the start"),
        choices=HORIZONS,
        initial=["1", "2", "3"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("0 is the year the participation started; 1 the year after, and so on."),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=list(labels.METHODS.items()),
        initial="psm",
        widget=forms.RadioSelect,
    )
    group_by = forms.MultipleChoiceField(
        label=_("Results also per"),
        choices=labels.GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides all participants together."),
    )
    control_group = forms.ChoiceField(
        label=_("Control group"),
        choices=list(labels.CONTROL_GROUPS.items()),
        initial="never_treated",
        widget=forms.RadioSelect,
    )
    ci_method = forms.ChoiceField(
        label=_("Confidence intervals"),
        choices=list(labels.CI_METHODS.items()),
        initial="bootstrap",
        widget=forms.RadioSelect,
        help_text=_(
            "With coarsened exact matching or weighting every company is a control, and the "
            "bootstrap over a national register takes long: choose cluster-robust errors then."
        ),
    )

    exact = forms.MultipleChoiceField(
        label=_("Match exactly on"),
        choices=[
            ("db07_section", _("Industry (DB07 section)")),
            ("size_band", _("Size band")),
            ("age_band", _("Age band")),
            ("region", _("Region")),
        ],
        initial=["db07_section", "size_band", "age_band"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    n_neighbours = forms.IntegerField(
        label=_("Controls per participant"), min_value=1, max_value=10, initial=1, required=False
    )
    replace = forms.BooleanField(
        label=_("Match with replacement (a control may serve several participants)"),
        required=False,
    )
    caliper = forms.DecimalField(
        label=_("Caliper (standard deviations of the score)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("5"),
        decimal_places=2,
        initial=Decimal("0.2"),
        required=False,
        help_text=_("Empty: no caliper. 0.2 is the usual choice."),
    )
    min_participants = forms.IntegerField(
        label=_("Fewest participants for an estimate"),
        min_value=MIN_PARTICIPANTS,
        max_value=100_000,
        initial=MIN_PARTICIPANTS,
        required=False,
        help_text=_("Groups with fewer participants get no estimate (discretion)."),
    )

    def options(self) -> dict:
        """The run's options (``files.OPTIONS``) from the valid form."""
        data = self.cleaned_data
        return {
            "outcomes": [name for name in OUTCOMES if name in data["outcomes"]],
            "horizons": sorted(int(h) for h in data["horizons"]),
            "method": data["method"],
            "group_by": [key for key, _label in labels.GROUP_CHOICES if key in data["group_by"]],
            "control_group": data["control_group"],
            "ci_method": data["ci_method"],
            "seed": 0,
            "exact": [key for key, _label in self.fields["exact"].choices if key in data["exact"]],
            "n_neighbours": data["n_neighbours"],
            "replace": data["replace"],
            "caliper": "none" if data["caliper"] is None else float(data["caliper"]),
            "min_participants": data["min_participants"] or MIN_PARTICIPANTS,
        }
