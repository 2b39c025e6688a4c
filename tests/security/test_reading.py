"""Finding 5: reading.

Any logged-in user read every plan and item page under /planer/, draft comments
included, while the follow-up page of the same item was refused. Single sign-on
created an account for every identity-provider user. Now the plan pages follow the
follow-up pages' rules (`styra.access.permissions`), and SSO accounts are opt-in.
"""

from __future__ import annotations

import importlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from styra.followup.models import Assessment

PLAN = "/planer/rs-2026/"
DIG_ITEM = "U02"  # RS-DIG's assignment with a draft comment
HR_ITEM = "N20"  # an indicator of RS-HR


def _item(code: str) -> str:
    return f"{PLAN}poster/{code}/"


def _followup(demo, code: str) -> str:
    return f"/uppfoljning/{demo.round.code}/poster/{code}/"


def _hr_item_code() -> str:
    from styra.plans.models import PlanItem

    return PlanItem.objects.filter(plan__code="rs-2026", owner__code="RS-HR").first().code


def test_a_user_without_roles_reads_no_plan_and_no_comment(demo, people, browser):
    comment = Assessment.objects.get(round=demo.round, item__code=DIG_ITEM).comment
    nobody = browser("ingen")
    listing = nobody.get("/planer/")
    assert listing.status_code == 200
    assert PLAN not in listing.content.decode()
    assert PLAN not in nobody.get("/").content.decode()
    for url in (PLAN, _item(DIG_ITEM), f"{PLAN}?omgang={demo.round.code}"):
        response = nobody.get(url)
        assert response.status_code == 403, url
        assert comment[:40] not in response.content.decode()
    assert nobody.get(_followup(demo, DIG_ITEM)).status_code == 403


def test_a_reporter_of_another_unit_sees_only_its_own_items(demo, people, browser):
    comment = Assessment.objects.get(round=demo.round, item__code=DIG_ITEM).comment
    other = browser("annan")  # reporter of RS-HR
    plan = other.get(PLAN)
    assert plan.status_code == 200
    page = plan.content.decode()
    assert f"poster/{_hr_item_code()}/" in page
    assert f"poster/{DIG_ITEM}/" not in page and comment[:40] not in page
    assert "Måluppfyllelse" not in page  # the board's summary is the board's readers'
    assert other.get(_item(DIG_ITEM)).status_code == 403
    assert other.get(_followup(demo, DIG_ITEM)).status_code == 403
    assert other.get(_item(_hr_item_code())).status_code == 200


def test_a_reader_of_the_unit_reads_its_items_with_comments(demo, people, browser):
    comment = Assessment.objects.get(round=demo.round, item__code=DIG_ITEM).comment
    reader = browser("lasare")  # reader of RS-DIG
    response = reader.get(_item(DIG_ITEM))
    assert response.status_code == 200
    assert comment[:40] in response.content.decode()
    assert reader.get(_followup(demo, DIG_ITEM)).status_code == 200
    assert reader.get(_item(_hr_item_code())).status_code == 403


@pytest.mark.parametrize("username", ["ingen", "annan", "lasare", "rapportor", "granskare"])
def test_plan_item_pages_answer_as_the_followup_pages_do(demo, people, browser, username):
    """For a sample of items of every owner, /planer/…/poster/X/ and
    /uppfoljning/…/poster/X/ give the same answer to the same person."""
    from styra.plans.models import PlanItem

    user = browser(username)
    items = []
    for owner in ("RS", "RS-DIG", "RS-HR", "RS-EKO"):
        items += list(
            PlanItem.objects.filter(plan__code="rs-2026", owner__code=owner)
            .exclude(kind="area")
            .values_list("code", flat=True)[:2]
        )
    for code in items:
        plan_page = user.get(_item(code)).status_code
        followup_page = user.get(_followup(demo, code)).status_code
        assert plan_page == followup_page, (username, code, plan_page, followup_page)


# --- single sign-on -----------------------------------------------------------------

SECRET = "delad-hemlighet-for-test-av-inloggning-med-sso"


class FakeProvider(BaseHTTPRequestHandler):
    """An OpenID Connect provider's token and userinfo endpoints, on loopback."""

    claims: dict = {}
    nonce = ""

    def log_message(self, *args):  # quiet
        pass

    def _json(self, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # the token endpoint
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        token = jwt.encode(
            {
                "iss": "http://idp",
                "sub": self.claims["sub"],
                "aud": "styra",
                "nonce": type(self).nonce,
                "iat": int(time.time()),
                "exp": int(time.time()) + 300,
            },
            SECRET,
            algorithm="HS256",
        )
        self._json({"access_token": "tillgang", "id_token": token, "token_type": "Bearer"})

    def do_GET(self):  # the userinfo endpoint
        self._json(self.claims)


@pytest.fixture
def provider(settings, monkeypatch):
    """Styra's OIDC settings as `settings/oidc.py` makes them from the environment,
    pointed at a fake provider; the SSO URLs mounted."""
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    for name, value in {
        "STYRA_OIDC_RP_CLIENT_ID": "styra",
        "STYRA_OIDC_RP_CLIENT_SECRET": SECRET,
        "STYRA_OIDC_RP_SIGN_ALGO": "HS256",
        "STYRA_OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/auth",
        "STYRA_OIDC_OP_TOKEN_ENDPOINT": f"{base}/token",
        "STYRA_OIDC_OP_USER_ENDPOINT": f"{base}/userinfo",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("STYRA_OIDC_CREATE_USER", raising=False)
    oidc = importlib.reload(importlib.import_module("styra.settings.oidc"))
    for name in dir(oidc):
        if name.isupper():
            setattr(settings, name, getattr(oidc, name))
    settings.ROOT_URLCONF = "tests.security.oidc_urls"
    yield FakeProvider
    server.shutdown()


def _sign_in(client, provider, claims: dict):
    """The browser's round trip: to the provider and back to Styra's callback."""
    provider.claims = claims
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    provider.nonce = query["nonce"][0]
    return client.get("/oidc/callback/", {"code": "kod", "state": query["state"][0]})


def test_sso_creates_no_account_by_default(demo, provider, client, django_user_model):
    from django.conf import settings

    assert settings.OIDC_CREATE_USER is False  # settings/oidc.py without the variable
    before = django_user_model.objects.count()
    response = _sign_in(
        client, provider, {"sub": "x1", "preferred_username": "okand", "email": "okand@exempel.se"}
    )
    assert response.status_code == 302
    assert django_user_model.objects.count() == before
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"], follow=True).content.decode()
    assert "finns inget konto i Styra" in page


def test_sso_signs_in_a_person_who_has_an_account(demo, provider, client):
    response = _sign_in(
        client,
        provider,
        {"sub": "x2", "preferred_username": "rapportor", "email": "rapportor@exempel.se"},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
    assert client.get("/").status_code == 200


def test_sso_creates_accounts_only_when_switched_on(
    demo, provider, client, settings, django_user_model
):
    settings.OIDC_CREATE_USER = True
    _sign_in(
        client, provider, {"sub": "x3", "preferred_username": "ny.person", "email": "ny@exempel.se"}
    )
    user = django_user_model.objects.get(username="ny.person")
    assert not user.unit_roles.exists()  # an account without roles reads nothing
