"""Password reset by email with Django's views and our templates."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import events_for
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a brand new long passphrase 42"


def test_reset_email_link_sets_a_new_password(personas, mailoutbox):
    client = Client()

    asked = client.post(reverse("accounts:password_reset"), {"email": personas.brand_a.email})
    [mail] = mailoutbox
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert asked.status_code == 302
    assert asked["Location"] == reverse("accounts:password_reset_done")
    assert mail.to == [personas.brand_a.email]
    assert "\n" not in mail.subject
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    personas.brand_a.refresh_from_db()
    assert personas.brand_a.check_password(NEW_PASSWORD)
    assert not personas.brand_a.check_password(TEST_PASSWORD)
    assert events_for(personas.brand_a, "password_reset").count() == 1
    assert NEW_PASSWORD not in str(events_for(personas.brand_a, "password_reset").get().data)


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(db, mailoutbox):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_used_link_no_longer_works(personas, mailoutbox):
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": personas.brand_a.email})
    found = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mailoutbox[0].body)
    assert found is not None
    path = found.group(1)
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    reused = Client().get(path, follow=True)

    assert "This link no longer works" in reused.content.decode()


def test_reset_pages_render(db):
    client = Client()

    for name in ("accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_complete"):
        assert client.get(reverse(name)).status_code == 200


def test_reset_requests_are_throttled_per_address(client, personas, mailoutbox):
    for _ in range(3):
        assert client.post("/accounts/password-reset/", {"email": personas.brand_a.email}).status_code == 302
    response = client.post("/accounts/password-reset/", {"email": personas.brand_a.email})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert len(mailoutbox) == 3
