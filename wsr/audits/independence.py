"""The auditor independence rule, as pure data in and reasons out (no Django; tested without a DB).

An auditor is refused for an audit of a facility when
- the auditor's organisation has a commercial tie to a brand that sources from the facility, and
  the tie is current on the audit date or ended within the cooling-off period; or
- the auditor audited the same facility for a brand (an audit that brand commissioned) within the
  cooling-off period before the audit date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wsr.audits.transitions import months_before


@dataclass(frozen=True)
class Tie:
    brand_id: int
    brand_name: str
    since: dt.date
    until: dt.date | None


@dataclass(frozen=True)
class PriorAudit:
    public_id: str
    brand_id: int
    brand_name: str
    on: dt.date


@dataclass(frozen=True)
class Conflict:
    code: str  # "commercial_tie" | "cooling_off"
    brand_id: int
    detail: str  # plain English for the event log; pages translate from ``code``


def independence_conflicts(
    *,
    audit_on: dt.date,
    sourcing_brand_ids: set[int],
    ties: list[Tie],
    prior_audits: list[PriorAudit],
    cooling_off_months: int,
) -> list[Conflict]:
    horizon = months_before(audit_on, cooling_off_months)
    conflicts: list[Conflict] = []
    for tie in ties:
        if tie.brand_id not in sourcing_brand_ids or tie.since > audit_on:
            continue
        if tie.until is None or tie.until >= horizon:
            ended = f", ended {tie.until.isoformat()}" if tie.until else ""
            conflicts.append(
                Conflict(
                    "commercial_tie",
                    tie.brand_id,
                    f"the auditor's organisation has a commercial tie to {tie.brand_name}, which sources from this "
                    f"facility (since {tie.since.isoformat()}{ended})",
                )
            )
    for prior in prior_audits:
        if horizon <= prior.on <= audit_on:
            conflicts.append(
                Conflict(
                    "cooling_off",
                    prior.brand_id,
                    f"the auditor audited this facility for {prior.brand_name} on {prior.on.isoformat()}, within "
                    f"the {cooling_off_months}-month cooling-off period",
                )
            )
    return conflicts
