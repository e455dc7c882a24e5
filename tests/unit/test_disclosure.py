"""Small-cell protection (citizenplan.domain.disclosure), checked from the outside: a count of 1-4 is never
published, 0 and 5 or more are unless something forces them hidden, and for hundreds of random tables no
hidden count can be worked out from what is published and the line sums.

The check of "cannot be worked out" is our own, not the module's: a small exact search over non-negative
integer tables that agree with every published cell and every line sum (and, for a reader who also uses
what "< 5" and "–" say, with those too). A hidden count is safe when at least two such tables give it
different values. No database.
"""

import functools
import random
from collections.abc import Iterator

import pytest

from citizenplan.domain import disclosure
from citizenplan.domain.disclosure import TOTAL, Cell, ProtectedTable, protect, share
from tests.support.disclosure_search import Key, Search, lines

AREAS = ["handicap", "psykiatri", "forsorg_og_misbrug"]
PILOT = {("handicap", "plans"): 22, ("handicap", "goals"): 45, ("psykiatri", "plans"): 16,
         ("psykiatri", "goals"): 19, ("forsorg_og_misbrug", "plans"): 29, ("forsorg_og_misbrug", "goals"): 51}

# Many small numbers: zeros, the counts that must be hidden, and counts just above the limit.
VALUES = [0, 0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 7, 8, 9, 11, 14]
RANDOM_TABLES = 200  # per (partition, fixed) combination: 800 tables in all


# ---------------------------------------------------------------- our own view of a table


def true_values(counts: dict[Key, int], rows: list[str], columns: list[str], partition: bool) -> dict[Key, int]:
    values = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    if partition:
        for r in [*rows, TOTAL]:
            values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    return values


def random_tables(seed: int, count: int) -> Iterator[tuple[dict[Key, int], list[str], list[str]]]:
    rng = random.Random(seed)
    for _ in range(count):
        rows = [f"r{n}" for n in range(rng.randint(1, 4))]
        columns = [f"c{n}" for n in range(rng.randint(1, 6))]
        yield {(r, c): rng.choice(VALUES) for r in rows for c in columns}, rows, columns


def fixed_like_the_report(values: dict[Key, int], rows: list[str], columns: list[str],
                          partition: bool) -> dict[Key, Cell]:
    """Totals another table already published or hid, as domain.report passes them: in a partition the
    row totals (goals per area, protected in their own column), otherwise the first column."""
    column = TOTAL if partition else columns[0]
    other = protect({(r, "n"): values[(r, column)] for r in rows}, rows, ["n"], partition=False)
    fixed = {(r, column): other.cell(r, "n") for r in rows}
    fixed[(TOTAL, column)] = other.cell(TOTAL, "n")
    return fixed


@functools.cache
def protected_tables(partition: bool, with_fixed: bool) -> list[tuple]:
    """(table, true values, fixed, counts, rows, columns) for RANDOM_TABLES random tables, protected once."""
    seed = 2026 + 10 * partition + with_fixed
    made = []
    for counts, rows, columns in random_tables(seed, RANDOM_TABLES):
        values = true_values(counts, rows, columns, partition)
        fixed = fixed_like_the_report(values, rows, columns, partition) if with_fixed else None
        table = protect(counts, rows, columns, partition=partition, fixed=fixed)
        made.append((table, values, fixed, counts, rows, columns))
    return made


# ---------------------------------------------------------------- primary: 1-4 is never shown


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_count_of_one_to_four_is_never_published(count):
    table = protect({("handicap", "plans"): count, ("psykiatri", "plans"): 20, ("forsorg_og_misbrug", "plans"): 30},
                    AREAS, ["plans"], partition=False)
    cell = table.cell("handicap", "plans")
    assert cell.hidden and cell.value is None and cell.primary and not cell.secondary


