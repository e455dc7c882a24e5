"""Issue 23 in Chromium: her contact person downloads the shared plan as FHIR from the follow-up page and
uploads the municipality's handleplan there; the citizen sees the download in "Hvem har set min plan" and
downloads her own plan as FHIR from /mine-data; axe finds nothing on the follow-up page with a refusal shown."""

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from citizenplan.domain.fhir import codes
from citizenplan.models import User
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import login, open_page
from tests.support.follow_up_data import PASSWORD, app_db, goal, make_team, share_goals, write_frame
from tests.support.follow_up_page import FRAME, PHONE, log_in, open_follow_up, section

pytestmark = pytest.mark.e2e

IMPORTED = "Kommunens handleplan er hentet ind fra filen."


def _municipal_file(exported: dict, version: int, path: Path) -> Path:
    plan = next(e["resource"] for e in exported["entry"] if e["resource"]["resourceType"] == "CarePlan"
                and codes.has_kl(e["resource"].get("category"), codes.KL_SOCIAL_CAREPLAN))
    plan["meta"] = {"versionId": str(version)}
    plan["identifier"] = [{"system": "urn:oid:1.2.208.176.1.2.kommune", "value": "HP-9"}]
    path.write_text(json.dumps(exported), encoding="utf-8")
    return path


def test_the_shared_plan_goes_out_as_fhir_the_handleplan_comes_in_and_she_sees_the_download(
        app: AppServer, page: Page, new_context, tmp_path: Path) -> None:
    team = make_team(app, "Fhir")
    title = "Lære at cykle til arbejde"
    share_goals(app, team.citizen, [goal(title)], days_ago=30)
    write_frame(app, team.contact, team.citizen, purpose="Mere overskud i hverdagen.", intervention="Bostøtte.",
                days_ago=30)
    with app_db(app) as db:
        db.get(User, team.citizen.id).municipal_ref = f"urn:oid:1.2.208.176.1.2.kommune|{team.citizen.username}"
    page.set_viewport_size(PHONE)
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    with page.expect_download(timeout=10_000) as info:
        page.get_by_role("link", name="Hent planen som FHIR-fil").click()
    saved = tmp_path / "indsatsplan.fhir.json"
    info.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    Bundle.model_validate(exported)
    assert title in saved.read_text(encoding="utf-8")

    frame = section(page, FRAME)
    frame.locator("input[type=file]").set_input_files(str(_municipal_file(exported, 2, tmp_path / "hp.json")))
    frame.get_by_role("button", name="Hent handleplanen ind").click()
    expect(frame.get_by_text(IMPORTED)).to_be_visible()
    expect(frame.get_by_text("Hentet ind fra kommunens fil, udgave 2.")).to_be_visible()

    frame.locator("input[type=file]").set_input_files(str(_municipal_file(exported, 1, tmp_path / "old.json")))
    frame.get_by_role("button", name="Hent handleplanen ind").click()
    expect(frame.get_by_role("alert")).to_contain_text(
        "Filen er udgave 1 af handleplanen, men Min Vej har allerede udgave 2, så intet er hentet ind.")
    assert_accessible(page)

    page = new_context().new_page()  # the citizen, on her own phone
    page.set_viewport_size(PHONE)
    login(page, app.base_url, team.citizen.username, PASSWORD, home="/borger")
    open_page(page, app.base_url, "/hvem-har-set")
    expect(page.get_by_text("Hentede det, du deler, som en fil til kommunens system.")).to_be_visible()
    open_page(page, app.base_url, "/mine-data")
    with page.expect_download(timeout=10_000) as mine:
        page.get_by_role("link", name="Hent min plan som FHIR-fil").click()
    own = tmp_path / "min-plan.fhir.json"
    mine.value.save_as(own)
    Bundle.model_validate_json(own.read_text(encoding="utf-8"))
    assert title in own.read_text(encoding="utf-8")
    assert_accessible(page)
