from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "styra.jobs"
    label = "jobs"
    verbose_name = _("Bakgrundsjobb")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app declares its job kinds in its own `jobs.py` (styra.jobs.registry).
        autodiscover_modules("jobs")