@pytest.mark.parametrize("count", [0, 5, 6, 100])
def test_zero_and_five_or_more_are_published_when_nothing_forces_them_hidden(count):
    counts = {("handicap", "plans"): count, ("psykiatri", "plans"): 20, ("forsorg_og_misbrug", "plans"): 30}
    table = protect(counts, AREAS, ["plans"], partition=False)
    assert table.cell("handicap", "plans") == Cell(count)
    assert table.cell(TOTAL, "plans") == Cell(count + 50)
    assert not any(cell.hidden for cell in table.cells.values())


def test_a_table_without_small_counts_hides_nothing_in_a_partition_either():
    counts = {(r, c): v for (r, c), v in zip([(r, c) for r in AREAS for c in ("a", "b", "c")],
                                               [0, 5, 6, 7, 0, 9, 10, 11, 0], strict=True)}
    table = protect(counts, AREAS, ["a", "b", "c"])
    assert not any(cell.hidden for cell in table.cells.values())
    assert table.cell(TOTAL, TOTAL).value == 48 and table.cell("psykiatri", TOTAL).value == 16


def test_a_small_count_beside_a_published_total_takes_a_second_cell_with_it():
    table = protect({("handicap", "plans"): 3, ("psykiatri", "plans"): 20, ("forsorg_og_misbrug", "plans"): 30},
                    AREAS, ["plans"], partition=False)
    hidden = {key for key, cell in table.cells.items() if cell.hidden}
    assert ("handicap", "plans") in hidden and len(hidden) >= 2
    assert [table.cells[key].secondary for key in sorted(hidden - {("handicap", "plans")})] == \
        [True] * (len(hidden) - 1)


def test_the_pilot_table_is_published_unchanged():
    table = protect(PILOT, AREAS, ["plans", "goals"], partition=False)
    assert {key: cell.value for key, cell in table.cells.items()} == {
        **PILOT, (TOTAL, "plans"): 67, (TOTAL, "goals"): 115}
    assert not any(cell.hidden or cell.primary or cell.secondary for cell in table.cells.values())


# ---------------------------------------------------------------- share()


def test_a_share_is_none_when_the_part_or_the_whole_is_hidden():
    assert share(Cell(None, primary=True), Cell(20)) is None
    assert share(Cell(None, secondary=True), Cell(20)) is None
    assert share(Cell(5), Cell(None, primary=True)) is None
    assert share(Cell(5), Cell(None, secondary=True)) is None
    assert share(Cell(None, primary=True), Cell(None, secondary=True)) is None


def test_a_share_of_published_cells_is_their_quotient_and_none_of_zero():
    assert share(Cell(5), Cell(20)) == 0.25
    assert share(Cell(0), Cell(7)) == 0
    assert share(Cell(0), Cell(0)) is None


# ---------------------------------------------------------------- no hidden count can be worked out


def test_our_search_finds_a_count_that_a_lone_hidden_cell_would_reveal():
    """The check itself: a table where one cell is hidden and its column total published is caught."""
    rows, columns = ["a", "b"], ["x"]
    values = {("a", "x"): 3, ("b", "x"): 7, (TOTAL, "x"): 10}
    leaky = ProtectedTable(tuple(rows), tuple(columns), {("a", "x"): Cell(None, primary=True),
                                                         ("b", "x"): Cell(7), (TOTAL, "x"): Cell(10)})
    assert not Search(leaky, values, rows, columns, partition=False).has_another_value(("a", "x"))
    safe = ProtectedTable(tuple(rows), tuple(columns), {("a", "x"): Cell(None, primary=True),
                                                        ("b", "x"): Cell(None, secondary=True),
                                                        (TOTAL, "x"): Cell(10)})
    assert Search(safe, values, rows, columns, partition=False).has_another_value(("a", "x"))


COMBINATIONS = pytest.mark.parametrize(("partition", "with_fixed"), [(True, False), (True, True), (False, False),
                                                                     (False, True)],
                                       ids=["partition", "partition-fixed", "columns", "columns-fixed"])

