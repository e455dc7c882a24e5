"""The slot where a citizen page's live data will be drawn, which the server fills with her data in the page's
first response (citizenplan/reports/first_data.py, issue 21).

Its inner HTML is React's `dangerouslySetInnerHTML` of "": hydration does not look inside it, and a render
compares "" with "" and leaves it alone, so what the server wrote stays until the page drops the slot (it draws
its live data in the slot's place once that has arrived). In the built page, for everyone, it is empty."""

import reflex as rx

SLOT_ID = "her-data-first"
SLOT_CLASS = "first-data"  # display: contents (assets/styles.css): its children stand in the page's column


def first_data_slot() -> rx.Component:
    return rx.html("", id=SLOT_ID, class_name=SLOT_CLASS)
