"""Undoing an import as a whole, while nothing else refers to the facilities it created."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, TransparencyEntry
from wsr.core.permissions import Actor
from wsr.registry.importing.services import import_job_create
from wsr.registry.importing.undo import import_job_undo
from wsr.registry.models import Facility, ImportRow, ImportStatus, ProgramFacility, SourcingRelation

SYSTEM = Actor.system("import")
LIST = (
    "country,name,address\n"
    "USA,Sunny Acres Farm,1 Farm Road Immokalee FL\n"
    "USA,Green Valley Farm,9 Valley Road Naples FL\n"
)


def _import(program, tmp_path: Path, body: str = LIST, name: str = "farms.csv", brand=None):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return import_job_create(
        actor=SYSTEM, program=program, data=path.read_bytes(), filename=name, brand=brand, run_now=True
    )


def test_undoing_an_import_removes_its_facilities_links_and_sourcing(personas, tmp_path):
    brand = personas.brand_a.organisation
    job = _import(personas.program, tmp_path, brand=brand)
    created = list(ImportRow.objects.filter(job=job).values_list("facility__public_id", flat=True))
    assert len(created) == 2

    import_job_undo(actor=SYSTEM, program=personas.program, job_public_id=job.public_id)

    job.refresh_from_db()
    assert job.status == ImportStatus.UNDONE
    assert not Facility.objects.filter(public_id__in=created).exists()
    assert not ProgramFacility.objects.filter(facility__public_id__in=created).exists()
    assert not SourcingRelation.objects.filter(brand=brand, facility__public_id__in=created).exists()
    undone = Event.objects.get(verb="import_undone", object_public_id=job.public_id)
    assert (undone.before, undone.after) == ("done", "undone")
    assert sorted(undone.data["facilities"]) == sorted(created)
    assert Event.objects.filter(verb="facility_removed", object_public_id__in=created).count() == 2
    entry = TransparencyEntry.objects.get(stream=personas.program.log_stream, kind="facility_list_import_undone")
    assert entry.payload == {"import": job.public_id, "facilities_removed": 2}


def test_an_import_is_not_undone_while_a_later_import_refers_to_its_facilities(personas, tmp_path):
    first = _import(personas.program, tmp_path)
    later = _import(personas.program, tmp_path, name="again.csv")
    assert later.matched_count == 2

    with pytest.raises(DomainError) as caught:
        import_job_undo(actor=SYSTEM, program=personas.program, job_public_id=first.public_id)

    assert "again.csv" in str(caught.value.message)
    first.refresh_from_db()
    assert first.status == ImportStatus.DONE
    assert Facility.objects.filter(name="Sunny Acres Farm").exists()
    assert not Event.objects.filter(verb="import_undone").exists()


def test_an_import_is_not_undone_while_another_program_covers_its_facilities(personas, tmp_path):
    job = _import(personas.program, tmp_path)
    facility = Facility.objects.get(name="Green Valley Farm")
    ProgramFacility.objects.create(program=personas.other_program, facility=facility, since="2026-01-01")

    with pytest.raises(DomainError) as caught:
        import_job_undo(actor=SYSTEM, program=personas.program, job_public_id=job.public_id)

    assert personas.other_program.name in str(caught.value.message)
    assert Facility.objects.filter(name="Sunny Acres Farm").exists()


def test_an_import_is_undone_once(personas, tmp_path):
    job = _import(personas.program, tmp_path)
    import_job_undo(actor=SYSTEM, program=personas.program, job_public_id=job.public_id)

    with pytest.raises(DomainError):
        import_job_undo(actor=SYSTEM, program=personas.program, job_public_id=job.public_id)
    assert Event.objects.filter(verb="import_undone").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "brand"])
def test_undoing_needs_the_import_capability(personas, tmp_path, who):
    job = _import(personas.program, tmp_path)
    actor = (
        Actor.anonymous()
        if who == "anonymous"
        else Actor(user=personas.brand_a, label="brand", grants={personas.program.pk: frozenset()})
    )

    with pytest.raises(CapabilityMissing):
        import_job_undo(actor=actor, program=personas.program, job_public_id=job.public_id)
    assert Facility.objects.filter(name="Sunny Acres Farm").exists()


def test_the_import_page_undoes_or_says_why_not(personas, tmp_path):
    first = _import(personas.program, tmp_path)
    _import(personas.program, tmp_path, name="again.csv")
    client = login(Client(), personas.council_admin)
    url = reverse("registry:import_undo", args=["fair-harvest", first.public_id])

    refused = client.post(url, follow=True)

    assert refused.status_code == 200
    assert "cannot be undone" in refused.content.decode()
    first.refresh_from_db()
    assert first.status == ImportStatus.DONE

    other = _import(personas.program, tmp_path, body="country,name,address\nUSA,Lone Pine Farm,3 Pine Road\n")
    detail = client.get(reverse("registry:import_detail", args=["fair-harvest", other.public_id])).content.decode()
    assert reverse("registry:import_undo", args=["fair-harvest", other.public_id]) in detail
    done = client.post(reverse("registry:import_undo", args=["fair-harvest", other.public_id]), follow=True)
    assert "was undone" in done.content.decode()
    assert not Facility.objects.filter(name="Lone Pine Farm").exists()
