"""What a program's rule parameters may be: the one check behind the rules page and the API.

Every rule has a type and a range the rest of the platform relies on (an SLA target of 0 hours
would divide by zero on the complaint queue; a 500 % interview norm can never be met). A change
is checked here as a whole, field by field, before anything is stored or published; a refusal
names each wrong field with its own message (``RulesInvalid.errors``). Values are taken exactly
as given: ``1.5`` days is refused, never rounded to 1, so the stored value is always the one the
event records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wsr.core.errors import DomainError
from wsr.programs.errors import ProgramErrorCode
from wsr.programs.models import RULE_FIELDS, PremiumKind


class RulesInvalid(DomainError):
    """A rule change refused; ``errors`` maps each wrong field (or ``reason``) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(
            " ".join(f"{name}: {message}" for name, message in errors.items()), code=ProgramErrorCode.INVALID_RULES
        )
        self.errors = errors


@dataclass(frozen=True)
class WholeNumber:
    minimum: int
    maximum: int

    def check(self, value: Any) -> int:
        # bool is an int in Python; JSON true must not become 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("Enter a whole number from %(min)s to %(max)s.") % self._range())
        if not self.minimum <= value <= self.maximum:
            raise ValueError(_("Enter a whole number from %(min)s to %(max)s.") % self._range())
        return value

    def _range(self) -> dict[str, int]:
        return {"min": self.minimum, "max": self.maximum}


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.values:
            raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(self.values)})
        return value


@dataclass(frozen=True)
class ShortText:
    max_length: int

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(_("Enter a short text (at most %(max)s characters).") % {"max": self.max_length})
        value = value.strip()
        if len(value) > self.max_length or not value.isprintable():
            raise ValueError(_("Enter a short text (at most %(max)s characters).") % {"max": self.max_length})
        return value


@dataclass(frozen=True)
class PhoneNumber:
    """A phone number people can dial (digits, spaces, + ( ) . / -), or empty for none."""

    max_length: int

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(_("Write the phone number with digits only, like +880 9612 000000."))
        value = value.strip()
        if len(value) > self.max_length or (value and not _PHONE.match(value)):
            raise ValueError(_("Write the phone number with digits only, like +880 9612 000000."))
        return value


_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,28}[0-9]$")

Rule = WholeNumber | Choice | ShortText | PhoneNumber

DAYS = WholeNumber(1, 3650)
RULES: dict[str, Rule] = {
    "suspension_minimum_days": DAYS,
    # Hours to acknowledge a complaint: at least one, at most a month.
    "sla_ack_hours_severe": WholeNumber(1, 720),
    "sla_ack_hours_standard": WholeNumber(1, 720),
    "sla_investigate_days_severe": WholeNumber(1, 365),
    "sla_investigate_days_standard": WholeNumber(1, 365),
    "sla_resolve_days": WholeNumber(1, 365),
    "sla_interim_update_days": WholeNumber(1, 365),
    "escalation_stage1_days": DAYS,
    "escalation_stage2_days": DAYS,
    "escalation_stage3_days": DAYS,
    # 0: a confirmed zero-tolerance violation suspends at once; N: an immediate remedy may be
    # recorded instead within N hours (at most a week).
    "zero_tolerance_remedy_hours": WholeNumber(0, 168),
    "notice_response_days": WholeNumber(1, 365),
    "objection_answer_days": WholeNumber(1, 365),
    "premium_kind": Choice(tuple(PremiumKind.values)),
    # Minor units per unit bought: up to 10,000.00 in a two-decimal currency.
    "premium_minor_per_unit": WholeNumber(0, 1_000_000),
    "premium_unit": ShortText(32),
    "premium_basis_points": WholeNumber(0, 10_000),
    "interview_norm_percent": WholeNumber(1, 100),
    "education_sessions_per_season": WholeNumber(0, 52),
    "danger_realert_minutes": WholeNumber(1, 1440),
    "emergency_phone": PhoneNumber(32),
    "premium_payment_days": WholeNumber(1, 365),
    "distribution_max_pay_periods": WholeNumber(1, 52),
    "admin_share_max_basis_points": WholeNumber(0, 10_000),
    "cut_and_run_drop_percent": WholeNumber(1, 100),
    "cut_and_run_window_days": WholeNumber(1, 730),
}
assert set(RULES) == set(RULE_FIELDS), "every rule parameter has its check"


def program_rules_check(*, current: Mapping[str, Any], changes: Mapping[str, Any], reason: str) -> dict[str, Any]:
    """The changes, checked and normalised (text stripped), or ``RulesInvalid`` naming every wrong
    field. ``current`` is the program's rules now (for checks across fields)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        rule = RULES.get(name)
        if rule is None:
            errors[str(name)[:60]] = _("Not a rule parameter.")
            continue
        try:
            clean[name] = rule.check(value)
        except ValueError as exc:
            errors[name] = str(exc)
    if not isinstance(reason, str) or not reason.strip():
        errors["reason"] = _("Say why the rules change: the reason is kept in the history.")
    if not errors:
        kind = clean.get("premium_kind", current.get("premium_kind"))
        basis_points = clean.get("premium_basis_points", current.get("premium_basis_points", 0))
        if kind == PremiumKind.PERCENT and basis_points <= 0:
            errors["premium_basis_points"] = _("A percentage premium needs a rate above 0 basis points.")
    if errors:
        raise RulesInvalid(errors)
    return clean
