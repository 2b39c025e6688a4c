"""English is a complete, compiled translation of the Swedish source strings.

The message ids are Swedish (docs/decisions/0002-swedish-source-strings.md); English is
src/styra/locale/en/LC_MESSAGES/django.po, compiled to django.mo and committed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

import styra

PACKAGE_DIR = Path(styra.__file__).resolve().parent
EN_DIR = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES"
PO_PATH = EN_DIR / "django.po"
MO_PATH = EN_DIR / "django.mo"

# %(name)s, %(n)d, %s, %d, %% and str.format fields.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdfr]|%[sdfr%]|\{[A-Za-z_0-9]*\}")


def _entries():
    return [e for e in polib.pofile(str(PO_PATH)) if not e.obsolete]


def _translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_catalogue_has_a_proper_header():
    po = polib.pofile(str(PO_PATH))
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "en"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_message_is_translated_and_not_fuzzy():
    entries = _entries()
    assert len(entries) > 700
    untranslated = [e.msgid for e in entries if not all(s.strip() for s in _translations(e))]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_both_english_forms():
    plurals = [e for e in _entries() if e.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert entry.msgstr_plural[0] != entry.msgstr_plural[1], entry.msgid


def test_placeholders_match_the_swedish_message_ids():
    mismatched = []
    for entry in _entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgid_plural)) == expected, entry.msgid
        for text in _translations(entry):
            if sorted(PLACEHOLDER.findall(text)) != expected:
                mismatched.append((entry.msgid, text))
    assert mismatched == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo carries exactly the .po's translations (run `make messages`)."""
    in_po = {}
    for entry in _entries():
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                in_po[(entry.msgctxt, entry.msgid, n)] = text
        else:
            in_po[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    in_mo = {}
    for entry in polib.mofile(str(MO_PATH)):
        if not entry.msgid:
            continue  # the header
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                in_mo[(entry.msgctxt, entry.msgid, n)] = text
        else:
            in_mo[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    assert in_mo == in_po


@pytest.mark.skipif(
    os.environ.get("STYRA_CHECK_MESSAGES") != "1" or shutil.which("xgettext") is None,
    reason="set STYRA_CHECK_MESSAGES=1 (needs GNU gettext) to check the catalogue is current",
)
def test_catalogue_has_every_message_in_the_source(tmp_path):
    """No string in the code is missing from the English catalogue (`make messages`)."""
    work = tmp_path / "styra"
    shutil.copytree(
        PACKAGE_DIR,
        work,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"),
    )
    # Settings whose LOCALE_PATHS is the copy, so the real catalogue is never written.
    (tmp_path / "check_settings.py").write_text(
        f"from styra.settings.test import *  # noqa\nLOCALE_PATHS = [{str(work / 'locale')!r}]\n"
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en"]
        + ["--ignore", "migrations/*", "--add-location", "file", "--no-obsolete"],
        cwd=work,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "check_settings",
            "PYTHONPATH": str(tmp_path),
        },
    )
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(work / PO_PATH.relative_to(PACKAGE_DIR)))
    }
    committed = {(e.msgctxt, e.msgid) for e in _entries()}
    assert sorted(fresh - committed, key=str) == []


def test_python_strings_are_english_under_english():
    from styra.followup.labels import kind_count
    from styra.plans.models import ItemKind, StatusMeaning

    with translation.override("en"):
        assert str(StatusMeaning.NOT_REPORTED.label) == "Not reported"
        assert kind_count(ItemKind.ACTIVITY, 1) == "1 activity"
        assert kind_count(ItemKind.ACTIVITY, 3) == "3 activities"
        assert kind_count(ItemKind.ASSIGNMENT, 31) == "31 assignments"
    with translation.override("sv"):
        assert str(StatusMeaning.NOT_REPORTED.label) == "Ej rapporterat"
        assert kind_count(ItemKind.ACTIVITY, 3) == "3 aktiviteter"


# HTTP: the login page, its language switch, and a signed-in page.


def test_login_page_is_swedish_by_default(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Logga in i Styra</h1>" in html
    assert '<label for="id_password">Lösenord</label>' in html
    assert "Password" not in html


def test_login_page_is_english_for_a_browser_asking_for_english(client, db):
    response = client.get(reverse("login"), headers={"accept-language": "en-GB,en;q=0.9"})
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "<title>Log in – Styra</title>" in html
    assert "<h1>Log in to Styra</h1>" in html
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert '<button type="submit" class="button">Log in</button>' in html
    assert "Skip to content" in html
    assert "Lösenord" not in html and "Logga in" not in html


def test_login_page_offers_an_accessible_language_switch(client, db):
    html = client.get(reverse("login")).content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', html, re.S)
    assert form, "no form posting to set_language"
    form = form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="next" value="/konto/logga-in/">' in form
    assert '<label for="sprakval">Språk</label>' in form
    assert '<select name="language" id="sprakval">' in form
    assert '<option value="sv" lang="sv" selected>Svenska</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert '<button type="submit" class="button button--quiet">Byt språk</button>' in form


def test_choosing_english_then_swedish_with_the_switch(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    assert response.redirect_chain == [(reverse("login"), 302)]
    html = response.content.decode()
    assert "<h1>Log in to Styra</h1>" in html
    assert '<label for="sprakval">Language</label>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    # The choice sticks (cookie), even against the browser's own preference.
    html = client.get(reverse("login"), headers={"accept-language": "sv"}).content.decode()
    assert "<h1>Log in to Styra</h1>" in html

    client.post(reverse("set_language"), {"language": "sv", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert "<h1>Logga in i Styra</h1>" in html


def test_signed_in_start_page_in_english(client, builder):
    unit = builder.unit("RS", "Regionstyrelsen")
    client.force_login(builder.user("anna", (unit, "reader")))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("web:home")).content.decode()
    assert "Welcome, Anna" in html
    assert 'aria-label="Main menu"' in html
    assert ">Log out</button>" in html
    assert "Styra – planning, follow-up and reporting" in html
    assert "Välkommen" not in html and "Logga ut" not in html
