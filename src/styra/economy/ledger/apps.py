from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "styra.economy.ledger"
    label = "finance"
    verbose_name = _("Ekonomi")
