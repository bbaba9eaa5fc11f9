"""The outbox's SMS sender (registered for the "sms" channel by ``AlertsConfig.ready``).

With ``WSR_SMS_URL`` set, each message is POSTed as JSON ``{"to": ..., "text": ...}`` to the
gateway, with ``Authorization: Bearer WSR_SMS_TOKEN`` when a token is set; any answer other than
2xx is an error the outbox records (with the HTTP status) and retries. Without a gateway
(development, the demo), each message is written to a file under ``VAR_DIR/sent-sms/``, as the
file e-mail backend does, so nothing is silently dropped. The text is never logged."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from wsr.core.models import OutboxMessage

TIMEOUT_SECONDS = 10


class SmsGatewayError(Exception):
    def __init__(self, http_status: int) -> None:
        super().__init__(f"SMS gateway answered {http_status}")
        self.http_status = http_status


def sms_send(message: OutboxMessage) -> None:
    url = str(getattr(settings, "WSR_SMS_URL", "") or "")
    if not url:
        _write_file(message)
        return
    headers = {"Content-Type": "application/json"}
    token = str(getattr(settings, "WSR_SMS_TOKEN", "") or "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps({"to": message.recipient, "text": message.body, "reference": message.dedupe_key}).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (configured URL)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise SmsGatewayError(exc.code) from None
    if not 200 <= status < 300:
        raise SmsGatewayError(status)


def _write_file(message: OutboxMessage) -> None:
    folder = Path(settings.VAR_DIR) / "sent-sms"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message.pk}.txt").write_text(f"To: {message.recipient}\n\n{message.body}\n", encoding="utf-8")
