"""What the effect commands share: the panel and the participations, from the files given
(``--panel``, ``--participations``) or else from the company register and the CRM."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from indgang.effects import services
from indgang.effects.files import InputFilesError, read_inputs


def panel_and_participations(command, panel_file, participations_file, config, nothing_done):
    """Both inputs, or a CommandError that names every problem (``nothing_done`` says what
    was not done, e.g. "nothing was written")."""
    try:
        panel, participations = read_inputs(panel_file, participations_file, config)
    except InputFilesError as exc:
        for message in exc.messages:
            command.stderr.write(message)
        raise CommandError(
            _("The input files have problems (above); %(nothing)s.") % {"nothing": nothing_done}
        ) from None
    try:
        if panel is None:
            command.stderr.write(_("Reading the panel from the company register ..."))
            panel = services.register_panel(covariates=config.covariates)
        if participations is None:
            command.stderr.write(_("Reading the participations from the CRM ..."))
            participations = services.crm_participations()
    except services.RunInputError as exc:
        raise CommandError(
            _("%(problem)s\nGive the files with --panel and --participations instead.")
            % {"problem": exc}
        ) from None
    return panel, participations
