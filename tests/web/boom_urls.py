"""Styra's URLs plus views that fail, for the server-error tests (never in Styra itself)."""

from django.db import OperationalError
from django.urls import path

from styra.urls import handler500, urlpatterns  # noqa: F401 - handler500 is looked up here


def boom(request):
    raise RuntimeError("kaboom for the test")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("test/boom/", boom),
    path("test/database-gone/", database_gone),
    *urlpatterns,
]
