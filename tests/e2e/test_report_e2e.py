"""The manager's report (DESIGN section 6) in Chromium: /leder/rapport with its eight figures (a chart and
a table each), small cells ("< 5" and "–"), the CSV download, the period, what the page's websocket
carries, a manager without a unit, accessibility and print; and the manager's home /leder (the link to
the report, the counts, giving a citizen without one a contact person).

The demo database holds a synthetic population in the demo units, so every test makes its own manager
and its own three units (tests/support/report_data.py) and fills them with exactly the plans and goals
it needs (synthetic.generate with PlanShape): the figures are then exactly the test's numbers.

Waiting is always for what the manager would see (a heading, a table's rows, an alert), never for a
fixed time.
"""

import itertools
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from citizenplan import i18n
from citizenplan.clock import danish_today
from citizenplan.domain import report
from citizenplan.domain.vocabulary import Role, ServiceArea
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, login, open_page, wait_until_interactive
from tests.support.report_data import (
    PASSWORD,
    Office,
    Person,
    add_person,
    goal,
    make_office,
    populate,
    share_goals,
)

pytestmark = pytest.mark.e2e

HANDICAP, PSYCHIATRY, HOMELESS = ServiceArea.HANDICAP, ServiceArea.PSYCHIATRY, ServiceArea.HOMELESSNESS_AND_ADDICTION
PILOT = {HANDICAP: (22, 45), PSYCHIATRY: (16, 19), HOMELESS: (29, 51)}  # seed 000: plans, goals per area

MANAGER_HOME, REPORT, CONTACT_HOME = "/leder", "/leder/rapport", "/kontaktperson"
TITLE = "Ledelsesinformation"
FIGURES = ["Planer og delmål", "Andel indsatsplaner", "Mål fordelt på driftsområde",
           "Mål fordelt på WHOs livskvalitetsdimensioner", "Overordnet formål med mål", "Målopfyldelse",
           "Tilbud om handleplan", "Kvalitet"]
BY_AREA = [title for title in FIGURES if title != "Mål fordelt på driftsområde"]  # its bars are the areas
CSV_BUTTON = "Hent tabellen som CSV"
SMALL, HIDDEN = "< 5", "–"
BAD_PERIOD = "Perioden slutter, før den begynder. Vælg en slutdato efter startdatoen."
NO_PLANS = "Der er ingen planer i perioden. Vælg en anden periode."
NO_UNIT = "Du er ikke leder for en enhed endnu"
ASSIGNED = "Borgeren har fået en kontaktperson."
BOM = b"\xef\xbb\xbf"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


def danish(day) -> str:
    return i18n.long_date(day, "da")


# ------------------------------------------------------------------ steps


def log_in(page: Page, app: AppServer, person: Person, home: str = MANAGER_HOME) -> None:
    login(page, app.base_url, person.username, PASSWORD, home=home)


def open_report(page: Page, app: AppServer, office: Office) -> None:
    """Log in as the office's manager, follow "Se rapporten" from /leder, wait for the first figure."""
    log_in(page, app, office.manager)
    page.get_by_role("link", name="Se rapporten", exact=True).click()
    expect_at(page, REPORT)
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(figure_table(page, FIGURES[0]).locator("tbody tr")).to_have_count(4)


def figure(page: Page, title: str) -> Locator:
    """One figure: the <section> named by its heading (its table's scrolling box is a region of the same
    name, inside it, without the heading)."""
    return page.get_by_role("region", name=title, exact=True).filter(
        has=page.get_by_role("heading", level=2, name=title, exact=True))


def figure_table(page: Page, title: str) -> Locator:
    return page.get_by_role("table", name=title, exact=True)


def cells(table: Locator) -> list[list[str]]:
    """The table as its text: the header row, then one row per area and "I alt" (Babel's no-break spaces,
    as in "33\xa0%", read as spaces)."""
    rows = table.evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim()))")
    return [[text.replace("\xa0", " ") for text in row] for row in rows]


def area_rows(page: Page, area_label: str) -> list[list[str]]:
    """The row of one area in every table on the page."""
    return [row for title in FIGURES for row in cells(figure_table(page, title)) if row[0] == area_label]