GAP_LOST = (
    "BUG: disclosure.bounded narrows each '–' to the hull of its range ({0} or 5 and more), so a sum of "
    "several '–' loses the gap: in a column '–', '< 5', '–' with total 6 the two '–' are 0 and 5 or 5 and "
    "0, so the '< 5' is exactly 1, yet it is published that way. fix: check the markers exactly (e.g. a "
    "small integer search per hidden cell over {0} | [5, ...] and [1, 4]) instead of hull propagation")


def check_random_tables(partition: bool, with_fixed: bool, markers: bool) -> int:
    """Every hidden '< 5' in every random table has a second possible value; returns how many were checked."""
    checked = 0
    for table, values, fixed, counts, rows, columns in protected_tables(partition, with_fixed):
        where = f"counts={counts} partition={partition} fixed={fixed}"
        search = Search(table, values, rows, columns, partition, markers=markers)
        for key in search.hidden:
            if table.cells[key].primary:
                checked += 1
                assert search.has_another_value(key), f"{key} can be worked out: {where}"
    return checked


@COMBINATIONS
def test_every_random_table_publishes_its_true_values_and_hides_exactly_the_small_ones_plus_some(partition,
                                                                                                  with_fixed):
    for table, values, fixed, counts, _, _ in protected_tables(partition, with_fixed):
        where = f"counts={counts} partition={partition} fixed={fixed}"
        assert set(table.cells) == set(values), where
        for key, cell in table.cells.items():
            if not cell.hidden:
                assert cell.value == values[key], where
                assert not 0 < cell.value < disclosure.SMALLEST_SHOWN, where
            disguised = not any(c.primary for c in table.cells.values())  # "< 5" would give a count away
            assert cell.primary == (0 < values[key] < disclosure.SMALLEST_SHOWN and not disguised), where
            assert cell.hidden == (cell.primary or cell.secondary or (disguised and 0 < values[key] < 5)), where
        for key, cell in (fixed or {}).items():
            assert table.cell(*key).hidden == cell.hidden, where  # both tables show a total the same way


@COMBINATIONS
def test_in_hundreds_of_random_tables_no_hidden_count_can_be_worked_out(partition, with_fixed):
    """A reader who knows the published cells, the line sums and that counts are 0 or more."""
    assert check_random_tables(partition, with_fixed, markers=False) > RANDOM_TABLES // 2


@pytest.mark.parametrize(("partition", "with_fixed"), [
    (True, False),
    (True, True),
    (False, False), (False, True)], ids=["partition", "partition-fixed", "columns", "columns-fixed"])
def test_in_hundreds_of_random_tables_no_small_count_can_be_worked_out_with_what_the_markers_say(partition,
                                                                                                 with_fixed):
    """A reader who also knows that "< 5" is 1-4 and "–" is 0 or 5 and more (the module's own promise)."""
    assert check_random_tables(partition, with_fixed, markers=True) > RANDOM_TABLES // 2


@COMBINATIONS
def test_no_line_has_exactly_one_hidden_small_count(partition, with_fixed):
    for table, _, _, counts, rows, columns in protected_tables(partition, with_fixed):
        for inner, total in lines(rows, columns, partition):
            hidden = [key for key in [*inner, total] if table.cells[key].hidden]
            assert not (len(hidden) == 1 and table.cells[hidden[0]].primary), \
                f"{hidden} alone in its line: counts={counts} partition={partition}"


GIVES_UP = (
    "BUG: with totals fixed by another table, protect() can run out of cells to hide (_next_to_hide "
    "returns None) and then silently publishes a table in which its own `bounded` check still pins small "
    "counts: rows (1, 1), (5, 3), (4, 1), (6, 9) with the row totals '< 5', 8, '–', 15 and 30 fixed give "
    "'< 5' + '–' = 7 in the total column, so the first row's total is at most 2 and both its '< 5' are 1. "
    "fix: when nothing more can be hidden, raise (or hide more in the table that fixed the totals) instead "
    "of returning the table")


@pytest.mark.parametrize(("partition", "with_fixed"), [
    (True, False), (True, True),
    (False, False), (False, True)], ids=["partition", "partition-fixed", "columns", "columns-fixed"])
