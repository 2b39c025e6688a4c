from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

urlpatterns = [
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # The one-time link of a new account (styra.access.services.user_password_link).
    path(
        "konto/valj-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_set.html", success_url=reverse_lazy("password_set_done")
        ),
        name="password_set",
    ),
    path(
        "konto/losenord-valt/",
        auth_views.PasswordResetCompleteView.as_view(template_name="web/password_set_done.html"),
        name="password_set_done",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ekonomi/", include("styra.economy.analysis.urls")),
    path("ekonomi/register/", include("styra.economy.registers.urls")),
    path("rapporter/", include("styra.reports.urls")),
    path("uppfoljning/", include("styra.web.season.urls")),
    path("uppfoljning/", include("styra.followup.urls")),
    path("planering/", include("styra.web.planning.urls")),
    path("maltavla/", include("styra.web.dashboard.urls")),
    path("jobb/", include("styra.jobs.urls")),
    path("las-in/", include("styra.web.uploads.urls")),
    path("administration/", include("styra.web.administration.urls")),
    path("api/", include("styra.api.urls")),
    path("", include("styra.web.urls")),
]

# Any unhandled exception: logged with its request id by django.request, then this page.
handler500 = "styra.web.errors.server_error"
handler400 = "styra.web.errors.bad_request"

if settings.STYRA_OIDC_ENABLED:  # OpenID Connect sign-in, see docs/sso.md
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
