"""Touch targets of at least 44 x 44 px (DESIGN.md section 9), checked on every page the end-to-end tests visit.

`open_page`, `expect_at`, `login` (tests/support/browser.py) and `assert_accessible` (tests/support/axe.py)
call `assert_easy_to_tap(page)` on the page as it is then, so no test has to remember it. A link inside a
sentence gets no exemption (WCAG 2.5.8 would allow one): on an old phone with big fingers it has to be
hit too, so such a link is given room (see assets/styles.css) rather than let off.

`too_small_to_tap(page, selector)` lists the names of what is too small, for a test that wants to look at
one part of a page.
"""

from playwright.sync_api import Page

MIN_PX = 44
TARGETS = "a[href], button, input[type=checkbox], input[type=radio], [role=checkbox], [role=radio]"

_TOO_SMALL = """([selector, min]) => Array.from(document.querySelectorAll(selector)).filter(e => {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    for (let a = e; a; a = a.parentElement) {  // visually hidden on purpose (clipped): nothing to tap
      if (getComputedStyle(a).clip !== 'auto') return false;
    }
    // A native radio or checkbox is hit through its label, which wraps it: the label is the target.
    const target = (e.matches('input') && e.closest('label')) ? e.closest('label').getBoundingClientRect() : box;
    return target.width < min - 0.5 || target.height < min - 0.5;
  }).map(e => {
    const box = e.getBoundingClientRect();
    const name = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('href') || e.tagName).trim();
    return `${name.slice(0, 60)} (${Math.round(box.width)} x ${Math.round(box.height)} px)`;
  })"""


def too_small_to_tap(page: Page, selector: str = TARGETS) -> list[str]:
    """The names (and sizes) of the visible elements matching `selector` that are under 44 x 44 px."""
    return page.evaluate(_TOO_SMALL, [selector, MIN_PX])


def assert_easy_to_tap(page: Page) -> None:
    """Fail when anything on the page that can be tapped is under 44 x 44 px."""
    small = too_small_to_tap(page)
    assert not small, f"too small to tap (under {MIN_PX} x {MIN_PX} px) on {page.url}: {small}"
