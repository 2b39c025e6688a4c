from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("valj/", views.choose, name="choose"),
    path("las-in/", views.upload, name="upload"),
    path("<str:unit_code>/<int:year>/<int:month>/", views.table, name="table"),
]
