"""axe-core in the browser: `assert_accessible(page)` after every page an end-to-end test visits.

    from tests.support.axe import assert_accessible

    open_page(page, app_url, "/")
    assert_accessible(page)            # the whole page
    assert_accessible(page, "main")    # or only a part of it (a CSS selector, as axe takes it)

It runs axe-core (bundled with axe-playwright-python, so no download) on the page as it is now,
restricted to the WCAG 2.0 and 2.1 A and AA rules — the bar of DESIGN.md section 9 and of Danish
public-sector law. Best-practice rules (landmarks, heading order, …) are outside that bar and not checked
here. A failure lists each violation with its rule id, impact, what it asks for, a link to the rule,
and every offending element (its CSS target and HTML), so it can be fixed without rerunning.

Call it once the page shows what you want to check (after the heading or the message you expect is
visible): axe only sees what is in the DOM at that moment. It first lets running CSS animations and
transitions finish (a toast fading in is not yet its final colour), for at most SETTLE_MS. Then it checks
that everything that can be tapped is at least 44 x 44 px (tests/support/tap.py): axe's own target-size
rule is WCAG 2.2 and asks only 24 px.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.tap import assert_easy_to_tap

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

SETTLE_MS = 3_000

# Finite animations still running (a fade-in); endless ones such as a spinner are ignored.
_SETTLED = """() => document.getAnimations().every(animation =>
  animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity)"""

_axe = Axe()


def _settle(page: Page) -> None:
    try:
        page.wait_for_function(_SETTLED, timeout=SETTLE_MS)
    except PlaywrightTimeoutError:
        pass  # check the page as it is; a violation found now is still worth reporting


def violations(page: Page, context: str | None = None) -> list[dict]:
    _settle(page)
    return _axe.run(page, context=context, options=OPTIONS).response["violations"]


def format_violations(found: list[dict], url: str) -> str:
    lines = [f"{len(found)} accessibility violation(s) (WCAG 2.1 A/AA) on {url}:"]
    for violation in found:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']}"
                     f" ({violation.get('helpUrl', '')})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '').strip()[:300]}")
            summary = node.get("failureSummary", "").strip().replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def assert_accessible(page: Page, context: str | None = None) -> None:
    """Fail when axe-core finds any WCAG 2.0/2.1 A or AA violation on the page (or in `context`)."""
    found = violations(page, context)
    assert not found, format_violations(found, page.url)
    assert_easy_to_tap(page)
