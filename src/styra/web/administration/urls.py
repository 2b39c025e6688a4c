from django.urls import path

from . import common, rounds, users

app_name = "administration"

urlpatterns = [
    path("", common.index, name="index"),
    path(
        "planer/<slug:plan_code>/uppfoljningstillfallen/",
        rounds.round_list,
        name="rounds",
    ),
    path(
        "uppfoljningstillfallen/<slug:round_code>/",
        rounds.round_edit,
        name="round_edit",
    ),
    path("anvandare/", users.users, name="users"),
    path("anvandare/roller/<int:pk>/ta-bort/", users.role_revoke, name="role_revoke"),
]
