from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    """Registers that people keep about the economy: forecasts, savings measures,
    investments. Ledger-derived figures live in `styra.economy.ledger`."""

    name = "styra.economy.registers"
    label = "economy"
    verbose_name = _("Prognoser, åtgärder och investeringar")
