"""User accounts in the browser's administration: add one, see how its owner signs in,
change it, deactivate and reactivate it; only for whom may (issue 13)."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

USERS = reverse("administration:users")
NEW = reverse("administration:user_new")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(user) -> Client:
    """A client that checks CSRF, as a browser's requests are checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client, page_url, data, url=None):
    """POST the form of `page_url` (to `url`, default the page) with its CSRF token."""
    page = client.get(page_url)
    token = CSRF.search(page.content.decode())
    token = token[1] if token else client.cookies["csrftoken"].value
    return client.post(url or page_url, {"csrfmiddlewaretoken": token, **data})


def account_form(username="nora", **extra):
    data = {
        "konto-username": username,
        "konto-first_name": "Nora",
        "konto-last_name": "Nyberg",
        "konto-email": "nora@example.se",
    }
    return {**data, **extra}


def edit_url(username):
    return reverse("administration:user_edit", args=[username])


def test_the_users_page_lists_every_account_with_name_email_state_and_roles(region):
    region.lisa.is_active = False
    region.lisa.save()
    page = signed_in(region.carl).get(USERS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "carl@example.se" in html
    assert "Lägg upp en användare" in html and NEW in html
    start = html.index(f'<a href="{edit_url("lisa")}">')
    row = html[start : html.index("</tr>", start)]
    assert "Inaktiverat" in row and "Läsare RS-DIG" in row


def test_the_controller_adds_an_account_and_is_shown_its_one_time_link(region, client):
    controller = signed_in(region.carl)
    response = post(controller, NEW, account_form(**{"konto-send_link": "on"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    account = get_user_model().objects.get(username="nora")
    assert not account.has_usable_password()
    assert "Kontot nora (Nora Nyberg) är upplagt." in html
    link = re.search(r"readonly>(http://testserver/konto/valj-losenord/[^<]+)</textarea>", html)[1]
    assert "Länken är också skickad till nora@example.se." in html
    assert mail.outbox[-1].to == ["nora@example.se"] and link in mail.outbox[-1].body
    assert f"{USERS}?anvandare=nora#ge-roll" in html
    # The role form is ready for the new account.
    assert 'value="nora" selected' in controller.get(f"{USERS}?anvandare=nora").content.decode()

    # The owner chooses a password on the link and signs in with it.
    chosen = client.get(link, follow=True)
    client.post(
        chosen.redirect_chain[-1][0],
        {"new_password1": "Nora-Lösen-2026!", "new_password2": "Nora-Lösen-2026!"},
    )
    signed = client.post(reverse("login"), {"username": "nora", "password": "Nora-Lösen-2026!"})
    assert signed.status_code == 302 and signed["Location"] == reverse("web:home")


def test_a_duplicate_username_is_refused_at_its_field_in_swedish(region):
    response = post(signed_in(region.carl), NEW, account_form(username="ANNA"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Användarnamnet ANNA finns redan" in html
    assert 'id="id_konto-username_fel"' in html and 'aria-invalid="true"' in html
    assert not get_user_model().objects.filter(username="ANNA").exists()


def test_hostile_text_in_a_name_is_escaped_on_every_page(region):
    controller = signed_in(region.carl)
    hostile = "<script>alert(1)</script>"
    post(controller, NEW, account_form(**{"konto-first_name": hostile}))
    for url in (USERS, edit_url("nora")):
        html = controller.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert hostile not in html


def test_a_reporter_posting_the_forms_is_refused_with_a_swedish_page(region):
    reporter = signed_in(region.anna)
    for url, data in (
        (NEW, account_form()),
        (edit_url("bertil"), account_form()),
        (reverse("administration:user_deactivate", args=["bertil"]), {}),
    ):
        response = post(reporter, reverse("web:home"), data, url=url)
        html = response.content.decode()
        assert response.status_code == 403, url
        assert "<h1>Behörighet saknas</h1>" in html
        assert "Bara administratörer och controller får lägga upp och ändra användare." in html
    assert not get_user_model().objects.filter(username="nora").exists()
    assert get_user_model().objects.get(username="bertil").is_active


def test_a_post_without_the_csrf_token_changes_nothing(region):
    response = signed_in(region.carl).post(NEW, account_form())
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="nora").exists()


def test_the_controller_changes_deactivates_and_reactivates_an_account(region):
    controller = signed_in(region.carl)
    url = edit_url("anna")
    changed = post(
        controller,
        url,
        {"konto-first_name": "Anna", "konto-last_name": "Ek", "konto-email": "anna@example.se"},
    )
    assert changed.status_code == 302
    region.anna.refresh_from_db()
    assert (region.anna.last_name, region.anna.email) == ("Ek", "anna@example.se")

    deactivate = reverse("administration:user_deactivate", args=["anna"])
    assert post(controller, url, {}, url=deactivate).status_code == 302
    region.anna.refresh_from_db()
    assert not region.anna.is_active and region.anna.unit_roles.exists()
    page = controller.get(url).content.decode()
    assert "Kontot anna är inaktiverat; dess roller och historik finns kvar." in page
    assert "Aktivera kontot igen" in page
    # The history names who did what, newest first.
    history = page[page.index('id="kontots-historik"') :]
    assert history.count("Carl") >= 2 and "Inaktiverat" in history

    reactivate = reverse("administration:user_reactivate", args=["anna"])
    assert post(controller, url, {}, url=reactivate).status_code == 302
    region.anna.refresh_from_db()
    assert region.anna.is_active


def test_nobody_changes_their_own_account_or_a_superusers_here(region):
    controller = signed_in(region.carl)
    own = controller.get(edit_url("carl")).content.decode()
    assert "Du kan inte ändra det här kontot" in own and "Inaktivera kontot" not in own
    refused = post(
        controller,
        edit_url("carl"),
        {},
        url=reverse("administration:user_deactivate", args=["carl"]),
    )
    assert refused.status_code == 403
    refused = post(
        controller,
        edit_url("admin"),
        {},
        url=reverse("administration:user_deactivate", args=["admin"]),
    )
    assert refused.status_code == 403
    assert get_user_model().objects.get(username="admin").is_active


def test_a_new_link_is_made_on_request_and_none_with_oidc(region, settings):
    controller = signed_in(region.carl)
    url = reverse("administration:user_link", args=["anna"])
    html = post(controller, edit_url("anna"), {}, url=url).content.decode()
    assert "Ny inloggningslänk" in html and "/konto/valj-losenord/" in html

    settings.STYRA_OIDC_ENABLED = True
    new = controller.get(NEW).content.decode()
    assert "konto-send_link" not in new
    created = post(controller, NEW, account_form()).content.decode()
    assert "Användaren loggar in med organisationens inloggning, med användarnamnet nora." in (
        created
    )
    assert "/konto/valj-losenord/" not in created


def test_a_mail_that_cannot_be_sent_still_shows_the_link(region, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("ingen e-postserver")

    monkeypatch.setattr("styra.access.services.send_mail", refuse)
    response = post(signed_in(region.carl), NEW, account_form(**{"konto-send_link": "on"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-posten kunde inte skickas. Ge användaren länken på annat sätt." in html
    assert "/konto/valj-losenord/" in html and "Länken är också skickad" not in html
    assert get_user_model().objects.filter(username="nora").exists()