def choose_period(page: Page, start: str, end: str) -> None:
    page.get_by_label("Fra", exact=True).fill(start)
    page.get_by_label("Til", exact=True).fill(end)
    page.get_by_role("button", name="Vis perioden", exact=True).click()


def period_line(start, end) -> str:
    return f"Periode: {danish(start)} – {danish(end)}"


def count(text: str) -> int:
    return int(text.replace(".", "").replace("\xa0", ""))


def possible_values(column: list[str], total: int) -> list[set[int]]:
    """What a reader can work out of the hidden cells of one column, from the column's total, the published
    cells and what the page says: "< 5" is 1 to 4, so "–" (hidden beside it) is 0 or at least 5.
    One set of possible values per hidden cell, in order."""
    hidden = [text for text in column if text in (SMALL, HIDDEN)]
    rest = total - sum(count(text) for text in column if text not in (SMALL, HIDDEN))
    choices = [range(1, 5) if text == SMALL else [0, *range(5, rest + 1)] for text in hidden]
    seen: list[set[int]] = [set() for _ in hidden]
    for combination in itertools.product(*choices):
        if sum(combination) == rest:
            for values, value in zip(seen, combination, strict=True):
                values.add(value)
    return seen


# ------------------------------------------------------------------ the figures


def test_the_manager_follows_se_rapporten_and_sees_eight_figures_each_a_chart_and_a_table_with_the_pilot_numbers(
        app: AppServer, page: Page) -> None:
    office = make_office(app, "Pilot")
    populate(app, office, PILOT)
    today = danish_today()
    log_in(page, app, office.manager)
    counts = page.get_by_role("heading", level=2, name="Borgere i dine enheder").locator("xpath=..")
    expect(counts).to_contain_text("Borgere: 67")
    expect(counts).to_contain_text("Uden kontaktperson: 0")
    expect(counts).to_contain_text("Uden en delt plan: 0")
    page.get_by_role("link", name="Se rapporten", exact=True).click()
    expect_at(page, REPORT)

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(main).to_contain_text(period_line(report.default_period(today).start, today))
    expect(main.get_by_text(re.compile(rf"Beregnet {re.escape(danish(today))} \d\d:\d\d"))).to_be_visible()
    expect(main).to_contain_text(", ".join(sorted(office.unit_names.values())))
    expect(main.get_by_role("heading", level=2)).to_have_text(FIGURES)
    for title in FIGURES:
        section = figure(page, title)
        expect(section).to_have_count(1)
        expect(section.locator("svg").first).to_be_visible()  # the chart
        expect(section.get_by_role("table", name=title, exact=True)).to_be_visible()
        expect(section.get_by_role("button", name=f"{CSV_BUTTON}: {title}", exact=True)).to_be_visible()

    assert cells(figure_table(page, "Planer og delmål")) == [
        ["Område", "Planer", "Mål (delmål)"],
        ["Handicap", "22", "45"],
        ["Psykiatri", "16", "19"],
        ["Forsorg og misbrug", "29", "51"],
        ["I alt", "67", "115"],
    ]
    goals = cells(figure_table(page, "Mål fordelt på driftsområde"))
    assert [row[:3] for row in goals[1:]] == [["Handicap", "45", "39 %"], ["Psykiatri", "19", "17 %"],
                                              ["Forsorg og misbrug", "51", "44 %"], ["I alt", "115", "100 %"]]
    # Every goal is in the WHO table and in the purpose table, per area: their "I alt" column is the goals.
    for title in ("Mål fordelt på WHOs livskvalitetsdimensioner", "Overordnet formål med mål"):
        assert [row[-1] for row in cells(figure_table(page, title))[1:]] == ["45", "19", "51", "115"], title


