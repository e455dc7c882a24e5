"""Every text a citizen reads is short and concrete: LIX of each citizen page at most 30, no jargon."""

import ast
from pathlib import Path

import pytest

from citizenplan.domain.plain_language import jargon_in, lix

PAGES = Path(__file__).resolve().parents[2] / "citizenplan" / "pages"
CITIZEN_PAGES = ["login.py", "activation.py", "citizen_home.py", "relative_home.py"]


def _texts(path: Path) -> list[str]:
    """The Danish msgids a page file passes to t()."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t"
        and node.args and isinstance(node.args[0], ast.Constant)
    ]


def _as_prose(texts: list[str]) -> str:
    return " ".join(text if text.rstrip().endswith((".", "?", "!", ":")) else text + "." for text in texts)


@pytest.mark.parametrize("page", CITIZEN_PAGES)
def test_a_citizen_page_reads_easily(page):
    prose = _as_prose(_texts(PAGES / page))
    assert prose, "found no texts: the test would prove nothing"
    assert lix(prose) <= 30, f"LIX {lix(prose):.1f} on {page}"


@pytest.mark.parametrize("page", CITIZEN_PAGES)
def test_a_citizen_page_has_no_professional_jargon(page):
    assert jargon_in(_as_prose(_texts(PAGES / page))) == []


def test_lix_matches_a_worked_example():
    # 6 words, 1 sentence, 2 long words ("drømmer", "fremtiden"): 6 + 100 * 2 / 6
    assert lix("Jeg drømmer om en god fremtiden.") == pytest.approx(6 + 100 * 2 / 6)


def test_long_officialese_scores_high():
    assert lix("Borgerens indsatsmål fastsættes efter servicelovens bestemmelser vedrørende foranstaltninger.") > 60
