"""3. Hvordan går det?: a check-in for each active goal, 1 to 5 with faces, and a note if they like."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Flow, InputKind, Next, Step, Store

CHECK_IN = Flow(
    id="check_in",
    title=N_("Hvordan går det?"),
    intro=N_("Sig, hvordan det går med dine mål."),
    first="score",
    done=N_("Tak! Nu kan du se, hvordan det går over tid."),
    again=N_("Ny runde"),
    steps=(
        Step(
            id="score",
            say=(N_("Hvordan går det med dit mål: {goal}?"),),
            input=InputKind.SCALE,
            for_each="active_goals",
            store=Store(slot="check_in", kind="check_in", field="score", fresh=True, parent="goal"),
            next=Next("note"),
        ),
        Step(
            id="note",
            say=(N_("Vil du skrive lidt om det? Du kan også springe over."),),
            input=InputKind.TEXT,
            required=False,
            store=Store(slot="check_in", kind="check_in", field="note", parent="goal"),
            next=Next(""),
        ),
    ),
)
