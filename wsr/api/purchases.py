"""Purchases API (issue 11). Thin: parse, authorise, call one service or selector."""

from __future__ import annotations

from ninja import Router

from wsr.api.security import bearer_or_session

router = Router(auth=bearer_or_session())
