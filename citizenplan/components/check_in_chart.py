"""A goal's check-ins (1-5) as a small line chart drawn with plain SVG (issue 21).

It was a Recharts line chart: that library's chunks (some 80 KB gzipped, 95 KB with the page's share) were
loaded by every item page on a phone's first visit, for a picture of at most a few points. The chart is a
picture only (aria-hidden); the list beside it is its accessible form."""

import reflex as rx

HEIGHT_PX = 180
TOP_PX = 10  # room for a dot at 5 and one at 1
STEP_PX = 40  # from one score to the next: 4 steps fill the height between the margins
AXIS_PX = 28  # the scores' column on the left
SCORES = (1, 2, 3, 4, 5)
LINE = "#1f5f5b"  # the app's teal (components/layout.py), as before


def _y(score) -> rx.Var | int:
    """Pixels from the top for a score from 1 to 5."""
    return TOP_PX + (5 - score) * STEP_PX


def _x(index: rx.Var, count: rx.Var) -> rx.Var:
    """Across the plot in per cent, a margin on each side; a single point in the middle."""
    spread = (index * 92 / rx.cond(count > 1, count - 1, 1) + 4).to_string() + "%"
    return rx.cond(count > 1, spread, "50%")


def check_in_chart(points: rx.Var) -> rx.Component:
    """`points`: the check-ins in time order (state.item_rows.CheckIn), each with its score (1-5)."""
    count = points.length()

    def point(check_in: rx.Var, index: rx.Var) -> rx.Component:
        score = check_in.score
        before = points[rx.cond(index > 0, index - 1, 0)].score
        return rx.el.g(
            rx.cond(index > 0, rx.el.line(x1=_x(index - 1, count), y1=_y(before), x2=_x(index, count), y2=_y(score),
                                          stroke=LINE, stroke_width=3, stroke_linecap="round"), rx.fragment()),
            rx.el.circle(cx=_x(index, count), cy=_y(score), r=4, fill="var(--color-background)", stroke=LINE, stroke_width=2),
        )

    return rx.box(
        *[rx.el.span(str(s), style={"position": "absolute", "left": "0", "width": f"{AXIS_PX - 8}px",
                                    "text_align": "right", "top": f"{_y(s)}px", "transform": "translateY(-50%)",
                                    "font_size": "12px", "line_height": "1", "color": "var(--gray-11)"})
          for s in SCORES],
        rx.el.svg(
            *[rx.el.line(x1="0", x2="100%", y1=_y(s), y2=_y(s), stroke="var(--gray-6)", stroke_width=1)
              for s in SCORES],
            rx.el.line(x1="0", x2="0", y1=_y(5), y2=_y(1), stroke="var(--gray-9)", stroke_width=1),
            rx.foreach(points, point),
            width="100%", height=HEIGHT_PX, overflow="visible",
            style={"position": "absolute", "left": f"{AXIS_PX}px", "top": "0", "width": f"calc(100% - {AXIS_PX}px)"},
        ),
        position="relative", height=f"{HEIGHT_PX}px", width="100%", aria_hidden="true",
        class_name="check-in-chart",
    )
