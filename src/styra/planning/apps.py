from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Inspel, budget frames and their changes, investment requests, internal control."""

    name = "styra.planning"
    label = "planning"
    verbose_name = _("Planering")