def test_a_small_area_shows_less_than_5_a_neighbour_is_hidden_and_the_number_is_nowhere_in_the_tables(
        app: AppServer, page: Page) -> None:
    office = make_office(app, "Lille")
    populate(app, office, {HANDICAP: (3, 8), PSYCHIATRY: (16, 19), HOMELESS: (29, 51)})
    open_report(page, app, office)

    table = cells(figure_table(page, "Planer og delmål"))
    assert table[1] == ["Handicap", SMALL, "8"]
    plans_column = [row[1] for row in table[1:]]
    handicap_row = table[1][1:]
    assert HIDDEN in plans_column[1:] or HIDDEN in handicap_row, (
        f"with Handicap hidden, its total would give it away: {table}")
    assert table[4] == ["I alt", "48", "78"]
    # The 3 plans appear in no table's Handicap row, not even as a share of the plans.
    handicap = area_rows(page, "Handicap")
    assert len(handicap) == len(FIGURES)
    assert all(text != "3" for row in handicap for text in row), handicap
    assert cells(figure_table(page, "Kvalitet"))[1][1] == SMALL


def test_a_hidden_count_cannot_be_worked_out_from_its_column_with_what_the_page_says_about_the_signs(
        app: AppServer, page: Page) -> None:
    office = make_office(app, "Regn")
    populate(app, office, {HANDICAP: (1, 2), PSYCHIATRY: (20, 40), HOMELESS: (5, 10)})
    open_report(page, app, office)

    table = cells(figure_table(page, "Planer og delmål"))
    assert table[1][1] == SMALL  # 1 plan in Handicap: hidden, and a neighbour with it
    for column in (1, 2):
        values = [row[column] for row in table[1:4]]
        total = count(table[4][column])
        for text, possible in zip([v for v in values if v in (SMALL, HIDDEN)], possible_values(values, total),
                                  strict=True):
            assert len(possible) > 1, (f"column {table[0][column]!r}: a {text!r} can only be {possible} "
                                       f"({values}, I alt {total})")


# ------------------------------------------------------------------ CSV and print


