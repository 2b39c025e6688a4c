from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("<slug:round_code>/<str:unit_code>/", views.dashboard_page, name="page"),
    path("<slug:round_code>/<str:unit_code>/excel/", views.dashboard_export, name="export"),
    path(
        "<slug:round_code>/<str:unit_code>/diagram/<str:key>/",
        views.dashboard_chart,
        name="chart",
    ),
]
