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


# Domains whose refusals carry a code of their own enum; their pages keep their own error handling
# for now, so they are not in CODED_DOMAINS (whose views must use the helper).
ENUM_CODED_DOMAINS = {
    "registry": "RegistryErrorCode",
    "programs": "ProgramErrorCode",
    "accounts": "AccountErrorCode",
    "standing": "StandingErrorCode",
    "core": "CoreErrorCode",
}


def _refusal_classes(trees: list[ast.Module]) -> tuple[set[str], set[str]]:
    """The domain's subclasses of ``DomainError`` and those of them whose ``__init__`` passes a code."""
    classes: dict[str, ast.ClassDef] = {}
    for tree in trees:
        classes.update({n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)})
    refusals: set[str] = set()
    coded: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, node in classes.items():
            bases = {getattr(b, "id", "") for b in node.bases}
            if name not in refusals and bases & (refusals | {"DomainError"}):
                refusals.add(name)
                changed = True
            passes_code = any(
                isinstance(c, ast.Call) and any(k.arg == "code" for k in c.keywords)
                for c in ast.walk(node)
                if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "__init__"
            )
            if name in refusals and name not in coded and (passes_code or bases & coded):
                coded.add(name)
                changed = True
    return refusals, coded


def test_every_refusal_of_the_other_domains_carries_its_domain_code():
    """Each refusal raised in registry, programs, accounts, standing and core names a member of its
    domain's enum: ``raise DomainError(...)`` always passes ``code=<Enum>.<MEMBER>``; a subclass
    either passes one or has an ``__init__`` that does; a code written anywhere (``code=...`` or a
    ``code`` parameter's default) is a member of the enum (transitions may use a module constant
    bound to a member)."""
    wrong = []
    for domain, enum in ENUM_CODED_DOMAINS.items():
        paths = _python(domain)
        trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
        refusals, coded = _refusal_classes(list(trees.values()))
        if domain == "core":
            refusals |= {"TransitionNotAllowed", "CapabilityMissing", "ConcurrentChange", "Throttled"}
            coded |= {"TransitionNotAllowed", "CapabilityMissing", "ConcurrentChange", "Throttled"}

        for path, tree in trees.items():
            aliases = {
                t.id
                for n in tree.body
                if isinstance(n, ast.Assign) and ast.unparse(n.value).startswith(f"{enum}.")
                for t in n.targets
                if isinstance(t, ast.Name)
            }

            def is_member(value: ast.expr) -> bool:
                return ast.unparse(value).startswith((f"{enum}.", f"{enum}(")) or (  # noqa: B023
                    isinstance(value, ast.Name) and value.id in aliases  # noqa: B023
                )

            where = f"{path.relative_to(WSR.parent)}"
            for node in ast.walk(tree):
                if isinstance(node, ast.arguments):
                    args = node.posonlyargs + node.args
                    pairs = list(zip(args[len(args) - len(node.defaults) :], node.defaults, strict=True))
                    pairs += [(a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True) if d is not None]
                    wrong += [f"{where}:{d.lineno} default" for a, d in pairs if a.arg == "code" and not is_member(d)]
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "__init__":
                    passed = next((k.value for k in node.keywords if k.arg == "code"), None)
                    if passed is not None and not (is_member(passed) or ast.unparse(passed) == "code"):
                        wrong.append(f"{where}:{node.lineno} {ast.unparse(passed)}")
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                    continue
                name = getattr(node.exc.func, "id", "")
                if name != "DomainError" and name not in refusals:
                    continue
                code = next((k.value for k in node.exc.keywords if k.arg == "code"), None)
                if code is None and name in coded:
                    continue
                if code is None or not is_member(code):
                    wrong.append(f"{where}:{node.lineno} {ast.unparse(code) if code is not None else ''}")
    assert wrong == []


def test_the_domain_error_enums_have_distinct_snake_case_values():
    import importlib

    for domain, enum_name in ENUM_CODED_DOMAINS.items():
        enum = getattr(importlib.import_module(f"wsr.{domain}.errors"), enum_name)
        values = [member.value for member in enum]
        assert len(values) == len(set(values)), domain
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in values), domain


def test_complaints_and_registry_pages_use_the_view_helper():
    for path in (WSR / "complaints" / "views.py", WSR / "registry" / "views.py"):
        assert "except DomainError" not in path.read_text(encoding="utf-8"), path