def test_hent_tabellen_som_csv_downloads_semicolon_separated_utf8_with_a_bom_and_print_hides_the_buttons(
        app: AppServer, page: Page) -> None:
    office = make_office(app, "Csv")
    populate(app, office, PILOT)
    today = danish_today()
    start = report.default_period(today).start
    open_report(page, app, office)

    with page.expect_download() as download_info:
        page.get_by_role("button", name=f"{CSV_BUTTON}: Planer og delmål", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == f"plans_and_goals-{start.isoformat()}-{today.isoformat()}.csv"
    body = download.path().read_bytes()
    assert body.startswith(BOM), body[:20]
    lines = body[len(BOM):].decode("utf-8").split("\r\n")
    assert lines[0] == "Område;Planer;Mål (delmål)"
    assert lines[1:] == ["Handicap;22;45", "Psykiatri;16;19", "Forsorg og misbrug;29;51", "I alt;67;115", ""]

    page.emulate_media(media="print")
    buttons = page.get_by_role("button", name=re.compile("^" + re.escape(CSV_BUTTON)), include_hidden=True)
    expect(buttons).to_have_count(len(FIGURES))
    for n in range(len(FIGURES)):
        expect(buttons.nth(n)).to_be_hidden()
    expect(page.get_by_role("button", name="Vis perioden", include_hidden=True)).to_be_hidden()
    expect(page.get_by_role("button", name="Udskriv", include_hidden=True)).to_be_hidden()
    expect(figure_table(page, "Kvalitet")).to_be_visible()  # the figures themselves are printed
    page.emulate_media(media="screen")
    expect(buttons.first).to_be_visible()


# ------------------------------------------------------------------ the period


def test_an_end_before_the_start_is_refused_in_danish_keeping_the_dates_and_a_period_without_plans_says_so(
        app: AppServer, page: Page) -> None:
    office = make_office(app, "Periode")
    populate(app, office, PILOT)
    today = danish_today()
    open_report(page, app, office)
    main = page.get_by_role("main")
    default_start = report.default_period(today).start
    expect(page.get_by_label("Fra", exact=True)).to_have_value(default_start.isoformat())
    expect(page.get_by_label("Til", exact=True)).to_have_value(today.isoformat())

    start, end = (today - timedelta(days=30)).isoformat(), (today - timedelta(days=60)).isoformat()
    choose_period(page, start, end)
    expect(main.get_by_role("alert")).to_have_text(BAD_PERIOD)
    expect(page.get_by_label("Fra", exact=True)).to_have_value(start)
    expect(page.get_by_label("Til", exact=True)).to_have_value(end)

    long_ago = today - timedelta(days=3650)
    empty_end = long_ago + timedelta(days=364)
    choose_period(page, long_ago.isoformat(), empty_end.isoformat())
    expect(main.get_by_text(NO_PLANS, exact=True)).to_be_visible()
    expect(main.get_by_role("alert")).to_have_count(0)
    expect(main).to_contain_text(period_line(long_ago, empty_end))
    expect(main.get_by_role("table")).to_have_count(0)
    expect(main.locator("svg")).to_have_count(0)  # no chart
    expect(main.get_by_role("button", name=re.compile("^" + re.escape(CSV_BUTTON)))).to_have_count(0)
    expect(page.get_by_label("Fra", exact=True)).to_have_value(long_ago.isoformat())
    expect(page.get_by_label("Til", exact=True)).to_have_value(empty_end.isoformat())
    assert_accessible(page)

    # Back to the last 12 months, the figures return.
    choose_period(page, default_start.isoformat(), today.isoformat())
    expect(main.get_by_text(NO_PLANS, exact=True)).to_have_count(0)
    expect(figure_table(page, "Planer og delmål").locator("tbody tr").last).to_have_text(re.compile(r"I alt\s*67\s*115"))


# ------------------------------------------------------------------ what the browser receives


def test_the_report_page_receives_no_name_and_no_goal_over_its_websocket(app: AppServer, page: Page) -> None:
    office = make_office(app, "Privat")
    populate(app, office, {HANDICAP: (6, 12), PSYCHIATRY: (7, 9), HOMELESS: (8, 10)})
    contact = add_person(app, office, HANDICAP, Role.CONTACT_PERSON, f"Privat Kontakt {office.tag}")
    marker = f"Qzx{office.tag}"
    names = [f"Ingeborg Vindelbo {marker}", f"Torkild Smørhul {marker}"]
    titles = [f"Lære at spille banjo {marker}", f"Flytte til Fanø {marker}"]
    for name, title in zip(names, titles, strict=True):
        citizen = add_person(app, office, HANDICAP, Role.CITIZEN, name, follows=contact)
        share_goals(app, citizen, [goal(title, why=f"Fordi {marker} vil", success=f"Når {marker} kan")])

    frames: list[str] = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, str)
                                                       else payload.decode("utf-8", "replace"))))
    open_report(page, app, office)
    # The two plans are counted: 6 synthetic and 2 of ours in Handicap.
    assert cells(figure_table(page, "Planer og delmål"))[1] == ["Handicap", "8", "14"]
    today = danish_today()
    choose_period(page, (today - timedelta(days=90)).isoformat(), today.isoformat())
    expect(page.get_by_role("main")).to_contain_text(period_line(today - timedelta(days=90), today))
    page.reload()  # a fresh load: the whole state, not only what changed
    wait_until_interactive(page)
    expect(figure_table(page, "Planer og delmål").locator("tbody tr")).to_have_count(4)

    received = "\n".join(frames)
    assert office.unit_names[HANDICAP] in received, "no frame of the report was captured"
    for secret in [marker, *names, *titles, "Ingeborg", "banjo", "Borger "]:
        assert secret not in received, f"{secret!r} reached the report page's websocket"


# ------------------------------------------------------------------ a manager without a unit


def test_a_manager_without_a_unit_is_told_so_on_the_report(app: AppServer, page: Page) -> None:
    office = make_office(app, "Ingen", with_units=False)
    log_in(page, app, office.manager)
    page.get_by_role("link", name="Se rapporten", exact=True).click()
    expect_at(page, REPORT)
    main = page.get_by_role("main")
    expect(main.get_by_role("alert")).to_contain_text(NO_UNIT)
    expect(main.get_by_role("button", name="Vis perioden")).to_have_count(0)
    expect(main.get_by_role("table")).to_have_count(0)
    expect(main).not_to_contain_text("Beregnet")
    assert_accessible(page)


