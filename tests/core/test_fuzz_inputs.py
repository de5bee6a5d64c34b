"""Issue 10, item 6: no input gives a server error (500; /healthz's 503 is its honest answer). Hypothesis sends generated values to every GET
parameter and every form field of every page each role reaches (bounded: a few examples per URL).

The Django test client re-raises a view's exception, so a 500 fails the test with its traceback.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.crawl import build_world, crawl

pytestmark = pytest.mark.django_db

ROLES = ["veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]
# Parameters the list pages read even when no link on the page carries them.
COMMON_GET = {"q", "page", "side", "sort", "o", "sok", "fylke", "kommune", "status"}
ODD = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "x" * 100_001,
        "-1",
        "0",
        "99999999999999999999999",
        "1e308",
        "NaN",
        "2026-13-45",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "%00",
        "٣",
        "\u202e",
        "12909842369",
    ]
)
VALUES = st.one_of(ODD, st.text(max_size=40), st.integers().map(str))
bounded = settings(
    max_examples=2,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _fuzz_get(client, path, names):
    @bounded
    @given(st.dictionaries(st.sampled_from(sorted(names)), VALUES, min_size=1, max_size=3))
    def run(params):
        response = client.get(path, params)
        assert response.status_code != 500, (path, params)

    run()


def _fuzz_post(client, form):
    @bounded
    @given(st.fixed_dictionaries({name: VALUES for name in form.fields}))
    def run(data):
        response = client.post(form.action, data)
        assert response.status_code != 500, (form.action, data)

    run()


def test_generated_values_in_every_parameter_and_field_give_no_server_error(
    request, client_for, office, veileder, other_office, other_veileder, leder
):
    build_world(
        office=office,
        veileder=veileder,
        other_office=other_office,
        other_veileder=other_veileder,
        leder=leder,
    )
    targets = 0
    for role in ROLES:
        client = client_for(request.getfixturevalue(role))
        result = crawl(client, limit=30, per_path=1)
        for path, names in list(result.get_params.items())[:20]:
            if not path.startswith("/admin/"):
                _fuzz_get(client, path, names | COMMON_GET)
                targets += 1
        seen = set()
        for form in result.forms:
            if form.method == "post" and form.fields and form.action not in seen and len(seen) < 10:
                seen.add(form.action)
                _fuzz_post(client, form)
                client = client_for(request.getfixturevalue(role))  # a form may have logged us out
                targets += 1
    assert targets > 30, targets


@pytest.mark.parametrize(
    "path", ["/kandidater/tilgangslogg/", "/kandidater/profiler/", "/prosjekter/", "/kandidater/"]
)
def test_nul_byte_in_a_query_is_a_400_with_a_norwegian_message(client_for, leder, veileder, path):
    response = client_for(veileder).get(path, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL-tegn" in response.content.decode()


def test_search_term_kept_in_the_session_is_bounded(client_for, veileder):
    client = client_for(veileder)
    client.post("/kandidater/", {"q": "x" * 10_000})
    assert len(client.session.get("candidates_search", "")) <= 100
