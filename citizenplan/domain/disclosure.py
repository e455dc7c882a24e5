"""Small-cell protection for the management tables: no published figure may reveal fewer than 5 people.

Primary: a count from 1 to 4 is shown as "< 5". Secondary: where row and column totals would let a
reader subtract their way to a hidden count, more cells are hidden (shown as "–"). The check is exact:
a hidden cell counts as revealed when the published cells and the additivity of rows and columns
(every line sums to its total) determine its value; cells are hidden until no hidden cell is
determined. Shares are computed from what is published, never from hidden counts.
"""

from dataclasses import dataclass
from fractions import Fraction

SMALLEST_SHOWN = 5
TOTAL = "__total__"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    primary: bool = False  # hidden because it is 1-4 ("< 5")
    secondary: bool = False  # hidden so a small count cannot be worked out ("–")

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedTable:
    rows: tuple[str, ...]  # row keys, without the total
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]  # includes (row, TOTAL), (TOTAL, column) and (TOTAL, TOTAL)

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]


def _lines(rows: list[str], columns: list[str], partition: bool = True) -> list[list[tuple[str, str]]]:
    """Each line: its cells, last its total. Columns always add up over the areas; rows only where the
    columns split one whole (a partition), e.g. goals by WHO dimension, not "goals" beside "plans"."""
    all_columns = [*columns, TOTAL] if partition else columns
    lines = [[(r, c) for r in rows] + [(TOTAL, c)] for c in all_columns]
    if partition:
        lines += [[(r, c) for c in columns] + [(r, TOTAL)] for r in [*rows, TOTAL]]
    return lines


def with_totals(counts: dict[tuple[str, str], int], rows: list[str], columns: list[str],
                partition: bool = True) -> dict[tuple[str, str], int]:
    full = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    for c in columns:
        full[(TOTAL, c)] = sum(full[(r, c)] for r in rows)
    if partition:
        for r in [*rows, TOTAL]:
            full[(r, TOTAL)] = sum(full[(r, c)] for c in columns)
    return full


def determined(values: dict[tuple[str, str], int], hidden: set[tuple[str, str]], rows: list[str],
               columns: list[str], partition: bool = True) -> set[tuple[str, str]]:
    """The hidden cells whose value follows from the published ones by the line sums (exact arithmetic)."""
    unknowns = sorted(hidden)
    if not unknowns:
        return set()
    index = {key: i for i, key in enumerate(unknowns)}
    equations = []
    for line in _lines(rows, columns, partition):
        row = [Fraction(0)] * len(unknowns)
        for key in line[:-1]:
            if key in index:
                row[index[key]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        if any(row):
            equations.append(row)
    basis = _row_echelon(equations)
    return {key for key in unknowns if _in_span(basis, index[key], len(unknowns))}


def _row_echelon(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon form of the equations' coefficients (the right-hand sides do not matter)."""
    matrix = [r[:] for r in rows]
    basis, column, width = [], 0, len(matrix[0]) if matrix else 0
    while matrix and column < width:
        pivot = next((r for r in matrix if r[column] != 0), None)
        if pivot is None:
            column += 1
            continue
        matrix.remove(pivot)
        pivot = [x / pivot[column] for x in pivot]
        matrix = [[a - r[column] * b for a, b in zip(r, pivot, strict=True)] for r in matrix]
        basis = [[a - r[column] * b for a, b in zip(r, pivot, strict=True)] for r in basis]
        basis.append(pivot)
        column += 1
    return basis


def _in_span(basis: list[list[Fraction]], unknown: int, width: int) -> bool:
    """Is the unit vector for `unknown` a combination of the equations? Then its value is known."""
    target = [Fraction(int(i == unknown)) for i in range(width)]
    for row in basis:
        lead = next(i for i, x in enumerate(row) if x != 0)
        if target[lead] != 0:
            factor = target[lead]
            target = [a - factor * b for a, b in zip(target, row, strict=True)]
    return not any(target)


def protect(counts: dict[tuple[str, str], int], rows: list[str], columns: list[str], *, partition: bool = True,
            fixed: dict[tuple[str, str], Cell] | None = None) -> ProtectedTable:
    """`fixed`: totals another table already publishes or hides (the goals per area); they are shown
    or hidden the same way here, and never picked to hide, so two tables cannot contradict each other."""
    values = with_totals(counts, rows, columns, partition)
    fixed = {key: cell for key, cell in (fixed or {}).items() if key in values}
    primary = {key for key, v in values.items() if 0 < v < SMALLEST_SHOWN}
    hidden = primary | {key for key, cell in fixed.items() if cell.hidden}
    while True:
        revealed = determined(values, hidden, rows, columns, partition)
        if not revealed:
            break
        hidden.add(_next_to_hide(values, hidden, revealed, rows, columns, partition, set(fixed)))
    cells = {key: Cell(None if key in hidden else v, key in primary, key in hidden and key not in primary)
             for key, v in values.items()}
    return ProtectedTable(tuple(rows), tuple(columns), cells)


def _next_to_hide(values, hidden, revealed, rows, columns, partition, fixed) -> tuple[str, str]:
    """A published cell in a line with a revealed one: the one that protects most, then inner cells
    before totals, then the smallest count of 5 or more (so a pair cannot be told apart by size)."""
    lines = _lines(rows, columns, partition)
    candidates = {key for line in lines if set(line) & revealed for key in line if key not in hidden | fixed}
    if not candidates:  # cannot happen while a line has a revealed hidden cell; never loop forever
        candidates = {key for key in values if key not in hidden | fixed}

    def rank(key: tuple[str, str]) -> tuple:
        v = values[key]
        left = len(determined(values, hidden | {key}, rows, columns, partition))
        return (left, TOTAL in key, v < SMALLEST_SHOWN, v, key)

    return min(candidates, key=rank)


def share(part: Cell, whole: Cell) -> float | None:
    """A share from published figures only; None where either is hidden or the whole is zero."""
    if part.hidden or whole.hidden or not whole.value:
        return None
    return part.value / whole.value
