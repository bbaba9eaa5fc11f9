"""Dates are written in the reader's locale format on every page (no ISO dates beside localised ones)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import formats, translation
from django.utils.dates import MONTHS

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Jan. 1, 2024"),
        ("es", "1 de enero de 2024"),
        ("ht", "1 janvye 2024"),
        ("bn", "1 {january}, 2024"),
    ],
)
def test_public_program_page_writes_dates_in_the_locale_format(personas, client, lang, expected):
    with translation.override(lang):
        expected = expected.format(january=MONTHS[1])  # Django's own Bengali month name
    html = client.get(f"/p/{personas.program.slug}/?lang={lang}").content.decode()

    assert expected in html


def test_haitian_creole_and_bengali_have_full_date_formats():
    moment = dt.datetime(2025, 3, 1, 14, 30, tzinfo=dt.UTC)
    with translation.override("ht"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 mas 2025, 14:30"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "01/03/2025"
    with translation.override("bn"):
        assert formats.get_format("DATETIME_FORMAT") == "j F, Y, g:i A"


def test_staff_code_versions_page_has_no_iso_dates(personas, client_as, code_builder):
    code_builder("adopted")
    html = client_as("council_admin").get(f"/standards/{personas.program.slug}/").content.decode()
    table = html[html.index("<table") : html.index("</table>")]

    assert not ISO_DATE.search(table), ISO_DATE.findall(table)


def test_program_history_has_no_iso_dates(personas, client_as):
    from wsr.accounts.models import Membership
    from wsr.accounts.role_changes import membership_revoke
    from wsr.accounts.selectors import actor_for_user

    membership_revoke(
        actor=actor_for_user(personas.council_admin),
        membership_id=Membership.objects.get(user=personas.investigator).pk,
    )
    html = client_as("council_admin").get(f"/programs/{personas.program.slug}/history/").content.decode()
    table = html[html.index("<tbody") : html.index("</tbody>")]

    assert not ISO_DATE.search(table), ISO_DATE.findall(table)
