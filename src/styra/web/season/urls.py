from django.urls import path

from . import views

app_name = "season"

urlpatterns = [
    path("<slug:round_code>/faststall/", views.round_lock, name="round_lock"),
    path("<slug:round_code>/excel/", views.round_excel, name="round_excel"),
]
