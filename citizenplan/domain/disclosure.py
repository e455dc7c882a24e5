"""Small-cell protection for the management tables: no published figure may reveal fewer than 5 people.

Primary: a count from 1 to 4 is shown as "< 5". Secondary: where row and column totals would let a
reader subtract their way to a hidden count, more cells are hidden (shown as "–"). Two checks, and
cells are hidden until neither finds anything:
- exact arithmetic: the published cells and the line sums (every row and column adds up to its
  total) must not determine any hidden cell;
- bounds: a reader knows "< 5" is 1-4 and "–" is 0 or at least 5; narrowing each hidden cell's range
  line by line must not leave a single possible value.
Shares are computed from what is published, never from hidden counts.

A "–" may stand alone in a row: its value is 0 or 5 and more, which could have been published anyway;
what must never be worked out is a count from 1 to 4. Where even "< 5" gives a count away (four "< 5"
under a total of "< 5" are all 1), the table shows every hidden cell as "–" instead.
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


INFINITE = 10**15


Ranges = list[tuple[int, int]]  # a union of closed integer intervals, sorted, not touching


def _merge(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _add(a: Ranges, b: Ranges) -> Ranges:
    return _merge([(x + y, p + q) for x, p in a for y, q in b])


def _negate(a: Ranges) -> Ranges:
    return _merge([(-hi, -lo) for lo, hi in a])


def _intersect(a: Ranges, b: Ranges) -> Ranges:
    return _merge([(max(x, y), min(p, q)) for x, p in a for y, q in b if max(x, y) <= min(p, q)])


def bounded(values: dict[tuple[str, str], int], hidden: set[tuple[str, str]], primary: set[tuple[str, str]],
            rows: list[str], columns: list[str], partition: bool = True) -> set[tuple[str, str]]:
    """The hidden cells whose value a reader can pin down from what the markers say about them (1-4, or
    0 or 5 and more) and the line sums. Each cell's possible values are kept as a union of ranges, so the
    gap between 0 and 5 is never lost; lines narrow them until nothing changes."""
    domains: dict[tuple[str, str], Ranges] = {
        key: [(1, SMALLEST_SHOWN - 1)] if key in primary else [(0, 0), (SMALLEST_SHOWN, INFINITE)] for key in hidden}
    lines = []
    for line in _lines(rows, columns, partition):
        terms = [(key, 1) for key in line[:-1] if key in hidden] + ([(line[-1], -1)] if line[-1] in hidden else [])
        if terms:
            known = sum(values[key] for key in line[:-1] if key not in hidden) - \
                (values[line[-1]] if line[-1] not in hidden else 0)
            lines.append((terms, -known))  # sum(coefficient * cell) == -known
    for _ in range(100):
        changed = False
        for terms, target in lines:
            for key, coefficient in terms:
                rest: Ranges = [(0, 0)]
                for other, c in terms:
                    if other != key:
                        rest = _add(rest, domains[other] if c > 0 else _negate(domains[other]))
                rest = [(max(lo, -INFINITE), min(hi, INFINITE)) for lo, hi in rest][:64]
                allowed = _add([(target, target)], _negate(rest))  # coefficient * cell = target - rest
                allowed = allowed if coefficient > 0 else _negate(allowed)
                narrowed = _intersect(domains[key], allowed)
                if narrowed and narrowed != domains[key]:
                    domains[key], changed = narrowed, True
        if not changed:
            break
    return {key for key, d in domains.items() if len(d) == 1 and d[0][0] == d[0][1]}


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
    marked_small = primary | {key for key, cell in fixed.items() if cell.primary}
    disguised = False
    while True:
        revealed = _revealed(values, hidden, marked_small, rows, columns, partition)
        if not revealed:
            break
        more = _next_to_hide(values, hidden, marked_small, revealed, rows, columns, partition, set(fixed))
        if more is None:  # all is hidden and "< 5" itself still gives a count away (say four 1s under a 4)
            disguised = True  # so no hidden cell says how small it is: every one shows as "–"
            break
        hidden.add(more)
    cells = {key: Cell(None if key in hidden else v, key in primary and not disguised,
                       key in hidden and (disguised or key not in primary))
             for key, v in values.items()}
    return ProtectedTable(tuple(rows), tuple(columns), cells)


def _revealed(values, hidden, primary, rows, columns, partition) -> set[tuple[str, str]]:
    """The small counts (1-4) a reader could work out. A 0 or a count of 5 or more may be worked out:
    publishing it would have been allowed anyway."""
    small = {key for key in hidden if 0 < values[key] < SMALLEST_SHOWN}
    return small & (determined(values, hidden, rows, columns, partition) |
                    bounded(values, hidden, primary, rows, columns, partition))


def _next_to_hide(values, hidden, primary, revealed, rows, columns, partition, fixed) -> tuple[str, str] | None:
    """A published cell in a line with a revealed one: the one that protects most, then inner cells
    before totals, then the smallest count of 5 or more (so a pair cannot be told apart by size)."""
    lines = _lines(rows, columns, partition)
    candidates = {key for line in lines if set(line) & revealed for key in line if key not in hidden | fixed}
    if not candidates:  # the lines through it are all hidden already: widen to the whole table
        candidates = {key for key in values if key not in hidden | fixed}
    if not candidates:  # everything is hidden: nothing more can be taken away
        return None

    def rank(key: tuple[str, str]) -> tuple:
        v = values[key]
        left = len(_revealed(values, hidden | {key}, primary, rows, columns, partition))
        return (left, TOTAL in key, v < SMALLEST_SHOWN, v, key)

    return min(candidates, key=rank)


def share(part: Cell, whole: Cell) -> float | None:
    """A share from published figures only; None where either is hidden or the whole is zero."""
    if part.hidden or whole.hidden or not whole.value:
        return None
    return part.value / whole.value
