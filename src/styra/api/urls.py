from django.urls import path, re_path

from .api import api, not_found

urlpatterns = [
    path("", api.urls),
    # Any other address under /api/: a JSON 404, never the web's HTML page.
    re_path(r"^.*$", not_found, name="api_not_found"),
]
