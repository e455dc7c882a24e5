"""Sharing for end-to-end tests: a citizen shares an item, and a reader opens the shared plan and an item in it."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, open_page
from tests.support.workbook_page import (
    CONTACT_HOME,
    SHARED_PLAN,
)

PREVIEW = "Det her bliver delt"


def share(page: Page, expected_text: str, *, contact: bool = True, relative: bool = False,
          check_accessible: bool = False) -> None:
    """On an item's page: choose who, look at the preview of exactly what is shared, press "Del"."""
    page.get_by_role("button", name="Vælg, hvem der må se det").click()
    for label, wanted in (("Min kontaktperson", contact), ("Mine pårørende", relative)):
        tick(page, label, wanted)
    page.get_by_role("button", name="Videre").click()
    preview = preview_card(page)
    expect(preview).to_contain_text(expected_text)
    who = [w for w, on in (("din kontaktperson", contact), ("dine pårørende", relative)) if on]
    expect(preview).to_contain_text("Med: " + " · ".join(who))
    if check_accessible:
        assert_accessible(page)
    page.get_by_role("button", name="Del", exact=True).click()
    expect(page.get_by_text(re.compile("^Delt med: "))).to_have_text("Delt med: " + ", ".join(who))


def tick(page: Page, label: str, on: bool = True) -> None:
    """Tick or untick a choice of audience (or a step offered in the preview): click, and see it ticked."""
    box = page.get_by_role("checkbox", name=label)
    if box.is_checked() != on:
        box.click()
    expect(box).to_be_checked(checked=on)


def preview_card(page: Page) -> Locator:
    return page.get_by_role("heading", name=PREVIEW).locator("xpath=..")


def open_shared_plan(contact: Page, app_url: str, name: str) -> None:
    """From maria's list of citizens, beside the citizen's name: what they have shared with her."""
    open_page(contact, app_url, CONTACT_HOME)
    expect(contact.get_by_role("heading", level=1, name="Mine borgere")).to_be_visible()
    card = contact.get_by_role("listitem").filter(has=contact.get_by_role("link", name=name, exact=True))
    # follow the card's own link rather than click it: the list may re-sort as news arrives
    href = card.get_by_role("link", name="Det, borgeren har delt").get_attribute("href")
    contact.goto(app_url + href)
    expect_at(contact, SHARED_PLAN)
    expect(contact.get_by_role("heading", level=1, name=f"Delt af {name}")).to_be_visible()


def shared_items(contact: Page) -> Locator:
    return contact.get_by_role("list", name="Delt af borgeren").get_by_role("listitem")


def shared_item(contact: Page, text: str) -> Locator:
    return shared_items(contact).filter(has_text=text)