# ------------------------------------------------------------------ accessibility and the manager's home


# Everything in <main> that reaches past either side of the screen (a table's hidden column, a chart's
# label), leaving out what is visually hidden on purpose (clipped: a table's caption, its header on a phone).
_OFF_SCREEN = """() => {
  const clipped = e => { for (let a = e; a && a.tagName !== 'MAIN'; a = a.parentElement) {
      if (getComputedStyle(a).clip !== 'auto') return true; } return false; };
  return Array.from(document.querySelectorAll('main *')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5) && !clipped(e);
  }).map(e => `${e.tagName} "${(e.textContent || '').trim().slice(0, 30)}"`);
}"""

# Each chart's texts (axis labels, "100%", the 80 % line's label): cut where it reaches past its chart,
# colliding where two overlap.
_CHART_TEXT = """() => {
  const found = [];
  document.querySelectorAll('.report-figure svg.recharts-surface').forEach(svg => {
    const box = svg.getBoundingClientRect();
    const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim() !== '');
    const rects = texts.map(t => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      const r = rects[i];
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        found.push(`cut: ${t.textContent}`);
      }
      for (let j = i + 1; j < texts.length; j++) {
        const o = rects[j];
        if (r.left < o.right - 0.5 && o.left < r.right - 0.5 && r.top < o.bottom - 0.5 && o.top < r.bottom - 0.5) {
          found.push(`collide: ${t.textContent} / ${texts[j].textContent}`);
        }
      }
    });
  });
  return found;
}"""


def test_on_a_phone_no_chart_label_is_cut_or_collides_and_no_table_hides_a_column(app: AppServer, page: Page) -> None:
    office = make_office(app, "Phone")
    populate(app, office, PILOT)
    open_report(page, app, office)  # 390 x 844
    for title in BY_AREA:
        expect(figure(page, title).locator("svg text", has_text="Handicap")).to_be_visible()
    expect(figure(page, "Mål fordelt på driftsområde").locator("svg text", has_text="Mål i alt")).to_be_visible()
    expect(figure(page, "Målopfyldelse").locator("svg text", has_text="80 %")).to_be_visible()

    assert page.evaluate(_CHART_TEXT) == [], "every label of every chart is whole and stands alone"
    assert page.evaluate(_OFF_SCREEN) == [], "nothing is cut off at the side of the phone"
    for title in FIGURES:
        region = page.get_by_role("region", name=title, exact=True).last  # the table's own box
        assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{title}: no column hidden to the side"
    # The numbers are still in their table for a screen reader, each with its column.
    assert cells(figure_table(page, "Mål fordelt på driftsområde"))[0] == [
        "Område", "Mål (delmål)", "Andel af alle mål", "Mål med opfølgning", "Andel af mål med opfølgning",
        "Mål med overskredet opfølgningsdato", "Andel af mål med overskredet dato"]
    hidden_on_phone = figure_table(page, "Mål fordelt på driftsområde").get_by_role("cell", name="Mål med overskredet")
    expect(hidden_on_phone).to_have_count(0)  # the column's name shown beside a number is not read twice

    # In English the longest word of an area's name is longer ("Homelessness"): still whole.
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Management information")).to_be_visible()
    page.reload()  # the figures are worked out in the manager's language when the page loads
    expect(page.locator(".report-figure svg text", has_text="Disability")).to_have_count(len(BY_AREA))
    assert page.evaluate(_CHART_TEXT) == []
    assert page.evaluate(_OFF_SCREEN) == []


def test_axe_finds_no_violation_on_the_report_on_a_phone_and_on_a_desk(app: AppServer, page: Page) -> None:
    office = make_office(app, "Axe")
    populate(app, office, {HANDICAP: (3, 8), PSYCHIATRY: (16, 19), HOMELESS: (29, 51)})
    open_report(page, app, office)
    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        for title in FIGURES:
            expect(figure(page, title).locator("svg").first).to_be_visible()
        assert_accessible(page)


