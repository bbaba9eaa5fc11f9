"""API bearer tokens: ``wsr_<random>``; only the SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import secrets

from wsr.accounts.models import ApiToken, User
from wsr.core import clock

TOKEN_PREFIX = "wsr_"  # noqa: S105 (a public marker, not a secret)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_issue(*, user: User) -> str:
    """Create a token for ``user`` and return it; it is shown once and never stored in clear."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, prefix=token[:10], digest=_digest(token), created_at=clock.now())
    return token


def api_token_authenticate(token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=clock.now())
    return row.user


def api_token_revoke(*, token: str) -> bool:
    return ApiToken.objects.filter(digest=_digest(token), revoked_at__isnull=True).update(revoked_at=clock.now()) == 1
