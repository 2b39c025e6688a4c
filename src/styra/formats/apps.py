from django.apps import AppConfig


class FormatsConfig(AppConfig):
    """Only for the `numformat` template tags: every page prints numbers through them."""

    name = "styra.formats"
    label = "formats"
