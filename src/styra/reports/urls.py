from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("vega.js", views.vega_bundle, name="vega_bundle"),
    path("<slug:round_code>/<str:unit_code>/", views.report_preview, name="preview"),
    path("<slug:round_code>/<str:unit_code>/kontroll/", views.report_check_page, name="check"),
    path(
        "<slug:round_code>/<str:unit_code>/sammanstallning/",
        views.report_consolidate,
        name="consolidate",
    ),
    path(
        "<slug:round_code>/<str:unit_code>/ladda-ned/<str:fmt>/",
        views.report_download,
        name="download",
    ),
]
