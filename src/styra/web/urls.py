from django.urls import path

from . import account, page_excel, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/", account.account, name="account"),
    path(
        "konto/api-nycklar/<int:token_id>/aterkalla/",
        account.token_revoke,
        name="token_revoke",
    ),
    path("forsta-steg/", views.first_steps, name="first_steps"),
    path("sok/", views.search_page, name="search"),
    path("excel/", page_excel.page_excel, name="page_excel"),
    path("planer/", views.plan_list, name="plan_list"),
    path("planer/<slug:plan_code>/", views.plan_detail, name="plan_detail"),
    path("planer/<slug:plan_code>/poster/<str:item_code>/", views.item_detail, name="item_detail"),
]
