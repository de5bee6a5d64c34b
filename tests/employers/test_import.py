import pytest
from django.urls import reverse

from employers.models import Employer, ImportJob
from employers.services import employer_import_start

from .factories import EmployerFactory, valid_orgnr

pytestmark = pytest.mark.django_db

HEADER = "orgnr;navn;kommunenummer;sektor;størrelse\n"


def _file(rows: int, *, bad_row: int | None = None) -> str:
    lines = []
    for i in range(rows):
        orgnr = valid_orgnr()
        if i == bad_row:
            orgnr = orgnr[:8] + str((int(orgnr[8]) + 1) % 10)  # wrong check digit
        lines.append(f"{orgnr};Bedrift {i} AS;3403;privat;5-19")
    return HEADER + "\n".join(lines) + "\n"


def test_500_rows_with_one_bad_imports_nothing_and_names_the_row(
    radgiver, django_capture_on_commit_callbacks
):
    content = _file(500, bad_row=249)
    with django_capture_on_commit_callbacks(execute=True):
        job = employer_import_start(by=radgiver, filename="liste.csv", content=content)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Employer.objects.count() == 0
    assert [e["row"] for e in job.errors] == [251]  # header is row 1
    assert "kontrollsifferet" in job.errors[0]["messages"][0]
    assert job.processed_rows == job.total_rows == 500


def test_good_500_row_file_imports_all_in_background(
    radgiver, client_for, django_capture_on_commit_callbacks
):
    client = client_for(radgiver)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", _file(500).encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employers:import_create"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("employers:import_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.created_count == 500
    assert Employer.objects.count() == 500
    assert Employer.objects.filter(county__code="34").count() == 500
    # The importing adviser is their primary NAV contact, as when registering one employer.
    assert Employer.objects.filter(primary_contact=radgiver).count() == 500
    page = client.get(response.url)
    assert "500 arbeidsgivere er importert" in page.content.decode()


def test_progress_fragment_polls_while_running(radgiver, client_for):
    job = ImportJob.objects.create(
        created_by=radgiver, filename="x.csv", content=_file(300), total_rows=300, processed_rows=100
    )
    response = client_for(radgiver).get(
        reverse("employers:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html and "Sjekker rad 100 av 300" in html
    assert "<html" not in html


def test_row_errors_required_duplicates_and_municipality(radgiver):
    existing = EmployerFactory()
    dup = valid_orgnr()
    content = HEADER + "\n".join(
        [
            f"{existing.orgnr};Finnes AS;3403;;",
            f"{dup};En AS;3403;;",
            f"{dup};To AS;3403;;",
            f"{valid_orgnr()};;9999;ukjent;",
            "12345;Kort AS;3403;;",
        ]
    )
    job = employer_import_start(by=radgiver, filename="f.csv", content=content)
    errors = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert "finnes allerede i registeret" in errors[2]
    assert "står også på rad 3" in errors[4]
    assert (
        "«navn» må fylles ut" in errors[5]
        and "Kommunenummeret 9999 finnes ikke" in errors[5]
        and "Ukjent sektor" in errors[5]
    )
    assert "ni siffer" in errors[6]
    assert Employer.objects.count() == 1


def test_missing_columns_and_other_users_job(radgiver, markedskoordinator, client_for):
    job = employer_import_start(by=radgiver, filename="f.csv", content="navn;adresse\nA;B\n")
    assert job.status == ImportJob.Status.FAILED
    assert "orgnr" in job.errors[0]["messages"][0]
    response = client_for(markedskoordinator).get(reverse("employers:import_detail", args=[job.pk]))
    assert response.status_code == 404


# --- Issue 10, item 6: odd files are refused with a message naming the problem, never a 500 ----

ODD_HEADER = "orgnr;navn;kommunenummer\n"
ODD_FILES = [
    ((ODD_HEADER + "889640782;Bedrift;3403\n").encode("utf-16"), "UTF-16"),
    ((ODD_HEADER + "889640782;Be\x00drift;3403\n").encode(), "NUL-tegn"),
    ((ODD_HEADER + "889640782;" + "x" * 131_073 + ";3403\n").encode(), "lengre enn"),
    ((ODD_HEADER + "889640782;" + "x" * 1_001 + ";3403\n").encode(), "lengre enn"),
    ((ODD_HEADER + "889640782;Bedrift;3403\n").replace("\n", "\r").encode(), "bare CR"),
    (bytes(range(256)) * 40, "NUL-tegn"),
    (bytes(b % 31 + 1 for b in range(4000)), "ikke ut til å være en tekstfil"),
]


@pytest.mark.parametrize("content,message", ODD_FILES)
def test_odd_files_get_a_norwegian_message(client_for, radgiver, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", content, content_type="text/csv")
    response = client_for(radgiver).post(reverse("employers:import_create"), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_error_page_shows_100_errors_and_offers_all_as_csv(
    radgiver, client_for, django_capture_on_commit_callbacks
):
    content = "orgnr;navn;kommunenummer\n" + "\n".join(f"{i};;9999" for i in range(250))
    with django_capture_on_commit_callbacks(execute=True):
        job = employer_import_start(by=radgiver, filename="feil.csv", content=content)
    job.refresh_from_db()
    assert len(job.errors) == 250
    client = client_for(radgiver)
    html = client.get(reverse("employers:import_detail", args=[job.pk])).content.decode()
    assert html.count('<tr class="aksel-table__row">') == 101  # header row + 100 errors
    assert "Viser de første 100 feilene" in html
    export = client.get(reverse("employers:import_errors", args=[job.pk]))
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("\n") >= 251
