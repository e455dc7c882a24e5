"""Danish is the source language and English is complete; no UI text bypasses gettext."""

import ast
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from babel.messages.pofile import read_po

from citizenplan import i18n

ROOT = Path(__file__).resolve().parents[2]
UI_DIRS = [ROOT / "citizenplan" / "pages", ROOT / "citizenplan" / "components"]
# Words that are the same in every language: the app's name, and each language's own name.
NOT_TRANSLATED = {"Min Vej", "English", "Dansk"}
CSS_SIZE = re.compile(r"^[\d.]+(rem|px|em|vh|vw|%)$")
TOKEN = re.compile(r"^[a-z_]+$")  # a variant, a state or a key, such as "solid" or "true"
TEXT_KEYWORDS = {"label", "placeholder", "aria_label", "title", "alt", "content"}


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_an_english_translation():
    english = _catalogue(ROOT / "locales/en/LC_MESSAGES/messages.po")
    template_ids = {m.id for m in _catalogue(ROOT / "locales/messages.pot") if m.id}
    translated = {m.id for m in english if m.id and _complete(m.string) and not m.fuzzy}
    assert sorted(template_ids - translated, key=str) == []


def _complete(string: str | tuple[str, ...]) -> bool:
    """A text, or every plural form of one (babel gives those as a tuple, which is truthy even when empty)."""
    return all(string) if isinstance(string, tuple) else bool(string)


def test_a_count_reads_with_the_plural_form_its_language_asks_for():
    assert "{count} ny kommentar" in {m.id[0] for m in _catalogue(ROOT / "locales/messages.pot")
                                      if isinstance(m.id, tuple)}
    one, many = "{count} ny kommentar", "{count} nye kommentarer"
    assert [i18n.ngettext(one, many, n, "da") for n in (1, 2, 0)] == ["1 ny kommentar", "2 nye kommentarer",
                                                                       "0 nye kommentarer"]
    assert [i18n.ngettext(one, many, n, "en") for n in (1, 3)] == ["1 new comment", "3 new comments"]


def test_the_template_holds_every_text_the_code_marks(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "locales/babel.cfg",
         "-k", "t", "-k", "N_", "--no-location", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    fresh = {m.id for m in _catalogue(out) if m.id}
    kept = {m.id for m in _catalogue(ROOT / "locales/messages.pot") if m.id}
    assert (sorted(fresh - kept), sorted(kept - fresh)) == ([], []), "run: make i18n"


def _bare_texts(path: Path) -> list[str]:
    """String literals with letters handed straight to an rx.* component as text or a text attribute."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = ast.unparse(func)
        if not name.startswith("rx.") or name == "rx.icon":  # an icon's name is a key, never text
            continue
        args = list(node.args) + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                text = arg.value.strip(" .,:·-–")
                if (any(ch.isalpha() for ch in text) and text not in NOT_TRANSLATED and "(" not in text
                        and not CSS_SIZE.match(text) and not (name == "rx.cond" and TOKEN.match(text))):
                    found.append(f"{path.name}:{node.lineno}: {arg.value!r}")
    return found


def test_no_ui_text_bypasses_gettext():
    offenders = [hit for folder in UI_DIRS for path in folder.glob("*.py") for hit in _bare_texts(path)]
    assert offenders == []


def test_the_checker_catches_a_bare_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import reflex as rx\nrx.text("Hej med dig")\nrx.button(t("Gem"), aria_label="Luk")\n')
    assert len(_bare_texts(sample)) == 2


def test_the_catalogue_sent_to_the_browser_covers_every_message_in_both_languages():
    danish, english = i18n.catalogue("da"), i18n.catalogue("en")
    assert danish.keys() == english.keys() == set(i18n.message_ids())
    assert danish["Log ind"] == "Log ind"
    assert english["Log ind"] == "Log in"


def test_dates_read_as_danes_write_them():
    assert i18n.long_date(date(2026, 11, 23), "da") == "23. november 2026"
    assert i18n.long_date(date(2026, 11, 23), "en") == "November 23, 2026"


def test_a_wait_reads_as_words():
    assert i18n.duration(timedelta(seconds=30), "da") == "30 sekunder"
    assert i18n.duration(timedelta(minutes=2), "en") == "2 minutes"


def test_an_unknown_language_falls_back_to_danish():
    assert i18n.gettext("xx", "Log ind") == "Log ind"
