from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.round_list, name="index"),
    path("mina-uppgifter/", views.my_tasks, name="my_tasks"),
    path("notiser/", views.notifications, name="notifications"),
    path("notiser/las-alla/", views.notifications_read_all, name="notifications_read_all"),
    path("notiser/<int:pk>/", views.notification_read, name="notification_read"),
    path("<slug:round_code>/", views.round_overview, name="round"),
    path("<slug:round_code>/hantera/", views.round_action, name="round_action"),
    path("<slug:round_code>/enheter/<str:unit_code>/", views.unit_report, name="unit_report"),
    path(
        "<slug:round_code>/enheter/<str:unit_code>/texter/<slug:key>/",
        views.section_text,
        name="section_text",
    ),
    path(
        "<slug:round_code>/enheter/<str:unit_code>/texter/<slug:key>/forslag/",
        views.section_draft,
        name="section_draft",
    ),
    path(
        "<slug:round_code>/enheter/<str:unit_code>/granska/",
        views.unit_review,
        name="unit_review",
    ),
    path(
        "<slug:round_code>/enheter/<str:unit_code>/<str:action>/",
        views.unit_report_action,
        name="unit_report_action",
    ),
    path("<slug:round_code>/poster/<str:item_code>/", views.item_report, name="item_report"),
    path(
        "<slug:round_code>/poster/<str:item_code>/historik/",
        views.item_history,
        name="item_history",
    ),
]
