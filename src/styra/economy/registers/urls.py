from django.urls import path

from . import views

app_name = "economy"

urlpatterns = [
    path("", views.index, name="index"),
    path("prognos/<slug:round_code>/<str:unit_code>/", views.forecast, name="forecast"),
    path("atgarder/<slug:round_code>/", views.savings_list, name="savings_list"),
    path("atgarder/<slug:round_code>/ny/", views.savings_edit, name="savings_new"),
    path("atgarder/<slug:round_code>/<slug:code>/", views.savings_edit, name="savings_edit"),
    path("investeringar/<slug:round_code>/", views.investments_list, name="investments_list"),
    path("investeringar/<slug:round_code>/ny/", views.investment_edit, name="investment_new"),
    path(
        "investeringar/<slug:round_code>/<slug:code>/",
        views.investment_edit,
        name="investment_edit",
    ),
]
