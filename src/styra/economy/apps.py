from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    """Registers that people keep about the economy: forecasts, savings measures,
    investments. Ledger-derived figures live in `styra.finance`."""

    name = "styra.economy"
    label = "economy"
    verbose_name = _("Prognoser, åtgärder och investeringar")
