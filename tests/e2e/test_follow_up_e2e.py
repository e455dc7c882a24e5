"""Follow-up (DESIGN section 5) in Chromium: the contact person's follow-up page
/kontaktperson/opfoelgning?id=N (the § 141 frame, scheduling, the signed record and its corrections),
the overview /kontaktperson with overdue citizens first, the print page and the PDF, and what the
citizen sees of it (/borger, /arbejdsbog, "Forbered mødet").

People and the story before the test (shared goals, an earlier frame, a past follow-up date, a signed
record) are written into the running app's database through the domain (tests/support/follow_up_data.py),
with a past `now` where the story needs one; what the test is about is done in the browser, at 390x844
unless said. Each test has people of its own, so the overview lists exactly the test's citizens.

Waiting is always for what the person would see (a notice, an alert, a heading, a field's value),
never for a fixed time.
"""

import io
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pypdf import PdfReader

from citizenplan import i18n
from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import follow_up
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import open_page, wait_until_interactive
from tests.support.follow_up_data import (
    frames,
    goal,
    live_follow_ups,
    make_team,
    schedule,
    share_goals,
    share_preparation,
    sign_record,
    write_frame,
)
from tests.support.follow_up_page import (
    CONTACT_HOME,
    FRAME,
    FRAME_SAVED,
    PHONE,
    choose,
    log_in,
    notice,
    open_follow_up,
    section,
)

pytestmark = pytest.mark.e2e

SCHEDULE = "Sæt næste opfølgning"
RECORD_FORM = "Opfølgningsmødet"
RECORDS = "Tidligere opfølgninger"
SCHEDULED = "Opfølgningen er sat i kalenderen."
RECORD_SAVED = "Opfølgningen er gemt og låst."
CORRECTION_SAVED = "Rettelsen er gemt."
A_LENGTH_NOT_A_DATE = "Forventet varighed er en længde, ikke en dato."
DATE_PASSED = "Datoen er gået. Vælg i dag eller en dag frem i tiden."
NO_ACCESS = "Det har du ikke adgang til."
DESK = {"width": 1024, "height": 768}


def pdf_text(body: bytes) -> str:
    return "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(body)).pages)


def danish(day) -> str:
    """A date as the app writes it in Danish: '24. november 2026'."""
    return i18n.long_date(day, "da")


# ------------------------------------------------------------------ steps


def goal_fields(page: Page, title: str) -> Locator:
    """One goal's part of the meeting form: the block under its heading."""
    return section(page, RECORD_FORM).get_by_role("heading", level=3, name=title, exact=True).locator("xpath=..")


def records(page: Page) -> Locator:
    return section(page, RECORDS).get_by_role("listitem")


def fill_frame(page: Page, *, purpose: str, intervention: str = "", kind: str = "", duration: str = "") -> None:
    frame = section(page, FRAME)
    frame.get_by_label("Formålet med indsatsen", exact=True).fill(purpose)
    if intervention:
        frame.get_by_label("Den bevilgede indsats", exact=True).fill(intervention)
    if kind:
        choose(frame, "Forventet varighed", kind)
    if duration:
        frame.get_by_label("Varigheden med dine ord", exact=True).fill(duration)


def save_frame(page: Page) -> None:
    section(page, FRAME).get_by_role("button", name="Gem kommunens handleplan").click()


# ------------------------------------------------------------------ the § 141 frame


