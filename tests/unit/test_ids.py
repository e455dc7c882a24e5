"""The one parser for ids from outside (citizenplan/domain/ids.py): only what our pages write is an id."""

import pytest

from citizenplan.domain.errors import NotFound
from citizenplan.domain.ids import LARGEST_ID, parse_id, parse_number, require_id


@pytest.mark.parametrize("raw", ["1", "42", str(LARGEST_ID), 1, 42, LARGEST_ID])
def test_ascii_digits_and_ints_in_range_are_ids(raw):
    assert parse_id(raw) == int(raw)


@pytest.mark.parametrize("raw", [
    "", "0", "-1", "007", "+1", " 1", "1 ", "1\n", "1_000", "1e3", "1.0", "0x1f", "²", "٣", "１２", "߁", "𝟙",
    "\u202e12", "\ufeff1", "1\x00", str(LARGEST_ID + 1), "9" * 20, "9" * 5000, "NaN",
    0, -1, LARGEST_ID + 1, 10**20, True, False, None, 1.0, float("nan"), [1], {"id": 1},
])
def test_anything_else_is_no_id(raw):
    assert parse_id(raw) is None
    with pytest.raises(NotFound) as refused:
        require_id(raw)
    assert refused.value.message == "Det findes ikke længere."


def test_a_number_may_be_negative_and_is_kept_in_its_range():
    assert parse_number("-1") == -1 and parse_number(-1) == -1
    assert parse_number("0") == 0
    assert parse_number("-0") is None and parse_number("--1") is None
    assert parse_number("5", lowest=0, highest=4) is None
    assert parse_number(str(-LARGEST_ID)) == -LARGEST_ID and parse_number(str(-LARGEST_ID - 1)) is None
