"""Importing facility lists through the services: real lists, duplicates, review decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.core.models import Event, TransparencyEntry
from wsr.core.permissions import Actor
from wsr.registry.importing.services import import_job_create, import_row_resolve
from wsr.registry.models import (
    Facility,
    ImportRow,
    ImportStatus,
    ProgramFacility,
    Resolution,
    RowOutcome,
    SourcingRelation,
)

LISTS = Path(__file__).resolve().parents[1] / "data" / "facility-lists"
LIST_FILES = sorted(LISTS.glob("*.csv"))
SYSTEM = Actor.system("import")


def _import(program, path: Path, brand=None):
    return import_job_create(
        actor=SYSTEM, program=program, data=path.read_bytes(), filename=path.name, brand=brand, run_now=True
    )


def _row(job, line: int) -> ImportRow:
    return ImportRow.objects.select_related("facility", "candidate").get(job=job, line=line)


def test_the_seven_real_lists_are_there():
    assert len(LIST_FILES) == 7


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.name)
def test_each_real_list_imports_and_every_rejected_row_has_a_reason(personas, path):
    job = _import(personas.program, path)

    assert job.status == ImportStatus.DONE
    assert job.total_rows == job.processed_rows > 0
    assert job.created_count + job.matched_count + job.review_count + job.rejected_count == job.total_rows
    rows = ImportRow.objects.filter(job=job)
    assert rows.count() == job.total_rows
    assert not rows.filter(outcome=RowOutcome.REJECTED, reason="").exists()
    assert not rows.filter(outcome__in=[RowOutcome.CREATED, RowOutcome.MATCHED], facility=None).exists()
    assert not rows.filter(outcome=RowOutcome.REVIEW, candidate=None).exists()
    linked = set(ProgramFacility.objects.filter(program=personas.program).values_list("facility_id", flat=True))
    assert set(rows.exclude(facility=None).values_list("facility_id", flat=True)) <= linked


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.name)
def test_importing_the_same_list_twice_creates_nothing_the_second_time(personas, path):
    first = _import(personas.program, path)
    facilities = Facility.objects.count()

    second = _import(personas.program, path)

    assert second.created_count == 0
    assert Facility.objects.count() == facilities
    assert second.matched_count == first.created_count + first.matched_count
    assert second.review_count == first.review_count


def test_all_seven_lists_merge_cross_list_duplicates(personas):
    jobs = {p.stem.removeprefix("brand-list-"): _import(personas.program, p) for p in LIST_FILES}

    def facility(ref: str) -> Facility:
        number, line = ref.split(":")
        row = _row(jobs[number], int(line))
        assert row.facility is not None, f"{ref} ({row.data['name']}) is {row.outcome}"
        return row.facility

    # The same facility in two lists under different spellings comes out as one facility.
    same = [
        ("6:30", "8:43"),  # GFSI - Lenexa (Commerce Pkwy): USA / United States
        ("6:34", "8:41"),  # GTM Sportwear
        ("6:31", "8:36"),  # GFSI Southwest S DE Rl DE CV / S. de R.L. de C.V.
        ("7:4", "8:8"),  # Jung Myung Textile Co. Ltd. / Jung Myung Textile (Shaowu) Co. Ltd.
        ("3:5", "7:8"),  # Regina Miracle Intimate Apparel (Shenzhen) Ltd. / (Shenzhen Ltd.)
        ("3:8", "8:20"),  # Industrias Merlet S. A. de C.V. / S.A. de C.V., accent-less address
        ("7:20", "8:37"),  # Centro Textile / Centro Textil S.A.
        ("2:31", "5:34"),  # TAIZHOU BAOLITE SHOES CO.,LTD / Taizhou Baolite Shoes Co. Ltd
        ("7:9", "8:21"),  # Confecciones Del Valle / Confecciones del Valle S.A. de C.V.
        ("2:3", "2:82"),  # QUANZHOU XINXING FOOTWEAR twice in one list, one with a stray "□"
        ("2:46", "2:56"),  # BAI NA SHOES INDUSTRY CO., LTD / CO.,LTD
    ]
    for a, b in same:
        assert facility(a) == facility(b), (a, b)
    # Same name and address, but the two lists' geocodes lie 20 km apart: offered to a person.
    jackbeanie = _row(jobs["8"], 14)
    assert jackbeanie.outcome == RowOutcome.REVIEW
    assert jackbeanie.candidate == facility("4:52")
    # Different facilities at one address or one industrial park stay apart.
    different = [
        ("4:38", "4:39"),  # Jeans Knit Unit 3 / Unit 4, Peenya Industrial Area
        ("4:61", "4:62"),
        ("4:61", "4:63"),  # Saitex 2 / 4 / 5, Amata Industrial Park
        ("5:24", "5:35"),  # AKH Fashions / AKH Shirts, Savar Dhaka 1340
        ("5:3", "5:64"),  # Pan Pacific sweaters / Kavery sweaters, Salna Bazar
        ("6:29", "6:37"),  # ES Textiles / ES Sock, Km 34 Carretera a San Juan Opico
        ("5:49", "5:50"),  # Gimmill Industrial / Gimmill Industrial (Gimmill B)
    ]
    for a, b in different:
        assert facility(a) != facility(b), (a, b)
    raw_rows = sum(job.total_rows for job in jobs.values())
    assert Facility.objects.filter(program_links__program=personas.program).count() < raw_rows
    # Doubtful pairs wait for a person: same name, street numbers differ.
    huai_an = _row(jobs["8"], 12)
    assert huai_an.outcome == RowOutcome.REVIEW
    assert huai_an.candidate == _row(jobs["4"], 32).facility


def test_an_import_writes_events_and_one_transparency_entry(personas):
    path = LISTS / "brand-list-3.csv"
    job = _import(personas.program, path)

    created = Event.objects.filter(verb="facility_created", program_public_id=personas.program.public_id)
    assert created.count() == job.created_count > 0
    assert Event.objects.filter(verb="import_finished", object_public_id=job.public_id).count() == 1
    entry = TransparencyEntry.objects.get(stream=personas.program.log_stream, kind="facility_list_imported")
    assert entry.payload["import"] == job.public_id
    assert entry.payload["created"] == job.created_count
    assert len(entry.payload["sha256"]) == 64
    assert "filename" not in entry.payload


def test_a_brand_list_records_sourcing(personas):
    brand = personas.brand_a.organisation
    job = _import(personas.program, LISTS / "brand-list-3.csv", brand=brand)

    facility_ids = set(ImportRow.objects.filter(job=job).exclude(facility=None).values_list("facility_id", flat=True))
    sourced = set(
        SourcingRelation.objects.filter(program=personas.program, brand=brand).values_list("facility_id", flat=True)
    )
    assert facility_ids and facility_ids <= sourced


def _csv(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("country,name,address\n" + body, encoding="utf-8")
    return path


def test_rows_within_one_file_merge(personas, tmp_path):
    path = _csv(
        tmp_path,
        "dupes.csv",
        'Vietnam,Saigon Stitchworks Co. Ltd.,"12 Tan Thuan Road, District 7, Ho Chi Minh City"\n'
        'VN,SAIGON STITCHWORKS COMPANY LIMITED,"12 Tan Thuan Rd, District 7, Ho Chi Minh City"\n',
    )
    job = _import(personas.program, path)

    assert (job.created_count, job.matched_count) == (1, 1)
    assert _row(job, 2).facility == _row(job, 3).facility


def _review_job(personas, tmp_path):
    _import(
        personas.program,
        _csv(
            tmp_path,
            "a.csv",
            'China,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No. 30 & 32 Yan Huang Avenue, Lian Shui Economic '
            'Development Zone, Jiang Su Province"\n',
        ),
    )
    return _import(
        personas.program,
        _csv(
            tmp_path,
            "b.csv",
            'CN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No.1 Yan Huang Avenue Lian Shui New Industrial '
            'Zone,Huai An,Jiangsu 223400. China"\n',
        ),
    )


def test_a_possible_match_waits_for_review(personas, tmp_path):
    job = _review_job(personas, tmp_path)

    row = _row(job, 2)
    assert row.outcome == RowOutcome.REVIEW
    assert row.facility is None and row.candidate is not None
    assert 0 < row.score < 100
    assert row.data["match"][0][0] == "name"  # the reasons, strongest first, for the review page
    assert Facility.objects.filter(name__startswith="Huai An").count() == 1


def test_confirming_a_possible_match_links_the_candidate(personas, tmp_path):
    job = _review_job(personas, tmp_path)
    admin = Actor(
        user=personas.council_admin, label="admin", grants={personas.program.pk: frozenset({"registry.review_matches"})}
    )

    row = import_row_resolve(actor=admin, job_public_id=job.public_id, line=2, decision="confirm")

    assert row.resolution == Resolution.CONFIRMED
    assert row.facility == row.candidate
    assert row.resolved_by == personas.council_admin
    assert Facility.objects.filter(name__startswith="Huai An").count() == 1
    event = Event.objects.get(verb="import_row_resolved", object_public_id=job.public_id)
    assert (event.before, event.after, event.data["line"]) == ("review", "confirmed", 2)


def test_rejecting_a_possible_match_creates_a_new_facility(personas, tmp_path):
    job = _review_job(personas, tmp_path)
    admin = Actor(
        user=personas.council_admin, label="admin", grants={personas.program.pk: frozenset({"registry.review_matches"})}
    )

    row = import_row_resolve(actor=admin, job_public_id=job.public_id, line=2, decision="new")

    assert row.resolution == Resolution.NEW
    assert row.facility is not None and row.facility != row.candidate
    assert Facility.objects.filter(name__startswith="Huai An").count() == 2
    assert ProgramFacility.objects.filter(program=personas.program, facility=row.facility).exists()
    assert Event.objects.filter(verb="facility_created", object_public_id=row.facility.public_id).exists()
    assert Event.objects.get(verb="import_row_resolved").after == "new"


def test_a_row_is_decided_only_once(personas, tmp_path):
    from wsr.core.errors import DomainError

    job = _review_job(personas, tmp_path)
    import_row_resolve(actor=SYSTEM, job_public_id=job.public_id, line=2, decision="confirm")

    with pytest.raises(DomainError):
        import_row_resolve(actor=SYSTEM, job_public_id=job.public_id, line=2, decision="new")
    assert Facility.objects.filter(name__startswith="Huai An").count() == 1
    assert Event.objects.filter(verb="import_row_resolved").count() == 1


def test_resolving_needs_the_review_capability(personas, tmp_path):
    from wsr.core.errors import CapabilityMissing

    job = _review_job(personas, tmp_path)
    brand = Actor(user=personas.brand_a, label="brand", grants={personas.program.pk: frozenset()})

    with pytest.raises(CapabilityMissing):
        import_row_resolve(actor=brand, job_public_id=job.public_id, line=2, decision="new")
    assert _row(job, 2).resolution == ""


def test_an_anonymous_actor_cannot_import(personas):
    from wsr.core.errors import CapabilityMissing

    facilities = Facility.objects.count()
    # Given no one signed in, when a list is sent to the import service, then it is refused
    with pytest.raises(CapabilityMissing):
        import_job_create(
            actor=Actor.anonymous(),
            program=personas.program,
            data=(LISTS / "brand-list-3.csv").read_bytes(),
            filename="brand-list-3.csv",
            run_now=True,
        )
    assert Facility.objects.count() == facilities
    assert not ImportRow.objects.exists()
    assert not Event.objects.filter(verb__in=["facility_created", "import_finished"]).exists()


def test_an_anonymous_actor_cannot_resolve_a_review(personas, tmp_path):
    from wsr.core.errors import CapabilityMissing

    job = _review_job(personas, tmp_path)

    with pytest.raises(CapabilityMissing):
        import_row_resolve(actor=Actor.anonymous(), job_public_id=job.public_id, line=2, decision="new")
    assert _row(job, 2).resolution == ""
    assert not Event.objects.filter(verb="import_row_resolved").exists()


def test_a_list_outside_the_program_is_refused_with_a_warning_until_confirmed(personas):
    from wsr.registry.importing.services import ImportOutOfScope

    # Given a US agriculture program and a person uploading Chinese footwear factories for a brand
    admin = actor_for_user(personas.council_admin)
    brand = personas.brand_a.organisation
    data = (LISTS / "brand-list-2.csv").read_bytes()
    facilities = Facility.objects.count()

    with pytest.raises(ImportOutOfScope) as caught:
        import_job_create(actor=admin, program=personas.program, data=data, filename="l.csv", brand=brand, run_now=True)

    # Then nothing is written and the warning says which countries and sectors are outside
    message = str(caught.value.message)
    assert "CN (" in message and "US" in message and "Apparel" in message
    assert caught.value.job.status == ImportStatus.FAILED
    assert Facility.objects.count() == facilities
    assert not SourcingRelation.objects.filter(brand=brand, facility__country="CN").exists()

    # When the person confirms, the list is imported and the event records how many rows were outside
    job = import_job_create(
        actor=admin,
        program=personas.program,
        data=data,
        filename="l.csv",
        brand=brand,
        run_now=True,
        accept_out_of_scope=True,
    )
    assert job.status == ImportStatus.DONE and job.created_count > 0
    finished = Event.objects.get(verb="import_finished", object_public_id=job.public_id)
    assert finished.data["outside_program"] == job.total_rows - job.rejected_count


def test_a_list_inside_the_program_needs_no_confirmation(personas, tmp_path):
    admin = actor_for_user(personas.council_admin)
    path = _csv(tmp_path, "farms.csv", "USA,Sunny Acres Farm,1 Farm Road Immokalee FL\n")

    job = import_job_create(
        actor=admin, program=personas.program, data=path.read_bytes(), filename="farms.csv", run_now=True
    )

    assert job.status == ImportStatus.DONE and job.created_count == 1
