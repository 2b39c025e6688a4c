from django.urls import path

from . import accounts, common, items, organisation, rounds, scales, users

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
    path("planer/<slug:plan_code>/poster/<str:item_code>/", items.item_edit, name="item_edit"),
    path("planer/<slug:plan_code>/ny-post/", items.item_new, name="item_new"),
    path(
        "planer/<slug:plan_code>/poster/<str:item_code>/flytta/",
        items.item_move,
        name="item_move",
    ),
    path(
        "planer/<slug:plan_code>/poster/<str:item_code>/ta-bort/",
        items.item_delete,
        name="item_delete",
    ),
    path(
        "planer/<slug:plan_code>/poster/<str:item_code>/mal/<int:pk>/",
        items.target_edit,
        name="target_edit",
    ),
    path(
        "planer/<slug:plan_code>/poster/<str:item_code>/mal/nytt/",
        items.target_new,
        name="target_new",
    ),
    path(
        "planer/<slug:plan_code>/poster/<str:item_code>/mal/<int:pk>/ta-bort/",
        items.target_delete,
        name="target_delete",
    ),
    path("statusskalor/<slug:scale_code>/", scales.scale_edit, name="scale_edit"),
    path(
        "statusskalor/<slug:scale_code>/nivaer/<int:pk>/",
        scales.status_level_edit,
        name="status_level_edit",
    ),
    path("statusskalor/<slug:scale_code>/namn/", scales.scale_rename, name="scale_rename"),
    path(
        "statusskalor/<slug:scale_code>/nivaer/<int:pk>/ta-bort/",
        scales.status_level_delete,
        name="status_level_delete",
    ),
    path(
        "statusskalor/<slug:scale_code>/nivaer/ny/",
        scales.status_level_new,
        name="status_level_new",
    ),
    path("anvandare/", users.users, name="users"),
    path("anvandare/roller/<int:pk>/ta-bort/", users.role_revoke, name="role_revoke"),
    path("anvandare/ny/", accounts.user_new, name="user_new"),
    path("anvandare/konto/<str:username>/", accounts.user_edit, name="user_edit"),
    path(
        "anvandare/konto/<str:username>/inaktivera/",
        accounts.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "anvandare/konto/<str:username>/aktivera/",
        accounts.user_reactivate,
        name="user_reactivate",
    ),
    path(
        "anvandare/konto/<str:username>/inloggningslank/",
        accounts.user_link,
        name="user_link",
    ),
    path("organisation/", organisation.organisation, name="organisation"),
    path("organisation/enheter/ny/", organisation.unit_new, name="unit_new"),
    path("organisation/enheter/flytta/", organisation.unit_move, name="unit_move"),
    path("organisation/enheter/byt-namn/", organisation.unit_rename, name="unit_rename"),
    path(
        "organisation/kostnadsstallen/nytt/",
        organisation.cost_centre_new,
        name="cost_centre_new",
    ),
    path(
        "organisation/kostnadsstallen/koppla/",
        organisation.cost_centre_assign,
        name="cost_centre_assign",
    ),
]
