"""A relative's home."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import logout_everywhere
from citizenplan.components.layout import page as frame
from citizenplan.state.relative_home import RelativeHomeState


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Hej"), " ", RelativeHomeState.display_name),
        rx.text(t("Her kan du se det, som din pårørende vælger at dele med dig.")),
        rx.vstack(
            rx.heading(t("Du er pårørende til"), as_="h2", size="4"),
            rx.foreach(RelativeHomeState.citizens, lambda name: rx.text(name, weight="bold")),
            spacing="1",
        ),
        rx.text(t("Der er ikke delt noget med dig endnu."), color_scheme="gray"),
        logout_everywhere(),
    )
