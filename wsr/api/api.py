"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json). Routers stay thin: parse,
authorise, call one service or selector."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from wsr.api.agreements import router as agreements_router
from wsr.api.audits import router as audits_router
from wsr.api.auth import router as auth_router
from wsr.api.complaints import router as complaints_router
from wsr.api.education import router as education_router
from wsr.api.intake import router as intake_router
from wsr.api.ledger import router as ledger_router
from wsr.api.programs import router as programs_router
from wsr.api.public_disclosure import router as public_disclosure_router
from wsr.api.public_log import router as public_log_router
from wsr.api.purchases import router as purchases_router
from wsr.api.registry import router as registry_router
from wsr.api.standards import router as standards_router
from wsr.api.standing import router as standing_router
from wsr.core.errors import CapabilityMissing, ConcurrentChange, DomainError, NotFound, Throttled

api = NinjaAPI(
    title="WSR platform API",
    version="1",
    description="Programs, registry and (as they land) complaints, audits, standing and the premium ledger.",
    urls_namespace="api",
)
api.add_router("/auth", auth_router, tags=["auth"])
api.add_router("/programs", programs_router, tags=["programs"])
api.add_router("/registry", registry_router, tags=["registry"])
# Public Code of Conduct endpoints live under /public/programs/{program}/code.
api.add_router("/public", standards_router, tags=["standards"])
# The verifiable transparency log: /public/log/key, /public/programs/{program}/log/{head,entries,proof/...}
api.add_router("/public", public_log_router, tags=["transparency log"])
# Public facility search and facts: /public/facilities, /public/facilities/{facility}
api.add_router("/public", public_disclosure_router, tags=["public facilities"])
api.add_router("/agreements", agreements_router, tags=["agreements"])
# Worker-facing complaint intake and case follow-up (no login): /intake/complaints, /intake/status, /intake/sms
api.add_router("/intake", intake_router, tags=["intake"])
api.add_router("/complaints", complaints_router, tags=["complaints"])
api.add_router("/audits", audits_router, tags=["audits"])
api.add_router("/education", education_router, tags=["education"])
# Supplier standing: /programs/{program}/eligible-suppliers, /standing/notices[/{notice}/acknowledge]
api.add_router("/", standing_router, tags=["standing"])
# Purchase reports: /programs/{program}/purchases (issue 11)
api.add_router("/", purchases_router, tags=["purchases"])
# Premium ledger: payments, distributions, reconciliation (issue 11)
api.add_router("/", ledger_router, tags=["ledger"])


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(CapabilityMissing)
def _forbidden(request: HttpRequest, exc: CapabilityMissing) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=403)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=404)


@api.exception_handler(Http404)
def _http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found.", "code": "not_found"}, status=404)


@api.exception_handler(ConcurrentChange)
def _conflict(request: HttpRequest, exc: ConcurrentChange) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=409)


@api.exception_handler(DomainError)
def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=400)
