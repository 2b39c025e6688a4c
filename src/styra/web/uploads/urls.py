from django.urls import path

from . import views

app_name = "uploads"

urlpatterns = [
    path("", views.index, name="index"),
    path("plan/", views.plan, name="plan"),
    path("statistik/", views.statistics, name="statistics"),
    path("register/", views.registers, name="registers"),
    path("bedomningar/", views.assessments, name="assessments"),
    path("jobb/<int:job_id>/las-in/", views.confirm, name="confirm"),
]
