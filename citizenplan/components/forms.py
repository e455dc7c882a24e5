"""Form pieces for the professional screens: labelled text areas and radio groups with big targets.

Inputs are uncontrolled (default values), so a refused save never clears what was typed.
"""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, form_field, hint_id


def text_box(label: rx.Var, name: str | rx.Var, element_id: str | rx.Var, default: rx.Var | str = "",
             rows: str = "3", hint: rx.Var | None = None) -> rx.Component:
    described = {} if hint is None else {"aria_describedby": hint_id(element_id)}
    return form_field(label, rx.text_area(id=element_id, name=name, default_value=default, rows=rows, width="100%",
                                          max_length=4000, **described), element_id, hint)


def date_box(label: rx.Var, name: str, element_id: str, default: rx.Var | str = "",
             input_type: str = "date") -> rx.Component:
    return form_field(label, rx.input(id=element_id, name=name, type=input_type, default_value=default,
                                      min_height=TAP, size="3", width="100%", max_width="16rem"), element_id)


def radio_group(legend: rx.Var, name: str | rx.Var, choices: list[tuple[str, str]], default: rx.Var,
                with_none: str | None = None) -> rx.Component:
    """Native radios in a fieldset: read out as one question, each choice a 44 px target."""
    options = ([("", with_none)] if with_none else []) + choices
    return rx.el.fieldset(
        rx.el.legend(legend, class_name="field-label", margin_bottom="8px"),
        rx.flex(
            *[rx.el.label(
                rx.el.input(type="radio", name=name, value=value, default_checked=default == value,
                            class_name="big-choice"),
                t(label),
                display="flex", align_items="center", gap="0.5rem", min_height=TAP, padding="0 0.75rem",
                border="1px solid var(--gray-8)", border_radius="8px", cursor="pointer",
            ) for value, label in options],
            wrap="wrap", spacing="2",
        ),
        border="none", padding="0", margin="0", width="100%",
    )
