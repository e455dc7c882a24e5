"""Test modules share helpers only through tests/support (issue 22, "Tests that live well").

A test module that imports another test module runs that module's top again, makes its tests depend on a
file that can be split or renamed for its own reasons, and hides what is shared. So every import of ours
under tests/ is of tests.support (or of the package itself); the reader below is tried on planted imports
first, so it is known to catch each way of writing one.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
SHARED = "tests.support"
# Besides tests.support, what a module under tests/ may import of tests/, and why.
ALLOWED = {
    "tests.conftest": "the shared setup pytest loads anyway; test_every_handler.py builds its databases with it",
}


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts[:-1])


def imports_of_test_modules(source: str, package: str) -> list[str]:
    """Every module under tests/ that `source` (a module in `package`) imports, other than tests.support."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: from . import x, from ..unit.x import y
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names = [f"{base}.{alias.name}" for alias in node.names] if base in ("tests", *_packages()) else [base]
        else:
            continue
        for name in names:
            ours = name == "tests" or name.startswith("tests.")
            if ours and not (name == SHARED or name.startswith(SHARED + ".")) and name not in ALLOWED:
                found.append(name)
    return found


def _packages() -> tuple[str, ...]:
    return tuple(f"tests.{folder.name}" for folder in TESTS.iterdir() if (folder / "__init__.py").exists())


PLANTED = {
    "a test module by name": ("from tests.unit.test_follow_up import make_case\n", "tests.unit"),
    "a test module as a module": ("from tests.e2e import test_chat\n", "tests.e2e"),
    "a dotted import": ("import tests.app.test_chat_state as chat\n", "tests.app"),
    "a relative import": ("from .test_sharing_policy import world\n", "tests.unit"),
    "a relative import of a sibling package": ("from ..e2e.test_workbook import make_goal\n", "tests.unit"),
    "a helper module beside the tests": ("from tests.unit import architecture_fixtures\n", "tests.unit"),
}
CLEAN = {
    "a support module": ("from tests.support.follow_up_case import make_case\n", "tests.unit"),
    "the support package": ("from tests.support import chat_page\n", "tests.e2e"),
    "the app itself": ("from citizenplan.domain import workbook\nimport pytest\n", "tests.unit"),
}


@pytest.mark.parametrize("case", PLANTED)
def test_the_reader_catches_a_planted_import_of_a_test_module(case):
    source, package = PLANTED[case]
    assert imports_of_test_modules(source, package) != []


@pytest.mark.parametrize("case", CLEAN)
def test_the_reader_lets_an_import_of_tests_support_or_the_app_pass(case):
    source, package = CLEAN[case]
    assert imports_of_test_modules(source, package) == []


def test_no_module_under_tests_imports_a_test_module_only_tests_support():
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        imported = imports_of_test_modules(path.read_text(encoding="utf-8"), _package_of(path))
        if imported:
            found[str(path.relative_to(TESTS.parent))] = imported
    assert found == {}, "move what they share into tests/support/"
