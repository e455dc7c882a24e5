"""Issue 23 without a browser: the FHIR downloads (her contact person's, hers, the manager's) over HTTP with the
session cookie, the download as a line in her "Hvem har set min plan", and the handleplan upload on the
follow-up screen (taken in off the loop; refused in one Danish sentence with nothing written)."""

import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.measurereport import MeasureReport
from sqlmodel import select

from citizenplan.db import session_scope
from citizenplan.domain.fhir import codes
from citizenplan.models import PlanFrame
from citizenplan.state.access_log import AccessLogState
from citizenplan.state.follow_up import FollowUpState
from tests.support.follow_up_states import _follow_up_page
from tests.support.states import state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people


@pytest.fixture
def client(demo_people):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from citizenplan.reports import fhir_http
    with TestClient(Starlette(routes=fhir_http.ROUTES), base_url="http://localhost:3000") as test_client:
        yield test_client


def _get(client, path: str, username: str | None):
    from citizenplan.auth.cookies import COOKIE_NAME
    cookies = {COOKIE_NAME: token_for(username)} if username else {}
    client.cookies.clear()
    return client.get(path, cookies=cookies, follow_redirects=False)


async def test_her_contact_person_downloads_the_shared_plan_and_she_sees_it_in_who_has_seen(client):
    anna = user_id_of("anna")
    got = _get(client, f"/hent/indsatsplan.fhir.json?id={anna}", "maria")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/fhir+json")
    assert "attachment" in got.headers["content-disposition"] and got.headers["cache-control"] == "no-store"
    Bundle.model_validate(got.json())
    seen = state_of(AccessLogState, cookie_token=token_for("anna"))
    await seen.load()
    lines = [v for v in seen.viewings if v.what == "Hentede det, du deler, som en fil til kommunens system."]
    assert [v.who for v in lines] == ["Maria Holm"]
    for other in ("jonas", "karen", "leder", "anna"):
        assert _get(client, f"/hent/indsatsplan.fhir.json?id={anna}", other).status_code == 403
    assert _get(client, "/hent/indsatsplan.fhir.json?id=x", "maria").status_code == 404
    assert _get(client, f"/hent/indsatsplan.fhir.json?id={anna}", None).status_code == 303


def test_she_downloads_her_own_plan_and_no_one_else_can(client):
    got = _get(client, "/hent/min-plan.fhir.json", "anna")
    assert got.status_code == 200
    bundle = got.json()
    Bundle.model_validate(bundle)
    assert any(e["resource"]["resourceType"] == "Goal" for e in bundle["entry"])
    for other in ("maria", "karen", "leder"):
        assert _get(client, "/hent/min-plan.fhir.json", other).status_code == 403


def test_the_manager_downloads_the_figures_as_a_measure_report(client):
    got = _get(client, "/hent/rapport.fhir.json?start=&end=", "leder")
    assert got.status_code == 200
    MeasureReport.model_validate(got.json())
    assert _get(client, "/hent/rapport.fhir.json", "maria").status_code == 403
    assert _get(client, "/hent/rapport.fhir.json?start=nej", "leder").status_code == 400


class _Upload:
    """What Reflex hands an upload handler: an object whose read(n) gives at most n bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


def _municipal_file(client, version: int, citizen: str = "anna") -> bytes:
    bundle = _get(client, f"/hent/indsatsplan.fhir.json?id={user_id_of(citizen)}",
                  "maria" if citizen == "anna" else "jonas").json()
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
                and codes.has_kl(e["resource"].get("category"), codes.KL_SOCIAL_CAREPLAN))
    plan["meta"] = {"versionId": str(version)}
    plan["identifier"] = [{"system": "urn:oid:1.2.208.176.1.2.kommune", "value": "HP-1"}]
    return json.dumps(bundle).encode("utf-8")


def _frames(citizen: str) -> int:
    with session_scope() as db:
        return len(db.exec(select(PlanFrame).where(PlanFrame.citizen_id == user_id_of(citizen))).all())


async def test_the_contact_person_uploads_the_municipal_plan_and_sees_its_version(client):
    page = await _follow_up_page("maria", "anna")
    before = _frames("anna")
    await FollowUpState.import_fhir.fn(page, [_Upload(_municipal_file(client, 4))])
    assert page.fhir_error == "" and page.notice == "Kommunens handleplan er hentet ind fra filen."
    assert page.frame_source == "Hentet ind fra kommunens fil, udgave 4."
    assert _frames("anna") == before + 1


async def test_a_refused_upload_says_why_in_one_sentence_and_writes_nothing(client):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.import_fhir.fn(page, [_Upload(_municipal_file(client, 4))])
    before = _frames("anna")
    await FollowUpState.import_fhir.fn(page, [_Upload(_municipal_file(client, 3))])
    assert page.fhir_error == ("Filen er udgave 3 af handleplanen, men Min Vej har allerede udgave 4, så intet er "
                               "hentet ind.")
    await FollowUpState.import_fhir.fn(page, [_Upload(_municipal_file(client, 7, citizen="bo"))])
    assert page.fhir_error == "Filen handler om en anden borger end Anna Jensen, så intet er hentet ind."
    await FollowUpState.import_fhir.fn(page, [_Upload(b"<xml/>")])
    assert page.fhir_error == "Filen er ikke en gyldig FHIR R4-fil, så intet er hentet ind."
    await FollowUpState.import_fhir.fn(page, [])
    assert page.fhir_error == "Vælg først filen fra kommunen."
    assert _frames("anna") == before


async def test_a_contact_person_of_another_citizen_cannot_upload_her_plan(client):
    page = await _follow_up_page("jonas", "anna")
    await FollowUpState.import_fhir.fn(page, [_Upload(_municipal_file(client, 4))])
    assert page.fhir_error == "Det har du ikke adgang til."
