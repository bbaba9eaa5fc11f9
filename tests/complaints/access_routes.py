"""Access-matrix rows for this domain's pages and endpoints (joined by tests/test_access_matrix.py).

Staff rows (cmpA) first: the placeholder cases are a fair-harvest case assigned to the
investigator with one evidence file and a pending disclosure request, and an unassigned GBVH case
(which exists for nobody until investigators are named on it).
"""

from __future__ import annotations

from typing import Any

from tests.access import expect, only

INVESTIGATORS = ("council_admin", "investigator")
OPERATORS = ("council_admin", "investigator", "auditor", "worker_org_staff")
CASE = "/complaints/{program}/cases/{cmp}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/complaints/{program}/", only(INVESTIGATORS, others=403)),
    ("GET", "/complaints/{program}/?status=received&mine=on&overdue=on", only(INVESTIGATORS, others=403)),
    ("GET", "/complaints/{other_program}/", expect(404, public=302)),
    ("GET", "/complaints/{program}/new/", only(OPERATORS, others=403)),
    ("POST", "/complaints/{program}/new/", only(OPERATORS, others=403)),  # empty form: errors (200)
    ("GET", "/complaints/{other_program}/new/", expect(404, public=302)),
    ("GET", "/complaints/{program}/statistics/", only((*INVESTIGATORS, "worker_org_staff"), others=403)),
    ("GET", "/complaints/{other_program}/statistics/", expect(404, public=302)),
    ("GET", CASE + "/", only(INVESTIGATORS, others=403)),
    ("GET", "/complaints/{other_program}/cases/{cmp}/", expect(404, public=302)),
    ("GET", "/complaints/{program}/cases/{cmp_gbvh}/", expect(404, public=302)),
    ("POST", CASE + "/act/acknowledge/", only(INVESTIGATORS, others=403, ok=302)),
    ("POST", CASE + "/act/note/", only(INVESTIGATORS, others=403)),  # empty: errors (200)
    ("POST", CASE + "/act/message/", only(INVESTIGATORS, others=403)),
    ("POST", CASE + "/act/no-such-action/", only(INVESTIGATORS, others=403, ok=404)),
    ("GET", CASE + "/act/acknowledge/", expect(405, public=302)),  # actions are POST only
    ("POST", "/complaints/{program}/cases/{cmp_gbvh}/act/acknowledge/", expect(404, public=302)),
    ("GET", CASE + "/assign/", only(("council_admin",), others=403)),
    ("POST", CASE + "/assign/", only(("council_admin",), others=403)),  # empty: errors (200)
    ("GET", "/complaints/{program}/cases/{cmp_gbvh}/assign/", only(("council_admin",), others=403)),
    ("POST", CASE + "/identity/", only(INVESTIGATORS, others=403, ok=302)),  # not disclosed: back to the case
    ("GET", CASE + "/evidence/{evd}/", only(INVESTIGATORS, others=403, council_admin=302)),  # assigned only
    ("POST", "/complaints/{program}/disclosures/{dsr}/decide/", only(INVESTIGATORS, others=403, ok=302)),
    ("POST", "/complaints/{program}/assignments/{asp}/decide/", only(INVESTIGATORS, others=403, ok=302)),
    ("GET", "/api/v1/complaints/queue?program={program}", only(INVESTIGATORS, others=403, public=401)),
    ("GET", "/api/v1/complaints/queue?program={other_program}", expect(404, public=401)),
    ("GET", "/api/v1/complaints/cases/{cmp}", only(INVESTIGATORS, others=403, public=401)),
    ("GET", "/api/v1/complaints/cases/{cmp_gbvh}", expect(404, public=401)),
]
BODIES: dict[tuple[str, str], Any] = {}


def placeholders(personas: Any) -> dict[str, str]:
    from tests.complaints.staff_helpers import actor, file_case
    from wsr.complaints import services

    complaint = file_case(personas).complaint
    services.complaint_assign(
        actor=actor(personas.council_admin), complaint=complaint, investigators=[personas.investigator]
    )
    evidence = services.complaint_evidence_add(
        actor=actor(personas.investigator), complaint=complaint, filename="a.pdf", content=b"%PDF-1.4 matrix"
    )
    request = services.complaint_disclosure_request(
        actor=actor(personas.investigator), complaint=complaint, reason="matrix"
    )
    gbvh = file_case(personas, category="sexual_harassment").complaint
    proposed = file_case(personas, category="sexual_harassment").complaint
    proposal = services.complaint_assignment_propose(
        actor=actor(personas.council_admin), complaint=proposed, investigators=[personas.investigator]
    )
    return {
        "cmp": complaint.public_id,
        "cmp_gbvh": gbvh.public_id,
        "evd": evidence.public_id,
        "dsr": request.public_id,
        "asp": proposal.public_id,
    }


# --- worker channels (cmpB): the worker's pages and endpoints, no login: the same for everyone ---
from tests.access import expect  # noqa: E402

_WRONG_PAIR = {"case_code": "1234-5678-9012-3456-7", "secret": "AAAA-BBBB-CCCC"}
ROUTES += [
    ("GET", "/report/{program}/", expect(200)),
    ("GET", "/report/{other_program}/", expect(200)),
    ("POST", "/report/{program}/", expect(200)),  # "Start": the first question
    ("GET", "/report/no-such-program/", expect(404)),
    ("GET", "/report/status/", expect(200)),
    ("POST", "/report/status/", expect(400)),  # an empty form: both fields are asked for
    ("POST", "/report/status/reply/", expect(400)),
    ("POST", "/report/status/secret/", expect(400)),
    ("POST", "/api/v1/intake/complaints", expect(201)),
    ("POST", "/api/v1/intake/status", expect(403)),  # a wrong pair
    ("POST", "/api/v1/intake/messages", expect(403)),
    ("POST", "/api/v1/intake/secret", expect(403)),
    ("POST", "/api/v1/intake/sms", expect(401)),  # not signed by a gateway
]
BODIES.update(
    {
        ("POST", "/api/v1/intake/complaints"): {
            "program": "fair-harvest",
            "facility": None,
            "facility_name": "Rancho Sol",
            "category": "wages_hours",
            "description": "Access matrix report.",
            "language": "en",
            "anonymous": True,
        },
        ("POST", "/api/v1/intake/status"): _WRONG_PAIR,
        ("POST", "/api/v1/intake/messages"): {**_WRONG_PAIR, "text": "hello"},
        ("POST", "/api/v1/intake/secret"): _WRONG_PAIR,
        ("POST", "/api/v1/intake/sms"): {
            "from": "+15550104242",
            "to": "+15550001111",
            "text": "hi",
            "time": "2030-05-01T10:00:00Z",
            "id": "matrix-1",
        },
    }
)
