"""/ekonomi/: the ledger's pages (landing, picker, upload) and the economic table."""

from django.urls import path

from styra.economy.ledger import views as ledger_views

from . import views

app_name = "finance"

urlpatterns = [
    path("", ledger_views.index, name="index"),
    path("valj/", ledger_views.choose, name="choose"),
    path("las-in/", ledger_views.upload, name="upload"),
    path("<str:unit_code>/<int:year>/<int:month>/", views.table, name="table"),
    path("<str:unit_code>/<int:year>/<int:month>/excel/", views.table_xlsx, name="table_xlsx"),
]
