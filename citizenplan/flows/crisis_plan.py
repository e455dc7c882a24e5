"""4. Min kriseplan: signs I am getting worse, what helps and what does not, who to call, practical things."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Flow, InputKind, Next, Step, Store

PLAN = "crisis_plan"

CRISIS_PLAN = Flow(
    id="crisis_plan",
    title=N_("Min kriseplan"),
    intro=N_("Skriv, hvad der hjælper dig, hvis du får det svært."),
    first="signs",
    done=N_("Din kriseplan er gemt. Du kan altid ændre den."),
    steps=(
        Step(
            id="signs",
            say=(N_("Vi laver din kriseplan. Den kan hjælpe, hvis du får det svært."),
                 N_("Hvordan kan du og andre mærke, at du får det værre?")),
            input=InputKind.TEXT,
            store=Store(slot=PLAN, kind=PLAN, field="signs"),
            next=Next("helps"),
        ),
        Step(
            id="helps",
            say=(N_("Hvad hjælper dig, når du har det svært?"),),
            input=InputKind.TEXT,
            store=Store(slot=PLAN, kind=PLAN, field="helps"),
            next=Next("not_helps"),
        ),
        Step(
            id="not_helps",
            say=(N_("Hvad hjælper ikke, når du har det svært?"),),
            input=InputKind.TEXT,
            store=Store(slot=PLAN, kind=PLAN, field="not_helps"),
            next=Next("contact_name"),
        ),
        Step(
            id="contact_name",
            say=(N_("Hvem skal vi ringe til, hvis det bliver svært? Skriv et navn."),),
            input=InputKind.TEXT,
            required=False,
            action="remember_contact_name",
            next=Next("contact_phone"),
        ),
        Step(
            id="contact_phone",
            say=(N_("Skriv et nummer, vi kan ringe på."),),
            input=InputKind.PHONE,
            required=False,
            skip_when="no_contact_name",
            action="add_contact",
            next=Next("more_contacts"),
        ),
        Step(
            id="more_contacts",
            say=(N_("Er der en mere, vi kan ringe til?"),),
            input=InputKind.YES_NO,
            skip_when="no_contact_name",
            next=Next("practical", cases={"yes": "contact_name"}),
        ),
        Step(
            id="practical",
            say=(N_("Er der praktiske ting, vi skal vide? Fx nøgler, dyr eller medicin."),),
            input=InputKind.TEXT,
            required=False,
            store=Store(slot=PLAN, kind=PLAN, field="practical"),
            next=Next(""),
        ),
    ),
)
