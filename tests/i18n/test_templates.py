"""No user-visible text in a template outside {% translate %} / {% blocktranslate %}."""

import re
from pathlib import Path

import pytest

import styra

PACKAGE_DIR = Path(styra.__file__).resolve().parent
TEMPLATES = sorted(PACKAGE_DIR.rglob("templates/**/*.html"))

WORD = re.compile(r"[^\W\d_]{2,}")
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')

# The product's name is not translated.
NOT_TEXT = {"Styra"}
# Known untranslated words, per template: remove an entry when the template is fixed.
KNOWN: dict[str, set[str]] = {}


def untranslated_words(source: str) -> list[str]:
    """Words a user would see that are not inside a translation tag."""
    text = re.sub(r"\{%\s*(blocktrans(?:late)?)\b.*?\{%\s*end\1\s*%\}", " ", source, flags=re.S)
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", text, flags=re.S)
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    # Template tags and variables may sit inside HTML tags; drop them before the HTML.
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "\x00", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    words = [w for value in VISIBLE_ATTRIBUTE.findall(text) for w in WORD.findall(value)]
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    words += WORD.findall(text)
    return [w for w in words if w not in NOT_TEXT]


def test_the_check_finds_untranslated_text_and_accepts_translated_text():
    assert untranslated_words('<p>Spara</p><button aria-label="Stäng">×</button>') == [
        "Stäng",
        "Spara",
    ]
    assert untranslated_words('<img alt="{{ x }}" src="{% static "a.svg" %}">') == []
    translated = """{% load i18n %}<h1 class="page-title">{% translate "Spara" %}</h1>
      <a href="{% url 'web:home' %}" title="{% translate 'Start' %}">{{ name }}</a>
      {% blocktranslate with n=count %}{{ n }} poster{% endblocktranslate %}
      <style>body { font-family: Arial; }</style>{# en kommentar #}
      <p>{{ a }} – {{ b }}&nbsp;%</p>"""
    assert untranslated_words(translated) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_template_text_is_translated(path):
    name = str(path.relative_to(PACKAGE_DIR))
    words = set(untranslated_words(path.read_text(encoding="utf-8")))
    assert words - KNOWN.get(name, set()) == set()
