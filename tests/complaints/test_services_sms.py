"""complaint_sms_receive: opens a case, joins one with code + secret, idempotent, phone encrypted."""

from __future__ import annotations

import datetime as dt

import pytest

from wsr.complaints import services
from wsr.complaints.models import Complaint, ComplaintIdentity, Message, SmsInbound
from wsr.complaints.services.sms import PHONE_KEPT, split_code_and_secret
from wsr.complaints.services.vault import phone_hmac
from wsr.core.errors import DomainError

pytestmark = pytest.mark.django_db

SENDER = "+1 555 777 0101"
NUMBER = "+15550001111"


@pytest.fixture(autouse=True)
def _gateways(settings):
    settings.WSR_SMS_GATEWAYS = {"acme": {"secret": "s", "numbers": {NUMBER: "fair-harvest"}}}


def receive(personas, message_id="m1", text="They took our passports", to=NUMBER):
    return services.complaint_sms_receive(
        gateway="acme",
        message_id=message_id,
        sender=SENDER,
        to=to,
        text=text,
        received_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )


def test_a_text_opens_a_case_with_the_phone_encrypted(personas):
    result = receive(personas)
    assert result.created and not result.duplicate and result.secret
    assert result.case_code in result.reply and result.secret in result.reply
    complaint = Complaint.objects.get(case_code=result.case_code)
    assert complaint.channel == "sms" and complaint.category == "other" and complaint.language == "en"
    identity = ComplaintIdentity.objects.get(complaint=complaint)
    assert "555" not in identity.phone and identity.phone_hmac == phone_hmac("+15557770101")
    assert SmsInbound.objects.get().complaint == complaint


def test_the_same_message_id_is_processed_once(personas):
    first = receive(personas)
    again = receive(personas)
    assert again.duplicate and not again.created and again.secret is None
    assert again.case_code == first.case_code
    assert Complaint.objects.count() == 1
    # The first answer is replayed (the gateway retries when it lost it); it is kept sealed.
    assert again.reply == first.reply
    assert first.secret in first.reply
    stored = SmsInbound.objects.get().reply
    assert stored and first.secret not in stored and first.case_code not in stored


def test_code_and_secret_append_a_message(personas):
    first = receive(personas)
    text = f"{first.case_code.replace('-', ' ')} {first.secret.lower()} they came back"
    result = receive(personas, message_id="m2", text=text)
    assert not result.created and result.case_code == first.case_code
    complaint = Complaint.objects.get()
    view = services.complaint_status_view(case_code=first.case_code, secret=first.secret)
    assert [m.text for m in view.messages] == ["they came back"]
    assert Message.objects.get().channel == "sms" and complaint.messages.count() == 1


def test_wrong_secret_opens_nothing(personas):
    first = receive(personas)
    result = receive(personas, message_id="m3", text=f"{first.case_code} AAAA-AAAA-AAAA hello")
    assert not result.created and result.case_code is None
    assert Complaint.objects.count() == 1 and not Message.objects.exists()


def test_unknown_number_is_refused(personas):
    with pytest.raises(DomainError) as info:
        receive(personas, to="+19999")
    assert info.value.code == "unknown_number"
    assert not SmsInbound.objects.exists()


def test_split_code_and_secret():
    assert split_code_and_secret("hello there") is None
    assert split_code_and_secret("1234 please") is None


def test_the_sender_is_told_that_their_number_is_kept_to_answer_them(personas):
    from django.utils import translation

    result = receive(personas)

    assert "We keep your phone number" in result.reply
    complaint = Complaint.objects.get(case_code=result.case_code)
    assert ComplaintIdentity.objects.filter(complaint=complaint).exclude(phone="").exists()
    with translation.override("es"):
        from django.utils.translation import gettext

        assert gettext(PHONE_KEPT) != PHONE_KEPT


def test_an_over_long_text_is_refused_with_the_limit_not_cut(personas):
    result = receive(personas, text="x" * 5001)

    assert not result.created and "5000" in result.reply
    assert not Complaint.objects.exists()
    assert SmsInbound.objects.get().complaint is None


def test_a_text_that_cannot_be_stored_is_refused_and_nothing_is_claimed(personas):
    with pytest.raises(DomainError) as info:
        receive(personas, text="They took our passports \udfff")

    assert info.value.code == "message_bad_characters"
    assert not SmsInbound.objects.exists() and not Complaint.objects.exists()
