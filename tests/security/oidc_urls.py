"""Styra's URLs with OpenID Connect's mounted, as `styra.urls` mounts them when the
client id is set (the setting is read once, at start-up, so the SSO tests use this)."""

from django.urls import include, path

from styra.urls import urlpatterns as styra_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *styra_urlpatterns]
