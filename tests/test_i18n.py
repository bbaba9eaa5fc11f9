from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_haitian_creole_is_a_known_language():
    info = translation.get_language_info("ht")
    assert info["name_local"] == "Kreyòl ayisyen"
    assert [code for code, _ in settings.LANGUAGES] == ["en", "es", "ht", "bn"]


@pytest.mark.parametrize("lang", ["es", "ht", "bn"])
def test_catalogues_are_complete_and_compiled(lang):
    po = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    untranslated = re.findall(r'\nmsgstr ""\n\n', po + "\n")
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated messages"
    fuzzy = re.findall(r"^#, .*fuzzy", po, flags=re.M)
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy messages (a guess by make messages, not a translation)"
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    msgids = len(re.findall(r"^msgid ", po, flags=re.M)) - 1  # minus the header
    assert len([k for k in catalog._catalog if k]) >= msgids, f"{lang}: django.mo is older than django.po"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "sign_in"),
    [("en", "Sign in"), ("es", "Iniciar sesión"), ("ht", "Konekte"), ("bn", "সাইন ইন")],
)
def test_login_page_speaks_the_chosen_language(client, lang, sign_in):
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    page = client.get("/accounts/login/").content.decode()
    assert f'<html lang="{lang}"' in page
    assert sign_in in page


# Names xgettext (behind `make messages`) extracts; a string marked with any other alias is never
# extracted, so `make messages` silently drops its translations.
EXTRACTED = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def test_translatable_strings_are_marked_with_names_makemessages_extracts():
    aliased = re.compile(r"from django\.utils\.translation import .*\b(\w+) as (\w+)")
    offenders = []
    for path in (Path(settings.BASE_DIR) / "wsr").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for _name, alias in aliased.findall(line):
                if alias not in EXTRACTED:
                    offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []
