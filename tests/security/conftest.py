"""What the attack tests share: real logins, CSRF tokens, the demo region's people.

The attacks go through the doors a person would use: a browser-like client that
logs in through the login form and sends the CSRF token the page gave it
(`Browser`), the `styra` console script, or the renderers. Roles beyond the demo's
four are added per test (`people`).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client

from styra.access.models import Role, UnitRole
from styra.demo.users import DEMO_PASSWORD

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

#: A text with everything that once stopped a report: ESC, BEL, a non-character,
#: vertical tab, form feed, NUL, DEL, a C1 control, a right-to-left override; emoji,
#: Chinese and Thai that the PDF's fonts may lack; Typst, HTML and spreadsheet syntax.
HOSTILE = (
    "Före\x1b[31m röd\x07 \ufffe vt\x0b ff\x0c nul\x00 del\x7f c1\x9b rlo\u202e "
    "🎉👍🏽 中文 ภาษาไทย #set page(width: 1pt) <script>alert(1)</script> *fet* $x$ "
    '=HYPERLINK("http://evil.example")\r\nEfter'
)
#: As HOSTILE, as a database can hold it (PostgreSQL refuses NUL, neither database
#: takes a lone surrogate): text that reached the database before input was cleaned.
HOSTILE_STORED = HOSTILE.replace("\x00", "")
#: The characters `formats.text.clean_text` removes, as a regular expression class.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class Browser:
    """A client that logs in through the form and posts with the page's CSRF token."""

    def __init__(self, username: str | None = None, password: str = DEMO_PASSWORD):
        self.client = Client(enforce_csrf_checks=True)
        self.response = None
        if username:
            response = self.login(username, password)
            assert response.status_code == 302, f"{username} could not log in"

    def csrf(self, url: str) -> str:
        """The CSRF token of the form on `url` (or the cookie, for pages without a form)."""
        page = self.client.get(url)
        match = CSRF_INPUT.search(page.content.decode(errors="replace"))
        if match:
            return match[1]
        if "csrftoken" not in self.client.cookies:
            self.client.get("/konto/logga-in/")
        return self.client.cookies["csrftoken"].value

    def login(self, username: str, password: str, **extra):
        token = self.csrf("/konto/logga-in/")
        return self.client.post(
            "/konto/logga-in/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
            **extra,
        )

    def get(self, url: str, **extra):
        return self.client.get(url, **extra)

    def post(self, url: str, data: dict | None = None, *, form_url: str | None = None, **extra):
        """POST `data` to `url` with the token of the form on `form_url` (default `url`)."""
        token = self.csrf(form_url or url)
        return self.client.post(url, {**(data or {}), "csrfmiddlewaretoken": token}, **extra)


@pytest.fixture
def browser(demo):
    """`browser("rapportor")`: a logged-in browser of a demo user (or of `people`)."""
    return Browser


@pytest.fixture
def people(demo, django_user_model):
    """The demo users plus one per remaining role: a reader of RS-DIG, a reporter of
    RS-HR (another unit than the demo reporter's RS-DIG), a user without roles."""
    from styra.org.models import Unit

    def make(username, *roles):
        user = django_user_model.objects.create_user(username, password=DEMO_PASSWORD)
        for code, role in roles:
            UnitRole.objects.create(user=user, unit=Unit.objects.get(code=code), role=role)
        return user

    return SimpleNamespace(
        reader=make("lasare", ("RS-DIG", Role.READER)),
        other_reporter=make("annan", ("RS-HR", Role.REPORTER)),
        nobody=make("ingen"),
    )
