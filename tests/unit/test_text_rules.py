"""Typed text is stored as the plain text it is: trimmed, bounded, no control characters."""

import pytest

from citizenplan.domain.errors import UserError
from citizenplan.domain.text import LONGEST_TEXT, clean_name, clean_text


@pytest.mark.parametrize("empty", ["", "   ", "\n\t "])
def test_empty_text_is_refused(empty):
    with pytest.raises(UserError, match="tomt"):
        clean_text(empty)
    with pytest.raises(UserError, match="tomt"):
        clean_name(empty)


def test_empty_text_may_be_allowed_when_the_field_is_optional():
    assert clean_text("  ", required=False) == ""


def test_text_longer_than_ten_thousand_characters_is_refused_with_the_limit_named():
    assert clean_text("a" * LONGEST_TEXT) == "a" * LONGEST_TEXT
    with pytest.raises(UserError) as caught:
        clean_text("a" * (LONGEST_TEXT + 1))
    assert LONGEST_TEXT == 10_000
    assert caught.value.params == {"count": 10_000}
    assert "{count}" in caught.value.message
    assert caught.value.message.format(**caught.value.params).count("10000") == 1


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b[31m", "\x7f", "\r"])
def test_control_characters_are_refused(control):
    with pytest.raises(UserError, match="usynlige tegn"):
        clean_text(f"Jeg vil {control}gerne")


def test_line_breaks_and_tabs_are_kept_in_text_but_not_in_a_name():
    assert clean_text("linje et\n\tlinje to") == "linje et\n\tlinje to"
    with pytest.raises(UserError, match="én linje"):
        clean_name("Anna\nJensen")


def test_html_is_accepted_and_kept_as_the_letters_typed():
    script = "<script>alert(1)</script>"
    assert clean_text(script) == script
    assert clean_name("<b>Bo</b> & Co") == "<b>Bo</b> & Co"


def test_text_is_trimmed_and_danish_letters_are_normalised():
    assert clean_text("  Jeg vil gerne ud at gå  ") == "Jeg vil gerne ud at gå"
    assert clean_text("a\u030a") == "å"  # NFC: the same letter however the keyboard sent it


def test_a_name_is_at_most_two_hundred_characters():
    assert clean_name("Ø" * 200) == "Ø" * 200
    with pytest.raises(UserError) as caught:
        clean_name("Ø" * 201)
    assert caught.value.params == {"count": 200} and caught.value.field == "name"


def test_a_name_that_would_display_backwards_is_refused():
    with pytest.raises(UserError) as caught:
        clean_name("Anna\u202eneskaJ")
    assert caught.value.message == "Teksten har usynlige tegn, som ikke kan gemmes. Skriv den igen."
