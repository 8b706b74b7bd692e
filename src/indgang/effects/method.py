"""The method and the caveats of an effect report, written once, in words a reader outside
statistics can follow (the page, the PDF and the spreadsheet)."""

from django.utils.translation import gettext_lazy

METHOD = [
    (
        gettext_lazy("Cohorts"),
        gettext_lazy(
            "Participants are grouped into cohorts by the year their first participation "
            "started. Each company's figures are compared from the year before the start (the "
            "baseline year) with the years after it, so nothing the offer may have changed "
            "enters the comparison of who is alike."
        ),
    ),
    (
        gettext_lazy("Control group and matching"),
        gettext_lazy(
            "The control group is companies that never took part (or, if chosen, had not yet "
            "taken part in the years measured) and had figures in the baseline year. Each "
            "participant is compared with companies that looked like it in the baseline year: "
            "the same industry (DB07 section), size band and age band, and then the nearest "
            "by an estimated propensity score, the probability of taking part given size, age, "
            "region and the level and growth of employment, turnover, value added and exports "
            "before the start. A company too far from the participant is not used (the "
            "caliper). Coarsened exact matching and inverse-probability weighting are "
            "alternatives that weigh the controls in other ways."
        ),
    ),
    (
        gettext_lazy("Difference in differences"),
        gettext_lazy(
            "The effect is a difference in differences: the participants' change from the "
            "baseline year to each year after the start, minus the change of their controls "
            "over the same years. Each cohort is estimated on its own and the cohorts are "
            "averaged by their numbers of participants, so a company that started in one year "
            "is never compared with one that started earlier. That is the mistake a single "
            "regression with year and company effects makes when companies start in different "
            "years and effects grow over time."
        ),
    ),
    (
        gettext_lazy("Callaway and Sant'Anna"),
        gettext_lazy(
            "Next to the matched design the report shows the standard estimator for "
            "participation that starts in different years (Callaway and Sant'Anna, 2021): the "
            "average effect of each cohort in each year, against companies that never took "
            "part, without matching, and its averages by years since the start. Its estimates "
            "for the years before the start should be close to zero; where they are not, the "
            "participants were already developing differently from everyone else, which is "
            "what the matching on growth before the start takes into account."
        ),
    ),
    (
        gettext_lazy("Uncertainty and balance"),
        gettext_lazy(
            "The confidence intervals (95 %) come from resampling companies (bootstrap) or from "
            "cluster-robust standard errors. Balance is checked before and after matching: the "
            "standardised difference of each characteristic between participants and controls "
            "should be below 0.1 after matching."
        ),
    ),
]

CAVEATS = [
    gettext_lazy(
        "Matching can only use what the register shows. It cannot see what made a company "
        "take part: the owners' motivation, management, plans, or the growth potential a "
        "consultant saw. Where participants differ from their controls in such ways, part of "
        "the estimate is selection rather than effect, most likely making it too large."
    ),
    gettext_lazy(
        "Companies that close or leave the register after the start have no figures for the "
        "years after and drop out of those comparisons. They are counted in the table (left "
        "the register), not silently dropped; if an offer changes which companies survive, "
        "the estimate for the survivors is not the effect on all participants."
    ),
    gettext_lazy(
        "The effect is the average over the participants (ATT), not what an offer would do for "
        "any company. Small groups give wide intervals; an interval that includes zero means "
        "the data cannot tell the effect from no effect."
    ),
    gettext_lazy(
        "A company that took part in several offers the same year counts in the group of each "
        "of them; the effects of offers taken together cannot be told apart."
    ),
]
