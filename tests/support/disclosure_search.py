"""What a reader of the published tables can work out: a search for integer tables that agree with the published
cells (tests/unit/test_disclosure.py, tests/unit/test_report.py)."""

from citizenplan.domain import disclosure
from citizenplan.domain.disclosure import TOTAL, ProtectedTable

Key = tuple[str, str]


SLACK = 10


def lines(rows: list[str], columns: list[str], partition: bool) -> list[tuple[list[Key], Key]]:
    """Each line that must add up: its inner cells and its total. Written here from the module's
    documentation, not taken from it: columns add up over the rows; rows add up only in a partition."""
    found = []
    for c in [*columns, TOTAL] if partition else columns:
        found.append(([(r, c) for r in rows], (TOTAL, c)))
    if partition:
        for r in [*rows, TOTAL]:
            found.append(([(r, c) for c in columns], (r, TOTAL)))
    return found


class Search:
    """Integer tables that agree with the published cells: equations over the hidden cells, each
    `sum(sign * x) == constant`, every hidden cell in [low, high]; bounds propagation and backtracking.

    What a reader may assume about a hidden cell: by default only that it is 0 or more; with
    `markers=True` also what the markers say: "< 5" is 1-4, "–" is 0 or 5 and more. A reader knows no
    upper bound; the search stops at the largest true count plus SLACK, room enough for the small moves
    that show a second value (so a cell it calls pinned might, rarely, have a far-off second value).
    Bounded by the true total alone, a hidden total could not grow, and the search would call a cell
    pinned that a reader cannot pin."""

    def __init__(self, table: ProtectedTable, values: dict[Key, int], rows: list[str], columns: list[str],
                 partition: bool, markers: bool = False) -> None:
        self.hidden = sorted(key for key, cell in table.cells.items() if cell.hidden)
        self.values = values
        self.markers = markers
        self.primary = {key for key in self.hidden if table.cells[key].primary}
        top = max(values.values(), default=0) + SLACK
        self.bounds = {key: (1, 4) if markers and key in self.primary else (0, top) for key in self.hidden}
        self.equations: list[tuple[list[tuple[Key, int]], int]] = []
        for inner, total in lines(rows, columns, partition):
            terms = [(key, 1) for key in inner] + [(total, -1)]
            known = sum(sign * table.cells[key].value for key, sign in terms if not table.cells[key].hidden)
            unknown = [(key, sign) for key, sign in terms if table.cells[key].hidden]
            if unknown:
                self.equations.append((unknown, -known))
            else:
                assert known == 0, f"published line {inner} does not add up to {total}"
        self.nodes = 0

    def allowed(self, key: Key, value: int) -> bool:
        lo, hi = self.bounds[key]
        if not lo <= value <= hi:
            return False
        return not (self.markers and key not in self.primary and 0 < value < disclosure.SMALLEST_SHOWN)

    def _propagate(self, bounds: dict[Key, tuple[int, int]]) -> dict[Key, tuple[int, int]] | None:
        bounds = dict(bounds)
        changed = True
        while changed:
            changed = False
            for terms, constant in self.equations:
                for key, sign in terms:
                    low_rest = high_rest = 0
                    for other, other_sign in terms:
                        if other == key:
                            continue
                        lo, hi = bounds[other]
                        low_rest += other_sign * (lo if other_sign > 0 else hi)
                        high_rest += other_sign * (hi if other_sign > 0 else lo)
                    # sign * x == constant - rest
                    lo_x, hi_x = (constant - high_rest, constant - low_rest)
                    if sign < 0:
                        lo_x, hi_x = -hi_x, -lo_x
                    lo, hi = bounds[key]
                    new = (max(lo, lo_x), min(hi, hi_x))
                    if new[0] > new[1]:
                        return None
                    if new != (lo, hi):
                        bounds[key], changed = new, True
        return bounds

    def _solve(self, bounds: dict[Key, tuple[int, int]]) -> bool:
        self.nodes += 1
        assert self.nodes < 200_000, "the search ran too long"
        bounds = self._propagate(bounds)
        if bounds is None:
            return False
        if any(lo == hi and not self.allowed(key, lo) for key, (lo, hi) in bounds.items()):
            return False
        open_keys = [key for key in self.hidden if bounds[key][0] < bounds[key][1]]
        if not open_keys:
            return all(sum(sign * bounds[key][0] for key, sign in terms) == constant
                       for terms, constant in self.equations)
        key = min(open_keys, key=lambda k: bounds[k][1] - bounds[k][0])
        lo, hi = bounds[key]
        for value in sorted(range(lo, hi + 1), key=lambda v: (abs(v - self.values[key]), v)):
            if self.allowed(key, value) and self._solve(bounds | {key: (value, value)}):
                return True
        return False

    def possible(self, key: Key, value: int) -> bool:
        return self.allowed(key, value) and self._solve(self.bounds | {key: (value, value)})

    def has_another_value(self, key: Key) -> bool:
        """Is there an agreeing table where this hidden cell is not its true value?"""
        true = self.values[key]
        lo, hi = self.bounds[key]
        others = sorted((v for v in range(lo, hi + 1) if v != true), key=lambda v: (abs(v - true), v))
        return any(self.possible(key, v) for v in others)
