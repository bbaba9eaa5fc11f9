"""The worker who reports danger now is told what to do now, in their language, with the
program's emergency number; the garment program's workers choose fire, electrical or structural."""

from __future__ import annotations

import pytest

from tests.complaints.test_worker_report import Worker
from wsr.alerts.models import DangerAlert
from wsr.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _report(worker: Worker, facility: str, category: str, danger: str) -> str:
    worker.start()
    worker.post({"action": "next", "facility": facility, "facility_name": ""})
    worker.post({"action": "next", "category": category})
    worker.post({"action": "next", "description": "The exit door is locked with a chain.", "danger": danger})
    worker.post({"action": "next", "privacy": "anonymous"})
    return worker.post({"action": "send"})


@pytest.mark.parametrize(("program", "lang"), [("program", "es"), ("program", "ht"), ("other_program", "bn")])
def test_a_worker_in_danger_is_told_to_leave_and_given_the_emergency_number(personas, program, lang):
    prog = getattr(personas, program)
    prog.emergency_phone = "+880 9612 000111"
    prog.save()
    facility = personas.facility_x if program == "program" else personas.facility_elsewhere

    page = _report(Worker(prog.slug, lang), facility.public_id, "health_safety", "yes")

    assert f'<html lang="{lang}"' in page
    assert 'data-testid="danger-now"' in page
    assert 'href="tel:+880 9612 000111"' in page
    assert page.index('data-testid="danger-now"') < page.index('data-testid="case-code"')  # what to do first
    complaint = Complaint.objects.get()
    assert complaint.imminent_danger
    assert DangerAlert.objects.get().complaint == complaint


def test_without_danger_the_worker_gets_the_usual_page(personas):
    page = _report(Worker(personas.program.slug, "en"), personas.facility_x.public_id, "health_safety", "no")
    assert 'data-testid="danger-now"' not in page
    assert "Come back in a few days" in page
    assert not DangerAlert.objects.exists()


def test_the_garment_program_offers_fire_electrical_and_structural_topics(personas):
    garment, farm = personas.other_program, personas.program
    worker = Worker(garment.slug, "bn")
    worker.start()
    topics = worker.post({"action": "next", "facility": personas.facility_elsewhere.public_id, "facility_name": ""})
    for slug in ("fire", "electrical", "structural"):
        assert f'value="{slug}"' in topics

    farm_worker = Worker(farm.slug, "en")
    farm_worker.start()
    farm_topics = farm_worker.post({"action": "next", "facility": personas.facility_x.public_id, "facility_name": ""})
    assert 'value="fire"' not in farm_topics
    refused = farm_worker.post({"action": "next", "category": "fire"})
    assert farm_worker.status == 400 and 'value="wages_hours"' in refused


def test_a_fire_report_in_the_garment_program_is_health_and_safety_with_its_hazard(personas):
    page = _report(Worker(personas.other_program.slug, "bn"), personas.facility_elsewhere.public_id, "fire", "yes")
    assert 'data-testid="danger-now"' in page
    complaint = Complaint.objects.get()
    assert (complaint.category, complaint.hazard) == ("health_safety", "fire")
    alert = DangerAlert.objects.get()
    assert (alert.hazard, alert.facility) == ("fire", personas.facility_elsewhere)


def test_the_danger_page_fits_the_30_kb_budget_with_its_css(personas):
    from pathlib import Path

    from django.conf import settings

    css = sum(
        len((Path(settings.BASE_DIR) / "static/css" / name).read_bytes())
        for name in ("site.css", "worker.css", "worker-danger.css")
    )
    personas.program.emergency_phone = "+1 239 555 0199"
    personas.program.save()
    worker = Worker(personas.program.slug, "es")
    page = _report(worker, personas.facility_x.public_id, "health_safety", "yes")
    assert 'data-testid="danger-now"' in page
    assert len(page.encode()) + css <= 30 * 1024