def test_the_manager_gives_a_citizen_a_contact_person_who_then_has_the_citizen_in_their_list(
        app: AppServer, page: Page, new_context: Callable[[], BrowserContext]) -> None:
    office = make_office(app, "Tildel")
    populate(app, office, {HANDICAP: (5, 6), PSYCHIATRY: (5, 5), HOMELESS: (5, 5)})
    contact = add_person(app, office, PSYCHIATRY, Role.CONTACT_PERSON, f"Tildel Kontakt {office.tag}")
    citizen = add_person(app, office, PSYCHIATRY, Role.CITIZEN, f"Tildel Borgersen {office.tag}")

    log_in(page, app, office.manager)
    counts = page.get_by_role("heading", level=2, name="Borgere i dine enheder").locator("xpath=..")
    expect(counts).to_contain_text("Borgere: 16")
    expect(counts).to_contain_text("Uden kontaktperson: 1")
    expect(counts).to_contain_text("Uden en delt plan: 1")
    expect(counts).to_contain_text(f"{citizen.name} · {office.unit_names[PSYCHIATRY]}")
    assert page.viewport_size == PHONE
    assert_accessible(page)

    page.get_by_label("Kontaktperson", exact=True).select_option(label=contact.name)
    page.get_by_role("button", name=f"Tildel kontaktperson til {citizen.name}", exact=True).click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(ASSIGNED)
    expect(counts).to_contain_text("Uden kontaktperson: 0")
    expect(page.get_by_role("button", name=f"Tildel kontaktperson til {citizen.name}")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("alert")).to_have_count(0)
    assert app.query("SELECT contact_person_id FROM contactassignment WHERE citizen_id = ? AND ended_at IS NULL",
                     (citizen.id,)) == [(contact.id,)]

    colleague = new_context().new_page()
    log_in(colleague, app, contact, home=CONTACT_HOME)
    mine = colleague.get_by_role("list", name="Mine borgere").get_by_role("listitem")
    expect(mine).to_have_count(1)
    expect(mine.first.get_by_role("link", name=citizen.name, exact=True)).to_be_visible()
    open_page(colleague, app.base_url, CONTACT_HOME)  # and after a fresh load, still there
    expect(mine.first).to_contain_text(citizen.name)


# Each bar's colour as drawn, and the colour of the page behind its chart (the first painted background up
# the tree; the browser's white canvas when nothing is painted).
_BAR_COLOURS = """() => {
  const behind = el => {
    for (; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  return [...document.querySelectorAll('.report-chart path.recharts-rectangle')].map(bar =>
    [getComputedStyle(bar).fill, behind(bar.closest('.report-chart'))]);
}"""


def _luminance(css_colour: str) -> float:
    red, green, blue = (float(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two CSS colours (rgb() or rgba() as getComputedStyle gives them)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_bar_stands_at_3_to_1_against_the_page_in_light_and_dark_mode(app: AppServer, page: Page,
                                                                            mode: str) -> None:
    """WCAG 1.4.11: a bar is a graphic that carries the figure, so it needs 3:1 against what is behind it.
    In dark mode the light mode's dark teal stood at 2.6:1 on the dark page."""
    page.emulate_media(color_scheme=mode)
    office = make_office(app, f"Kontrast {mode}")
    populate(app, office, {HANDICAP: (6, 9), PSYCHIATRY: (7, 8), HOMELESS: (8, 12)})
    open_report(page, app, office)
    assert page.evaluate("document.documentElement.classList.contains('dark')") == (mode == "dark")
    for title in FIGURES:
        expect(figure(page, title).locator("svg").first).to_be_visible()
    expect(figure(page, FIGURES[0]).locator("path.recharts-rectangle").first).to_be_visible()
    bars = page.evaluate(_BAR_COLOURS)
    assert len({fill for fill, _ in bars}) >= 3, "the series of bars are drawn, each in its own colour"
    too_faint = sorted({(fill, behind, round(contrast(fill, behind), 2)) for fill, behind in bars
                        if contrast(fill, behind) < 3})
    assert too_faint == []
