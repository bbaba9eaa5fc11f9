"""The shape the code keeps: one workflow step, coded refusals, no hand-written page error handling
in the domains that moved to the helper. Source checks (no database)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

WSR = Path(settings.BASE_DIR) / "wsr"
CODED_DOMAINS = {
    "agreements": "AgreementErrorCode",
    "standards": "StandardsErrorCode",
    "audits": "AuditErrorCode",
    "education": "EducationErrorCode",
}


def _python(*parts: str) -> list[Path]:
    return [p for p in WSR.joinpath(*parts).rglob("*.py") if "migrations" not in p.parts]


def test_one_workflow_step_no_per_domain_variants():
    pattern = re.compile(r"^\s*def _?(move|touch)\(", re.M)
    found = sorted(str(p.relative_to(WSR.parent)) for p in _python() if pattern.search(p.read_text(encoding="utf-8")))
    assert found == [], found
    assert "def workflow_step(" in (WSR / "core" / "workflow.py").read_text(encoding="utf-8")


def test_complaints_change_a_case_only_through_the_workflow_step():
    """No hand-written UPDATE of a case's workflow fields left in complaints (the one guarded
    write is ``wsr.core.workflow``); the case services call the step."""
    state = re.compile(r"\.update\((?:[^()]|\([^()]*\))*\b(status|awaiting_complainant|updated_at)=", re.S)
    found = [
        str(p.relative_to(WSR.parent)) for p in _python("complaints") if state.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert "workflow_step(" in (WSR / "complaints" / "services" / "workflow.py").read_text(encoding="utf-8")


def test_every_refusal_of_the_moved_domains_carries_its_domain_code():
    uncoded = []
    for domain, enum in CODED_DOMAINS.items():
        for path in _python(domain):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                    continue
                if getattr(node.exc.func, "id", "") != "DomainError":
                    continue
                code = next((k.value for k in node.exc.keywords if k.arg == "code"), None)
                ok = code is not None and ast.unparse(code).startswith((f"{enum}.", f"{enum}("))
                # transitions keep plain strings (no import of the enum needed): values are checked below
                if not ok and not (path.name == "transitions.py" and isinstance(code, ast.Constant)):
                    uncoded.append(f"{path.relative_to(WSR.parent)}:{node.lineno}")
    assert uncoded == []


def test_codes_raised_by_transitions_are_in_their_domain_enum():
    import importlib

    for domain, enum_name in CODED_DOMAINS.items():
        enum = getattr(importlib.import_module(f"wsr.{domain}.errors"), enum_name)
        source = (WSR / domain / "transitions.py").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
                assert node.value.value in enum._value2member_map_, (domain, node.value.value)


def test_views_of_the_moved_domains_use_the_view_helper():
    pattern = re.compile(r"except DomainError")
    for domain in CODED_DOMAINS:
        for path in _python(domain):
            if "views" in path.parts or path.name == "views.py":
                assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_every_refusal_in_complaints_carries_a_complaint_error_code():
    """Each ``raise DomainError(...)`` in complaints names its code: a ``ComplaintErrorCode`` member,
    or a literal that is one of its values (intake, SMS and the status look-up still spell them as
    strings)."""
    from wsr.complaints.errors import ComplaintErrorCode

    wrong = []
    for path in _python("complaints"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if getattr(node.exc.func, "id", "") != "DomainError":
                continue
            code = next((k.value for k in node.exc.keywords if k.arg == "code"), None)
            text = ast.unparse(code) if code is not None else ""
            member = text.startswith(("ComplaintErrorCode.", "ComplaintErrorCode("))
            literal = isinstance(code, ast.Constant) and code.value in ComplaintErrorCode._value2member_map_
            if not (member or literal or text == "code"):  # ``code=code``: a helper passing its caller's
                wrong.append(f"{path.relative_to(WSR.parent)}:{node.lineno} {text}")
    assert wrong == []


def test_complaints_and_registry_pages_use_the_view_helper():
    for path in (WSR / "complaints" / "views.py", WSR / "registry" / "views.py"):
        assert "except DomainError" not in path.read_text(encoding="utf-8"), path