def test_the_contact_person_records_the_141_frame_and_it_is_still_there_after_a_reload(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Ramme")
    purpose = "Søren skal blive mere selvhjulpen i hverdagen og få flere venner."
    intervention = "Socialpædagogisk støtte (§ 85) to gange om ugen, i alt ca. 4 timer."
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    frame = section(page, FRAME)
    expect(frame).to_contain_text("Kommunens handleplan er ikke skrevet ind endnu.")

    fill_frame(page, purpose=purpose, intervention=intervention, kind="Omtrent", duration="ca. 2 år")
    save_frame(page)
    expect(notice(page)).to_have_text(FRAME_SAVED)
    expect(frame).to_contain_text(f"Skrevet ind af {team.contact.name}")
    expect(frame).to_contain_text("udgave 1")
    assert frames(app, team.citizen) == [(1, purpose, team.contact.id)]

    page.reload()
    wait_until_interactive(page)
    frame = section(page, FRAME)
    expect(frame.get_by_label("Formålet med indsatsen", exact=True)).to_have_value(purpose)
    expect(frame.get_by_label("Den bevilgede indsats", exact=True)).to_have_value(intervention)
    expect(frame.get_by_label("Varigheden med dine ord", exact=True)).to_have_value("ca. 2 år")
    expect(frame.get_by_role("group", name="Forventet varighed").get_by_role("radio", name="Omtrent")).to_be_checked()
    expect(notice(page)).to_have_count(0)  # the notice was for the save, not for every later visit
    # The quality check now finds the purpose and the duration; the scope of the indsats is still missing.
    quality = section(page, "Kvalitetstjek")
    for question in ("Er formålet med indsatsen tydeligt?", "Er den forventede varighed angivet?"):
        expect(quality.get_by_role("listitem").filter(has_text=question)).to_contain_text("I orden")
    expect(quality.get_by_role("listitem").filter(has_text="Er omfanget af indsatsen tydeligt?")).to_contain_text(
        "Skriv omfanget af den bevilgede indsats.")


def test_a_date_as_the_expected_duration_is_refused_in_danish_and_every_typed_word_stays(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Varighed")
    purpose = "Målet er, at Åse kan bo i egen bolig med støtte."
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)

    fill_frame(page, purpose=purpose, kind="Mindst", duration="1. marts 2027")
    save_frame(page)
    frame = section(page, FRAME)
    expect(frame.get_by_role("alert")).to_contain_text(A_LENGTH_NOT_A_DATE)
    expect(frame.get_by_role("alert")).to_contain_text('Skriv fx "ca. 2 år" eller "mindst 1 år".')
    expect(frame.get_by_label("Formålet med indsatsen", exact=True)).to_have_value(purpose)
    expect(frame.get_by_label("Varigheden med dine ord", exact=True)).to_have_value("1. marts 2027")
    expect(frame.get_by_role("group", name="Forventet varighed").get_by_role("radio", name="Mindst")).to_be_checked()
    expect(notice(page)).to_have_count(0)
    assert frames(app, team.citizen) == []
    assert_accessible(page)

    # Written as a length, the same form saves, and the error goes.
    frame.get_by_label("Varigheden med dine ord", exact=True).fill("mindst 1 år")
    save_frame(page)
    expect(notice(page)).to_have_text(FRAME_SAVED)
    expect(frame.get_by_role("alert")).to_have_count(0)
    assert frames(app, team.citizen) == [(1, purpose, team.contact.id)]


def test_a_range_of_years_is_a_length_and_is_accepted_as_the_expected_duration(app: AppServer, page: Page) -> None:
    team = make_team(app, "Interval")
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    fill_frame(page, purpose="Mere ro i hverdagen.", kind="Omtrent", duration="2-3 år")
    save_frame(page)
    expect(section(page, FRAME).get_by_role("alert")).to_have_count(0, timeout=5_000)
    expect(notice(page)).to_have_text(FRAME_SAVED, timeout=5_000)


def test_a_refused_save_after_a_successful_one_does_not_still_say_rammen_er_gemt(app: AppServer, page: Page) -> None:
    team = make_team(app, "Besked")
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    fill_frame(page, purpose="Mere ro i hverdagen.", kind="Omtrent", duration="ca. 1 år")
    save_frame(page)
    expect(notice(page)).to_have_text(FRAME_SAVED)

    fill_frame(page, purpose="Mere ro i hverdagen.", duration="1. marts 2027")
    save_frame(page)
    expect(section(page, FRAME).get_by_role("alert")).to_contain_text(A_LENGTH_NOT_A_DATE)
    expect(notice(page)).to_have_count(0, timeout=5_000)


def test_two_contact_persons_saving_the_frame_at_once_overwrite_nothing_silently(
        app: AppServer, new_context: Callable[[], BrowserContext]) -> None:
    team = make_team(app, "Samtidig", contacts=2)
    first, second = team.contacts
    write_frame(app, first, team.citizen, purpose="Den første udgave af formålet.")
    a, b = new_context().new_page(), new_context().new_page()
    log_in(a, app, first)
    log_in(b, app, second)
    open_follow_up(a, app, team.citizen)
    open_follow_up(b, app, team.citizen)
    for page in (a, b):
        expect(section(page, FRAME).get_by_label("Formålet med indsatsen", exact=True)).to_have_value(
            "Den første udgave af formålet.")

    a_text, b_text = "Formålet skrevet af A: egen bolig.", "Formålet skrevet af B: flere venner."
    fill_frame(b, purpose=b_text)  # B starts typing first ...
    fill_frame(a, purpose=a_text)
    save_frame(a)  # ... but A saves first
    expect(notice(a)).to_have_text(FRAME_SAVED)
    assert frames(app, team.citizen)[-1] == (2, a_text, first.id)

    save_frame(b)  # B's page still shows version 1
    frame = section(b, FRAME)
    expect(frame.get_by_role("alert")).to_contain_text(
        f"{first.name} har gemt en ny udgave af handleplanen, mens du skrev.")
    expect(frame.get_by_label("Formålet med indsatsen", exact=True)).to_have_value(b_text)
    expect(frame.get_by_text("Den gemte udgave", exact=True)).to_be_visible()  # what A saved, to compare
    expect(frame).to_contain_text(f"Formålet med indsatsen: {a_text}")
    expect(notice(b)).to_have_count(0)
    assert frames(app, team.citizen)[-1] == (2, a_text, first.id), "B's refused save must store nothing"
    assert_accessible(b)

    save_frame(b)  # having seen A's version, B saves again: now B's words are the frame
    expect(notice(b)).to_have_text(FRAME_SAVED)
    expect(frame.get_by_role("alert")).to_have_count(0)
    expect(frame).to_contain_text(f"Skrevet ind af {second.name}")
    assert frames(app, team.citizen) == [
        (1, "Den første udgave af formålet.", first.id), (2, a_text, first.id), (3, b_text, second.id)]


# ------------------------------------------------------------------ the calendar


def test_scheduling_refuses_a_past_date_and_puts_a_date_within_the_rule_in_the_calendar(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Kalender")
    today = danish_today()
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    expect(page.get_by_text("Der er ingen dato for næste opfølgning.")).to_be_visible()
    calendar = section(page, SCHEDULE)
    date_box = calendar.get_by_label("Dato", exact=True)

    date_box.fill((today - timedelta(days=1)).isoformat())
    calendar.get_by_role("button", name="Sæt i kalenderen").click()
    expect(calendar.get_by_role("alert")).to_have_text(DATE_PASSED)
    expect(notice(page)).to_have_count(0)
    assert live_follow_ups(app, team.citizen) == []

    # Later than the rule allows (3 months for a new case) needs a reason.
    limit = follow_up.latest_allowed(today, close_follow_up=True)
    date_box.fill((limit + timedelta(days=30)).isoformat())
    calendar.get_by_role("button", name="Sæt i kalenderen").click()
    expect(calendar.get_by_role("alert")).to_have_text(
        f"Datoen er senere end {danish(limit)}, som reglen siger. Skriv hvorfor, så det står i planen.")
    expect(calendar.get_by_role("alert")).to_be_in_viewport()  # on a phone, not far above the button
    assert live_follow_ups(app, team.citizen) == []

    due = today + timedelta(days=30)
    date_box.fill(due.isoformat())
    calendar.get_by_label("Sted (kan udelades)").fill("Bostedet")
    calendar.get_by_role("button", name="Sæt i kalenderen").click()
    expect(notice(page)).to_have_text(SCHEDULED)
    expect(notice(page)).to_be_in_viewport()
    expect(calendar.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_text(f"Næste opfølgning: {danish(due)} · Bostedet", exact=True)).to_be_visible()
    assert live_follow_ups(app, team.citizen) == [due.isoformat()]


def test_an_overdue_follow_up_puts_the_citizen_first_on_the_overview_and_shows_red_on_the_follow_up_page(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Oversigt", citizen_names=["Anders", "Bente", "Øjvind"])
    anders, bente, oejvind = team.citizens
    today = danish_today()
    schedule(app, team.contact, anders, today + timedelta(days=20))
    share_goals(app, bente, [goal("Lære at cykle"), goal("Gå til svømning")])
    long_ago = utcnow() - timedelta(days=100)
    overdue_on = danish_today(long_ago) + timedelta(days=60)
    schedule(app, team.contact, oejvind, overdue_on, now=long_ago)

    log_in(page, app, team.contact)
    mine = page.get_by_role("list", name="Mine borgere").get_by_role("listitem")
    expect(mine).to_have_count(3)
    expect(mine.nth(0)).to_contain_text(oejvind.name)
    expect(mine.nth(0).get_by_text(f"Overskredet: {danish(overdue_on)}", exact=True)).to_be_visible()
    expect(mine.nth(1)).to_contain_text(bente.name)  # news before a date that is not due yet
    expect(mine.nth(1)).to_contain_text("2 nye eller ændrede delte punkter")
    expect(mine.nth(1)).to_contain_text("Ingen dato for opfølgning")
    expect(mine.nth(2)).to_contain_text(anders.name)
    expect(mine.nth(2)).to_contain_text(f"Næste opfølgning: {danish(today + timedelta(days=20))}")
    expect(page.get_by_text(re.compile("^Overskredet"))).to_have_count(1)
    assert_accessible(page)

    page.get_by_label("Sortér").select_option(label="Navn")
    expect(mine.nth(0)).to_contain_text(anders.name)
    expect(mine.nth(2)).to_contain_text(oejvind.name)
    page.get_by_label("Sortér").select_option(label="Det, der haster, først")
    expect(mine.nth(0)).to_contain_text(oejvind.name)

    mine.nth(0).get_by_role("link", name=oejvind.name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"Opfølgning: {oejvind.name}")).to_be_visible()
    expect(page.get_by_text(f"Overskredet: opfølgningen skulle have været {danish(overdue_on)}",
                            exact=True)).to_be_visible()
    expect(section(page, "Kvalitetstjek")).to_contain_text("Opfølgningen er overskredet. Hold mødet, eller flyt datoen.")


# ------------------------------------------------------------------ the record of the meeting


def test_a_signed_record_needs_a_degree_for_every_goal_keeps_both_views_and_reaches_the_citizen(
        app: AppServer, page: Page, new_context: Callable[[], BrowserContext]) -> None:
    team = make_team(app, "Møde")
    shop, sleep = "Handle ind selv i Føtex", "Sove otte timer hver nat"
    share_goals(app, team.citizen, [goal(shop), goal(sleep)])
    today = danish_today()
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    form = section(page, RECORD_FORM)
    expect(form.get_by_label("Mødets dato", exact=True)).to_have_value(today.isoformat())
    form.get_by_label("Hvem var med", exact=True).fill("Borgeren og kontaktpersonen")
    choose(goal_fields(page, shop), "Opfyldelsesgrad", "Delvist opfyldt")
    goal_fields(page, shop).get_by_label("Beskrivelse af målopfyldelsen").fill("Har handlet alene to gange.")
    sleep_words = "Sover bedre, men vågner stadig om natten."
    goal_fields(page, sleep).get_by_label("Beskrivelse af målopfyldelsen").fill(sleep_words)
    form.get_by_role("button", name="Gem og lås opfølgningen").click()

    expect(form.get_by_role("alert")).to_have_text(f'Vælg, hvor godt målet "{sleep}" er opfyldt.')
    expect(goal_fields(page, sleep).get_by_label("Beskrivelse af målopfyldelsen")).to_have_value(sleep_words)
    expect(form.get_by_label("Hvem var med", exact=True)).to_have_value("Borgeren og kontaktpersonen")
    expect(goal_fields(page, shop).get_by_role("group", name="Opfyldelsesgrad")
           .get_by_role("radio", name="Delvist opfyldt", exact=True)).to_be_checked()
    expect(notice(page)).to_have_count(0)
    assert app.query("SELECT COUNT(*) FROM follow_up_record WHERE citizen_id = ?", (team.citizen.id,)) == [(0,)]

    choose(goal_fields(page, sleep), "Opfyldelsesgrad", "Opfyldt")
    choose(goal_fields(page, sleep), "Borgerens egen vurdering", "Delvist opfyldt")  # the citizen sees it otherwise
    choose(goal_fields(page, shop), "Borgerens egen vurdering", "Delvist opfyldt")  # ... and this one alike
    goal_fields(page, sleep).get_by_label("Borgerens eget syn: Hvordan synes du selv, det er gået?").fill(
        "Jeg er stadig træt om morgenen.")
    form.get_by_role("button", name="Gem og lås opfølgningen").click()
    expect(notice(page)).to_have_text(RECORD_SAVED)
    expect(form.get_by_role("alert")).to_have_count(0)

    expect(records(page)).to_have_count(1)
    saved = records(page).first
    expect(saved.get_by_role("heading", level=3)).to_have_text(f"Opfølgning {danish(today)}")
    expect(saved).to_contain_text(f"Skrevet af {team.contact.name}")
    expect(saved).to_contain_text(f"Kontaktpersonen: Opfyldt · {sleep_words}")
    expect(saved).to_contain_text("Borgeren: Delvist opfyldt · Jeg er stadig træt om morgenen.")
    expect(saved.get_by_text("I ser det forskelligt", exact=True)).to_have_count(1)  # only where they differ
    next_meeting = follow_up.proposed_date(today, True, today)  # the form's default: 3 months on
    expect(page.get_by_text(f"Næste opfølgning: {danish(next_meeting)}", exact=True)).to_be_visible()
    assert live_follow_ups(app, team.citizen) == [next_meeting.isoformat()]

    citizen = new_context().new_page()
    log_in(citizen, app, team.citizen, home="/borger")
    meeting = citizen.get_by_role("heading", level=2, name="Dit næste møde om din plan").locator("xpath=..")
    expect(meeting).to_contain_text(danish(next_meeting))
    assert_accessible(citizen)
    open_page(citizen, app.base_url, "/arbejdsbog")
    expect(citizen.get_by_role("heading", level=2, name="Møder om min plan")).to_be_visible()
    met = citizen.get_by_role("heading", level=3, name=f"Møde {danish(today)}").locator("xpath=..")
    expect(met.get_by_text(f"Skrevet af {team.contact.name} (kontaktperson)", exact=True)).to_be_visible()
    expect(met).to_contain_text("Du selv: Delvist opfyldt · Jeg er stadig træt om morgenen.")
    expect(met.get_by_text("I ser det forskelligt", exact=True)).to_have_count(1)
    assert_accessible(citizen)


def test_a_correction_is_a_new_dated_record_and_the_old_one_stays_marked_rettet_senere(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Rettelse")
    walk, cook = "Gå en tur hver dag", "Lave mad to gange om ugen"
    walk_id, cook_id = share_goals(app, team.citizen, [goal(walk), goal(cook)], days_ago=60)
    first_id = sign_record(app, team.contact, team.citizen, {walk_id: "not_met", cook_id: "met"},
                           days_ago=10)
    held = danish_today(utcnow() - timedelta(days=10))
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    expect(records(page)).to_have_count(1)

    records(page).first.get_by_role("button", name="Ret med en ny dateret rettelse").click()
    form = section(page, RECORD_FORM)
    expect(form).to_contain_text(f"Du retter opfølgningen fra {danish(held)}. Den gamle bliver stående.")
    # The form starts from the record being corrected.
    expect(form.get_by_label("Mødets dato", exact=True)).to_have_value(held.isoformat())
    expect(goal_fields(page, walk).get_by_role("group", name="Opfyldelsesgrad")
           .get_by_role("radio", name="Ikke opfyldt", exact=True)).to_be_checked()
    expect(goal_fields(page, cook).get_by_role("group", name="Opfyldelsesgrad")
           .get_by_role("radio", name="Opfyldt", exact=True)).to_be_checked()
    expect(form.get_by_label("Næste opfølgning", exact=True)).to_have_count(0)  # a correction moves no meeting

    choose(goal_fields(page, walk), "Opfyldelsesgrad", "Delvist opfyldt")
    goal_fields(page, walk).get_by_label("Beskrivelse af målopfyldelsen").fill("Rettet: går tre dage om ugen.")
    form.get_by_role("button", name="Gem og lås opfølgningen").click()
    expect(notice(page)).to_have_text(CORRECTION_SAVED)
    expect(form).not_to_contain_text("Du retter opfølgningen fra")

    expect(records(page)).to_have_count(2)
    newer, older = records(page).nth(0), records(page).nth(1)
    expect(newer.get_by_text("Rettelse", exact=True)).to_be_visible()
    expect(newer).to_contain_text("Kontaktpersonen: Delvist opfyldt · Rettet: går tre dage om ugen.")
    expect(newer.get_by_role("button", name="Ret med en ny dateret rettelse")).to_be_visible()
    expect(older.get_by_text("Rettet senere", exact=True)).to_be_visible()
    expect(older).to_contain_text("Kontaktpersonen: Ikke opfyldt")
    expect(older.get_by_role("button", name="Ret med en ny dateret rettelse")).to_have_count(0)
    for record in (newer, older):
        expect(record.get_by_role("heading", level=3)).to_contain_text(danish(held))
    assert app.query("SELECT id, corrects_id FROM follow_up_record WHERE citizen_id = ? ORDER BY id",
                     (team.citizen.id,))[1][1] == first_id
    assert len(live_follow_ups(app, team.citizen)) == 1


# ------------------------------------------------------------------ print and PDF


def test_the_pdf_has_the_plan_and_a_contact_person_who_does_not_follow_the_citizen_gets_none(
        app: AppServer, page: Page, new_context: Callable[[], BrowserContext]) -> None:
    """GET /pdf/handleplan?id=N with the browser's own session cookie (the page's request context)."""
    team = make_team(app, "Pdf")
    title = "Gå på æbleplantagen med Søs på lørdag"
    share_goals(app, team.citizen, [goal(title)])
    write_frame(app, team.contact, team.citizen, purpose="Bo trygt i egen bolig.")
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    href = page.get_by_role("link", name="Hent planen som PDF").get_attribute("href")
    assert href == f"/pdf/handleplan?id={team.citizen.id}"

    response = page.request.get(app.url(href), max_redirects=0)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="indsatsplan.pdf"'
    assert response.body().startswith(b"%PDF")
    text = pdf_text(response.body())
    for expected in (f"Indsatsplan for {team.citizen.name}", title, FRAME, "Bo trygt i egen bolig.",
                     team.contact.name):
        assert expected in text, f"{expected!r} not in the PDF:\n{text}"

    stranger = make_team(app, "Fremmed").contact
    other = new_context().new_page()
    log_in(other, app, stranger)
    refused = other.request.get(app.url(href), max_redirects=0)
    assert refused.status == 403
    assert not refused.body().startswith(b"%PDF")
    assert refused.text() == NO_ACCESS
    assert title not in refused.text() and team.citizen.name not in refused.text()


def test_clicking_hent_planen_som_pdf_downloads_the_pdf(app: AppServer, page: Page, tmp_path: Path) -> None:
    team = make_team(app, "Download")
    title = "Lære at svømme i Øresund"
    share_goals(app, team.citizen, [goal(title)])
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    with page.expect_download(timeout=5_000) as info:
        page.get_by_role("link", name="Hent planen som PDF").click()
    download = info.value
    assert download.suggested_filename == "indsatsplan.pdf"
    path = tmp_path / "indsatsplan.pdf"
    download.save_as(path)
    text = pdf_text(path.read_bytes())
    assert title in text and FRAME in text and team.citizen.name in text


# Where an element's words are: the middle of their own box, whatever the element's box is.
_WORDS_MIDDLE = """e => { const range = document.createRange(); range.selectNodeContents(e);
  const box = range.getBoundingClientRect(); return box.top + box.height / 2; }"""


def _in_one_line(controls: list[Locator]) -> None:
    """Each control is at least 44 px tall, and their words are on one line."""
    heights = [control.bounding_box()["height"] for control in controls]
    assert all(height >= 44 for height in heights), heights
    middles = [round(control.evaluate(_WORDS_MIDDLE)) for control in controls]
    assert max(middles) - min(middles) <= 1, middles


def test_hent_planen_som_pdf_is_as_easy_to_tap_as_its_neighbours_and_in_line_with_them(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Tap")
    share_goals(app, team.citizen, [goal("Gå en tur hver dag")])
    log_in(page, app, team.contact)
    page.set_viewport_size(DESK)
    open_follow_up(page, app, team.citizen)
    main = page.get_by_role("main")
    _in_one_line([main.get_by_role("link", name=name, exact=True)
                  for name in ("Det, borgeren har delt", "Udskriv planen", "Hent planen som PDF")])
    open_page(page, app.base_url, f"/kontaktperson/udskriv?id={team.citizen.id}")
    _in_one_line([main.get_by_role("button", name="Udskriv", exact=True),
                  main.get_by_role("link", name="Hent planen som PDF", exact=True),
                  main.get_by_role("link", name="Tilbage til opfølgningen", exact=True)])


def test_the_print_page_shows_the_frame_the_goals_and_the_latest_follow_up(app: AppServer, page: Page) -> None:
    team = make_team(app, "Print")
    bus, phone = "Tage bussen alene til byen", "Ringe til lægen selv"
    bus_id, phone_id = share_goals(app, team.citizen, [goal(bus, step="Øve turen med Maria"), goal(phone)],
                                   days_ago=60)
    write_frame(app, team.contact, team.citizen, purpose="At Jørgen kan klare sig mere selv.",
                intervention="Bostøtte to timer om ugen.", duration_text="mindst 1 år", duration_kind="minimum",
                days_ago=60)
    sign_record(app, team.contact, team.citizen, {bus_id: "met", phone_id: "partly_met"}, days_ago=5)
    held = danish_today(utcnow() - timedelta(days=5))

    log_in(page, app, team.contact)
    open_page(page, app.base_url, f"/kontaktperson/udskriv?id={team.citizen.id}")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(f"Indsatsplan for {team.citizen.name}")
    expect(main.get_by_role("heading", level=2, name=FRAME)).to_be_visible()
    expect(main).to_contain_text("At Jørgen kan klare sig mere selv.")
    expect(main).to_contain_text("Bostøtte to timer om ugen.")
    expect(main).to_contain_text("Mindst · mindst 1 år")
    expect(main.get_by_role("heading", level=3, name=f"Mål 1: {bus}", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", level=3, name=f"Mål 2: {phone}", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", level=2).last).to_have_text("Kvalitetstjek")  # the check comes last
    expect(main).to_contain_text("Øve turen med Maria")
    expect(main.get_by_role("heading", level=3, name=f"Seneste opfølgning {danish(held)}")).to_be_visible()
    expect(main.get_by_role("button", name="Udskriv")).to_be_visible()
    main.get_by_role("link", name="Tilbage til opfølgningen").click()
    expect(page.get_by_role("heading", level=1, name=f"Opfølgning: {team.citizen.name}")).to_be_visible()


# ------------------------------------------------------------------ the citizen prepares


def test_the_citizens_preparation_in_the_chat_reaches_the_follow_up_page_when_they_say_ja(
        app: AppServer, page: Page, new_context: Callable[[], BrowserContext]) -> None:
    team = make_team(app, "Forbered")
    due = danish_today() + timedelta(days=14)
    schedule(app, team.contact, team.citizen, due)
    citizen = new_context().new_page()
    log_in(citizen, app, team.citizen, home="/borger")
    expect(citizen.get_by_text(danish(due), exact=True)).to_be_visible()
    citizen.get_by_role("link", name="Gør dig klar til mødet").click()
    expect(citizen.get_by_role("heading", level=1, name="Forbered mødet")).to_be_visible()
    wait_until_interactive(citizen)

    def newest_is(question: str) -> None:
        expect(citizen.get_by_role("log").locator(":scope > *").last).to_contain_text(question)

    went_well, hard, talk = "Jeg har været i Netto alene", "At stå tidligt op", "Om jeg kan få en cykel"
    for question, answer in (("Hvad er gået godt siden sidst?", went_well), ("Hvad har været svært?", hard),
                             ("Hvad vil du gerne tale om på mødet?", talk)):
        newest_is(question)
        citizen.get_by_label("Dit svar", exact=True).fill(answer)
        citizen.get_by_role("button", name="Send", exact=True).click()
    newest_is("Vil du vise det her til din kontaktperson før mødet?")
    citizen.get_by_role("button", name="Ja", exact=True).click()
    newest_is("Godt forberedt! Tag det med til mødet.")

    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    prepared = section(page, "Borgerens forberedelse")
    for text in (went_well, hard, talk):
        expect(prepared).to_contain_text(text)
    expect(prepared).to_contain_text("Det er gået godt")


# ------------------------------------------------------------------ accessibility


def test_axe_finds_nothing_on_the_follow_up_page_the_print_page_and_the_overview_on_a_phone_and_a_desk(
        app: AppServer, page: Page) -> None:
    team = make_team(app, "Axe")
    walk, money = "Gå en tur hver dag", "Lægge et budget for måneden"
    walk_id, money_id = share_goals(app, team.citizen, [goal(walk, step="Købe gode sko"), goal(money)], days_ago=60)
    write_frame(app, team.contact, team.citizen, purpose="Mere overskud i hverdagen.", intervention="Bostøtte.",
                days_ago=60)
    sign_record(app, team.contact, team.citizen, {walk_id: "met", money_id: "not_met"},
                citizen_degrees={money_id: "partly_met"}, days_ago=7)
    share_preparation(app, team.citizen, "Jeg har gået hver dag", "Regningerne", "Et nyt budget")
    log_in(page, app, team.contact)

    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        open_follow_up(page, app, team.citizen)
        expect(records(page)).to_have_count(1)
        expect(records(page).first.get_by_text("I ser det forskelligt", exact=True)).to_be_visible()
        expect(section(page, "Borgerens forberedelse")).to_contain_text("Et nyt budget")
        assert_accessible(page)

        open_page(page, app.base_url, f"/kontaktperson/udskriv?id={team.citizen.id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Indsatsplan for {team.citizen.name}")
        assert_accessible(page)

        open_page(page, app.base_url, CONTACT_HOME)
        expect(page.get_by_role("list", name="Mine borgere").get_by_role("listitem")).to_have_count(1)
        assert_accessible(page)


def test_axe_finds_nothing_on_the_follow_up_page_while_a_record_is_being_corrected(app: AppServer, page: Page) -> None:
    team = make_team(app, "AxeRet")
    (walk_id,) = share_goals(app, team.citizen, [goal("Gå en tur hver dag")], days_ago=60)
    sign_record(app, team.contact, team.citizen, {walk_id: "met"}, days_ago=7)
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)
    records(page).first.get_by_role("button", name="Ret med en ny dateret rettelse").click()
    expect(section(page, RECORD_FORM).get_by_role("button", name="Fortryd rettelsen")).to_be_visible()
    assert_accessible(page)
