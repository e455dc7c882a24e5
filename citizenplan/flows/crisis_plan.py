"""4. Min kriseplan: signs I am getting worse, what helps and what does not, whom the staff may call, practical
things; then, if she has a contact person, whether he or she may read it (the ordinary approved copy).

Worded for the bad day and for the people it is for: the app itself calls no one, so it asks whom the staff
may call, and the crisis plan page names 112 and the psychiatric emergency line."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Flow, InputKind, Next, Step, Store

PLAN = "crisis_plan"

CRISIS_PLAN = Flow(
    id="crisis_plan",
    title=N_("Min kriseplan"),
    intro=N_("Skriv, hvad der hjælper dig, hvis du får det svært."),
    first="signs",
    done=N_("Din kriseplan er gemt. Du finder den på forsiden. Er det akut, så ring 112."),
    steps=(
        Step(
            id="signs",
            say=(N_("Nu laver vi din kriseplan. Den er til en dag, hvor du har det svært."),
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
            say=(N_("Hvem må personalet ringe til, hvis du får det svært? Skriv et navn."),),
            input=InputKind.TEXT,
            required=False,
            action="remember_contact_name",
            next=Next("contact_phone"),
        ),
        Step(
            id="contact_phone",
            say=(N_("Skriv et nummer, de kan ringe på."),),
            input=InputKind.PHONE,
            required=False,
            skip_when="no_contact_name",
            action="add_contact",
            next=Next("more_contacts"),
        ),
        Step(
            id="more_contacts",
            say=(N_("Er der en mere, de må ringe til?"),),
            input=InputKind.YES_NO,
            skip_when="no_contact_name",
            next=Next("practical", cases={"yes": "contact_name"}),
        ),
        Step(
            id="practical",
            say=(N_("Er der noget praktisk, som andre skal vide? Fx om nøgler, dyr eller medicin."),),
            input=InputKind.TEXT,
            required=False,
            store=Store(slot=PLAN, kind=PLAN, field="practical"),
            next=Next("share"),
        ),
        Step(
            id="share",
            say=(N_("Må din kontaktperson se din kriseplan? Så ved hun eller han, hvad du har brug for."),),
            input=InputKind.YES_NO,
            skip_when="nothing_to_share",
            action="share_crisis_plan",
            next=Next(""),
        ),
    ),
)
