from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "styra.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from styra.followup import report_hooks

        from .check import lock_findings
        from .text_sections import text_sections

        report_hooks.answer(text_sections=text_sections, lock_findings=lock_findings)
