from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("forsta-steg/", views.first_steps, name="first_steps"),
    path("sok/", views.search_page, name="search"),
    path("planer/", views.plan_list, name="plan_list"),
    path("planer/<slug:plan_code>/", views.plan_detail, name="plan_detail"),
    path("planer/<slug:plan_code>/poster/<str:item_code>/", views.item_detail, name="item_detail"),
]