def test_the_module_s_own_checks_find_no_small_count_in_what_it_publishes(partition, with_fixed):
    for table, values, _, _, rows, columns in protected_tables(partition, with_fixed):
        hidden = {key for key, cell in table.cells.items() if cell.hidden}
        small = {key for key in hidden if table.cells[key].primary}
        assert not small & disclosure.determined(values, hidden, rows, columns, partition)
        assert not small & disclosure.bounded(values, hidden, small, rows, columns, partition)


# ---------------------------------------------------------------- what "< 5" and "–" tell a reader


def test_two_small_counts_that_a_line_leaves_a_sum_of_two_are_not_published_as_both_less_than_five():
    """1 and 1 beside 10 with the row total 12: "< 5", "< 5" would say both are exactly 1."""
    rows, columns = ["a", "b"], ["x", "y", "z"]
    counts = {("a", "x"): 1, ("a", "y"): 1, ("a", "z"): 10, ("b", "x"): 7, ("b", "y"): 8, ("b", "z"): 9}
    table = protect(counts, rows, columns)
    values = true_values(counts, rows, columns, partition=True)
    search = Search(table, values, rows, columns, partition=True, markers=True)
    assert table.cell("a", "x").primary and table.cell("a", "y").primary
    assert search.has_another_value(("a", "x")) and search.has_another_value(("a", "y"))


def test_a_small_count_between_two_dashes_cannot_be_worked_out():
    rows, columns = ["a", "b", "c"], ["x"]
    counts = {("a", "x"): 0, ("b", "x"): 1, ("c", "x"): 5}
    table = protect(counts, rows, columns)
    search = Search(table, true_values(counts, rows, columns, True), rows, columns, True, markers=True)
    assert table.cell("b", "x").primary
    assert search.has_another_value(("b", "x")), {k: c.value for k, c in table.cells.items()}


def test_small_counts_under_a_small_total_cannot_be_worked_out():
    columns = ["fysisk", "psykisk", "social", "naermiljoe", "not_given"]
    counts = {**{("handicap", c): v for c, v in zip(columns, [12, 9, 14, 20, 0], strict=True)},
              **{("psykiatri", c): v for c, v in zip(columns, [1, 1, 1, 1, 0], strict=True)},
              **{("forsorg_og_misbrug", c): v for c, v in zip(columns, [15, 11, 9, 30, 0], strict=True)}}
    values = true_values(counts, AREAS, columns, partition=True)
    table = protect(counts, AREAS, columns, fixed=fixed_like_the_report(values, AREAS, columns, partition=True))
    # "< 5" on all four and their total would say each is 1: the table shows every hidden cell as "–" instead
    assert [table.cell("psykiatri", c).hidden for c in columns[:4]] == [True] * 4
    assert not any(cell.primary for cell in table.cells.values())
    search = Search(table, values, AREAS, columns, partition=True, markers=False)
    assert search.has_another_value(("psykiatri", "fysisk"))


def test_a_table_whose_fixed_totals_leave_nothing_more_to_hide_does_not_publish_a_small_count():
    rows, columns = ["r0", "r1", "r2", "r3"], ["c0", "c1"]
    counts = {("r0", "c0"): 1, ("r0", "c1"): 1, ("r1", "c0"): 5, ("r1", "c1"): 3, ("r2", "c0"): 4,
              ("r2", "c1"): 1, ("r3", "c0"): 6, ("r3", "c1"): 9}
    values = true_values(counts, rows, columns, partition=True)
    fixed = fixed_like_the_report(values, rows, columns, partition=True)
    assert [fixed[(r, TOTAL)].value for r in rows] == [None, 8, None, 15] and fixed[(TOTAL, TOTAL)].value == 30
    table = protect(counts, rows, columns, fixed=fixed)
    search = Search(table, values, rows, columns, partition=True, markers=True)
    assert search.has_another_value(("r0", "c0")), {k: c.value for k, c in table.cells.items()}
