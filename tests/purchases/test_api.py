"""POST /api/v1/programs/{program}/purchases with a brand user's bearer token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.purchases.conftest import HEADER
from wsr.accounts.tokens import api_token_issue
from wsr.core.models import Event
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import PurchaseLine, PurchaseUpload

pytestmark = pytest.mark.django_db
URL = "/api/v1/programs/fair-harvest/purchases"


def _bearer(user):
    return {"Authorization": f"Bearer {api_token_issue(user=user)}"}


def _csv(personas, *lines: str) -> str:
    fx = personas.facility_x.public_id
    return "\n".join([HEADER, *(ln.replace("FX", fx) for ln in lines)]) + "\n"


def post(personas, body, content_type="text/csv", user=None, **extra):
    headers = _bearer(user or personas.brand_a)
    return Client().post(URL, data=body, content_type=content_type, headers=headers, **extra)


def test_a_csv_report_is_recorded_and_resending_it_adds_nothing(priced):
    body = _csv(priced, "A1,FX,2026-03-01,tomatoes,32000,lb,16000.00,USD", "A2,FX,2026-03-02,Tomatoes,10,kg,9.99,USD")
    first = post(priced, body)
    assert first.status_code == 200, first.content
    assert {k: first.json()[k] for k in ("added", "unchanged", "reversed", "breaches")} == {
        "added": 2,
        "unchanged": 0,
        "reversed": 0,
        "breaches": 0,
    }
    assert dict(PurchaseLine.objects.values_list("line_id", "premium_minor")) == {"A1": 32000, "A2": 22}
    again = post(priced, body)
    assert (again.json()["added"], again.json()["unchanged"]) == (0, 2)
    assert PurchaseLine.objects.count() == 2
    upload = PurchaseUpload.objects.get(public_id=again.json()["upload"])
    assert upload.source == "api"
    assert Event.objects.filter(verb=PurchasesEvent.RECORDED, object_public_id=upload.public_id).exists()


def test_json_lines_keep_numbers_exact(priced):
    fx = priced.facility_x.public_id
    rows = [
        {
            "line_id": "J1",
            "facility": fx,
            "date": "2026-03-01",
            "product": "tomatoes",
            "quantity": 0.1,
            "unit": "lb",
            "value": 0.3,
            "currency": "USD",
        },
        {
            "line_id": "J2",
            "facility": fx,
            "date": "2026-03-01",
            "product": "tomatoes",
            "quantity": "1000",
            "unit": "lb",
            "value": "10",
            "currency": "USD",
        },
    ]
    body = "\n".join(json.dumps(r) for r in rows) + "\n"
    answer = post(priced, body, content_type="application/x-ndjson")
    assert answer.status_code == 200, answer.content
    j1 = PurchaseLine.objects.get(line_id="J1")
    assert (str(j1.quantity.normalize()), j1.value_minor) == ("0.1", 30)


def test_a_bad_line_refuses_the_whole_report_with_line_column_and_reason(priced):
    body = _csv(priced, "A1,FX,2026-03-01,tomatoes,1,lb,1.00,USD", "A2,FX,2026-03-01,tomatoes,1,lb,1.001,USD")
    answer = post(priced, body)
    assert answer.status_code == 400
    data = answer.json()
    assert data["code"] == "refused"
    assert data["errors"] == [
        {"line": 3, "column": "value", "code": "too_many_decimals", "reason": "At most 2 decimal places."}
    ]
    assert PurchaseLine.objects.count() == 0
    assert PurchaseUpload.objects.get(public_id=data["upload"]).status == "refused"


def test_a_wrong_header_and_broken_bytes_are_refused_cleanly(priced):
    answer = post(priced, "line,facility\nx,y\n")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "bad_header"
    broken = _csv(priced, "A1,FX,2026-03-01,tomatoes,1,lb,1.00,USD").encode() + b"A2,\xff\xfe,x\n"
    answer = post(priced, broken)
    assert answer.status_code == 400
    assert answer.json()["errors"][-1]["code"] == "bad_encoding"
    nul = post(priced, '{"line_id": "x\\u0000"}\n', content_type="application/x-ndjson")
    assert nul.status_code == 400
    assert PurchaseLine.objects.count() == 0


def test_a_body_over_the_limit_is_refused(priced, settings):
    settings.WSR_PURCHASES_API_MAX_BYTES = 100
    answer = post(priced, _csv(priced, *["A1,FX,2026-03-01,tomatoes,1,lb,1.00,USD"] * 5))
    assert (answer.status_code, answer.json()["code"]) == (413, "too_large")


def test_a_supplier_cannot_report_and_another_programs_brand_gets_404(priced):
    assert post(priced, _csv(priced), user=priced.supplier_x).status_code == 403
    other = Client().post(
        "/api/v1/programs/garment-safety/purchases", data="", content_type="text/csv", headers=_bearer(priced.brand_a)
    )
    assert other.status_code == 404
    assert PurchaseUpload.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"product": "tom\\ud800"', "bad_text"),  # a lone surrogate
        ('"product": "tom\\u0000"', "bad_text"),
        ('"quantity": 1e400', "bad_number"),  # kept as written: never a float
        ('"quantity": NaN', "bad_format"),
        ('"quantity": [1]', "bad_text"),
        ('"extra": "x"', "extra_field"),
    ],
)
def test_json_lines_refuse_bad_values_cleanly(priced, text, code):
    fx = priced.facility_x.public_id
    base = {
        "line_id": "J1",
        "facility": fx,
        "date": "2026-03-01",
        "product": "tomatoes",
        "quantity": "1",
        "unit": "lb",
        "value": "1.00",
        "currency": "USD",
    }
    key = text.split(":")[0].strip('"')
    base.pop(key, None)
    body = json.dumps(base)[:-1] + ", " + text + "}\n"
    answer = post(priced, body, content_type="application/x-ndjson")
    assert answer.status_code == 400, answer.content
    assert [e["code"] for e in answer.json()["errors"]] == [code]
    assert PurchaseLine.objects.count() == 0


def test_deeply_nested_json_is_refused_not_a_crash(priced):
    answer = post(priced, "[" * 100000 + "]" * 100000 + "\n", content_type="application/x-ndjson")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "bad_format"
