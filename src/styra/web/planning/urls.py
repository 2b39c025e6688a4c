from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("planer/<slug:plan_code>/", views.plan_page, name="plan"),
    path("planer/<slug:plan_code>/faststall-budget/", views.budget_adopt, name="budget_adopt"),
    path(
        "planer/<slug:plan_code>/investeringar-till-uppfoljning/",
        views.investment_follow_up,
        name="investment_follow_up",
    ),
    path("investeringar/<slug:code>/", views.object_page, name="object"),
    path("inspel/<slug:round_code>/", views.inspel_overview, name="inspel"),
    path("inspel/<slug:round_code>/<str:unit_code>/", views.inspel_unit, name="inspel_unit"),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/texter/<slug:key>/",
        views.inspel_text,
        name="inspel_text",
    ),
    path("inspel/<slug:round_code>/<str:unit_code>/behov/", views.inspel_need, name="inspel_need"),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/behov/<slug:code>/ta-bort/",
        views.inspel_need_delete,
        name="inspel_need_delete",
    ),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/askanden/",
        views.inspel_request,
        name="inspel_request",
    ),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/askanden/<int:pk>/igen/",
        views.inspel_request_renew,
        name="inspel_request_renew",
    ),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/askanden/<int:pk>/beslut/",
        views.inspel_request_decide,
        name="inspel_request_decide",
    ),
    path(
        "inspel/<slug:round_code>/<str:unit_code>/steg/<str:action>/",
        views.inspel_action,
        name="inspel_action",
    ),
]
