"""Every text a citizen or a relative reads is short and concrete: LIX of each of their pages at most 30, no
jargon (DESIGN section 9).

Which pages those are is read from the app, not kept by hand: every address in citizenplan/routes.py is a Reflex
page (citizenplan/pages/PAGES: its role is the one routes.PAGE_ROLES names; a page in routes.PUBLIC_PAGES is
open to anyone, so a citizen reads it), a page the server writes itself (a module with a READERS
tuple), or named below as no page at all. A new address that is none of these fails the test.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from citizenplan import pages, routes
from citizenplan.domain.plain_language import jargon_in, lix
from citizenplan.domain.vocabulary import Role
from tests.support.pages import SERVER_PAGES, _reflex_role

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "citizenplan" / "pages"
NOT_PAGES = {routes.PLAN_PDF: "a PDF download", routes.MY_DATA_JSON: "her data as a JSON download",
             routes.MY_DATA_PDF: "her data as a PDF download",
             routes.FHIR_PLAN: "the shared plan as a FHIR download", routes.FHIR_MY_PLAN: "her plan as FHIR",
             routes.FHIR_REPORT: "the manager's figures as a FHIR MeasureReport",
             routes.AUTH_SESSION: "POST only: a login ticket becomes the cookie",
             routes.AUTH_LOGOUT: "POST only: ends the cookie's session", routes.READY: "the workers' readiness check"}
READERS = (Role.CITIZEN, Role.RELATIVE)


def _addresses() -> dict[str, str]:
    """Every address routes.py names: constant name -> path."""
    return {name: value for name, value in vars(routes).items()
            if name.isupper() and isinstance(value, str) and value.startswith("/")}


def _source_files(module) -> list[Path]:
    """A page module and the components it uses (comments, fulfilment, handover...)."""
    files = [Path(module.__file__)]
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("citizenplan.components."):
            files.append(Path(importlib.import_module(node.module).__file__))
    return files


def _read_by_citizens_or_relatives() -> dict[str, list[Path]]:
    """path -> the source files of every page a citizen or a relative reads."""
    reflex = {route: (component, on_load) for route, component, on_load in pages.PAGES}
    found = {}
    for path in _addresses().values():
        if path in reflex:
            component, on_load = reflex[path]
            if _reflex_role(on_load) in (None, *READERS):
                state_file = Path(inspect.getfile(on_load.fn))  # what its state says (notices, errors)
                found[path] = [*_source_files(inspect.getmodule(component)), state_file]
        elif path in SERVER_PAGES:
            if set(SERVER_PAGES[path].READERS) & set(READERS):
                found[path] = [Path(SERVER_PAGES[path].__file__)]
    return found


CITIZEN_PAGES = _read_by_citizens_or_relatives()


def test_every_address_is_a_known_page_or_named_as_no_page():
    reflex = {route for route, _component, _load in pages.PAGES}
    unknown = [f"{name} = {path}" for name, path in _addresses().items()
               if path not in reflex and path not in SERVER_PAGES and path not in NOT_PAGES]
    assert unknown == []


def test_the_pages_found_include_each_citizen_and_relative_page_the_review_named():
    for path in (routes.LOGIN, routes.ACTIVATE, routes.CITIZEN_HOME, routes.RELATIVE_HOME, routes.WORKBOOK,
                 routes.WORKBOOK_ITEM, routes.MY_RELATIVES, routes.ACCESS_LOG, routes.CHAT, routes.MY_PLAN,
                 routes.CRISIS_PLAN, routes.MY_DATA):
        assert path in CITIZEN_PAGES
    for path in (routes.CONTACT_PERSON_HOME, routes.FOLLOW_UP, routes.MANAGER_REPORT, routes.PRINT_PLAN):
        assert path not in CITIZEN_PAGES


def _texts(path: Path) -> list[str]:
    """The Danish msgids a file passes to t() or marks with N_()."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("t", "N_")
        and node.args and isinstance(node.args[0], ast.Constant)
    ]


def _page_texts(path: str) -> list[str]:
    return list(dict.fromkeys(text for source in CITIZEN_PAGES[path] for text in _texts(source)))


def _as_prose(texts: list[str]) -> str:
    return " ".join(text if text.rstrip().endswith((".", "?", "!", ":")) else text + "." for text in texts)


@pytest.mark.parametrize("page", sorted(CITIZEN_PAGES))
def test_a_citizen_or_relative_page_reads_easily(page):
    prose = _as_prose(_page_texts(page))
    assert prose, "found no texts: the test would prove nothing"
    assert lix(prose) <= 30, f"LIX {lix(prose):.1f} on {page}"


@pytest.mark.parametrize("page", sorted(CITIZEN_PAGES))
def test_a_citizen_or_relative_page_has_no_professional_jargon(page):
    assert jargon_in(_as_prose(_page_texts(page))) == []


def test_lix_matches_a_worked_example():
    # 6 words, 1 sentence, 2 long words ("drømmer", "fremtiden"): 6 + 100 * 2 / 6
    assert lix("Jeg drømmer om en god fremtiden.") == pytest.approx(6 + 100 * 2 / 6)


def test_long_officialese_scores_high():
    assert lix("Borgerens indsatsmål fastsættes efter servicelovens bestemmelser vedrørende foranstaltninger.") > 60
