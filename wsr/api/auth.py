"""/api/v1/auth: obtain, inspect and revoke API bearer tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from wsr.accounts.selectors import memberships_for
from wsr.accounts.services import CredentialsRefused, api_token_obtain, api_token_withdraw
from wsr.api.security import BearerToken, bearer_or_session
from wsr.core.http import client_address

router = Router()


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    detail: str
    code: str = ""


class OrganisationOut(Schema):
    public_id: str
    name: str
    kind: str


class MembershipOut(Schema):
    program: str
    role: str


class MeOut(Schema):
    username: str
    organisation: OrganisationOut | None
    memberships: list[MembershipOut]


@router.post("/token", response={200: TokenOut, 401: ErrorOut, 429: ErrorOut}, auth=None)
def token_obtain(request: HttpRequest, payload: TokenIn) -> Any:
    """Exchange a username, password and (where two-factor applies) a one-time code for a token.

    The token is shown once; only its digest is kept. Throttled like the sign-in page.
    """
    try:
        token = api_token_obtain(
            username=payload.username,
            password=payload.password,
            otp=payload.otp,
            client_ip=client_address(request),
        )
    except CredentialsRefused as exc:
        return Status(401, {"detail": str(exc.message), "code": exc.code})
    return Status(200, {"token": token})


@router.get("/me", response=MeOut, auth=bearer_or_session())
def me(request: HttpRequest) -> Any:
    """Who the presented token (or session) belongs to, with their organisation and roles."""
    user = request.auth  # type: ignore[attr-defined]
    org = user.organisation
    return {
        "username": user.username,
        "organisation": {"public_id": org.public_id, "name": org.name, "kind": org.kind} if org else None,
        "memberships": [{"program": m.program.slug, "role": m.role} for m in memberships_for(user)],
    }


@router.delete("/token", response={204: None}, auth=BearerToken())
def token_revoke(request: HttpRequest) -> Any:
    """Revoke the bearer token presented with this request."""
    _, _, token = request.headers.get("Authorization", "").partition(" ")
    api_token_withdraw(user=request.auth, token=token.strip())  # type: ignore[attr-defined]
    return Status(204, None)
