from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.effects import labels
from indgang.effects.engine import OUTCOMES
from indgang.effects.engine.panel import RAW_OUTCOMES
from indgang.effects.engine.quality import MIN_PARTICIPANTS
from indgang.effects.files import effect_config

HORIZONS = [(str(h), str(h)) for h in range(0, 6)]
# The register's columns an analyst may add as covariates, in the year before the start.
COVARIATES = [
    *((name, labels.OUTCOMES[name]) for name in RAW_OUTCOMES),
    ("founded_year", _("Founding year")),
]
TRISTATE = [("", _("The engine chooses")), ("yes", _("Yes")), ("no", _("No"))]
# Which field an engine message is about (EffectConfig names the setting first).
ENGINE_FIELDS = {
    "outcomes": "outcomes",
    "horizons": "horizons",
    "exact": "exact",
    "n_neighbours": "n_neighbours",
    "caliper": "caliper",
    "min_participants": "min_participants",
    "cs_method": "cs_method",
    "anticipation": "anticipation",
    "base_period": "base_period",
    "covariates": "covariates",
    "group_by": "group_by",
}


class StartRunForm(forms.Form):
    """What an analyst chooses for a run; the rest follows the engine's defaults. Every
    choice is checked as the engine checks it, and a problem is told at its field."""

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
        label=_("Controls per participant"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_(
            "Empty: the engine chooses (one, or with covariates of your own the fewest of 1, 3 "
            "and 5 that balance them)."
        ),
    )
    replace = forms.ChoiceField(
        label=_("Match with replacement (a control may serve several participants)"),
        choices=TRISTATE,
        initial="",
        required=False,
        widget=forms.RadioSelect,
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

    covariates = forms.MultipleChoiceField(
        label=_("Covariates of your own"),
        choices=COVARIATES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Taken in the year before the start, matched on beside the register's own, and the "
            "covariates of Callaway–Sant'Anna's doubly robust and weighting estimators."
        ),
    )
    cs_method = forms.ChoiceField(
        label=_("Callaway–Sant'Anna's estimator"),
        choices=list(labels.CS_METHODS.items()),
        initial="reg",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Doubly robust and weighting need covariates of your own; they take longer, "
            "especially per group."
        ),
    )
    anticipation = forms.IntegerField(
        label=_("Years of anticipation"),
        min_value=0,
        max_value=5,
        initial=0,
        required=False,
        help_text=_("Years before the start in which participants may already have changed."),
    )
    base_period = forms.ChoiceField(
        label=_("Base period before the start"),
        choices=[
            ("varying", _("Varying: each year compared with the year before")),
            ("universal", _("Universal: every year compared with the year before the start")),
        ],
        initial="varying",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("cs_method") in ("dr", "ipw") and not data.get("covariates"):
            self.add_error(
                "cs_method",
                _(
                    "The doubly robust and weighting estimators need covariates: choose some "
                    "under “Covariates of your own”, or choose outcome regression."
                ),
            )
            return data
        try:
            effect_config(self.options())
        except ValueError as error:
            name = str(error).split(" ", 1)[0]
            self.add_error(
                ENGINE_FIELDS.get(name),
                _("This choice does not fit the others: %(reason)s") % {"reason": error},
            )
        return data

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
            "replace": {"yes": True, "no": False}.get(data.get("replace") or ""),
            "caliper": "none" if data["caliper"] is None else float(data["caliper"]),
            "min_participants": data["min_participants"] or MIN_PARTICIPANTS,
            "covariates": [key for key, _label in COVARIATES if key in data.get("covariates", [])],
            "cs_method": data.get("cs_method") or "reg",
            "anticipation": data.get("anticipation") or 0,
            "base_period": data.get("base_period") or "varying",
        }
