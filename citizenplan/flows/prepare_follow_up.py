"""5. Forbered opfølgning: before the meeting, what went well, what was hard, what I want to talk about;
then the citizen decides whether their contact person may read it before the meeting."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Flow, InputKind, Next, Step, Store

PREPARATION = "preparation"

PREPARE_FOLLOW_UP = Flow(
    id="prepare_follow_up",
    title=N_("Forbered mødet"),
    intro=N_("Tænk over, hvad du vil tale om, når I mødes."),
    first="went_well",
    done=N_("Godt forberedt! Tag det med til mødet."),
    steps=(
        Step(
            id="went_well",
            say=(N_("Snart skal du mødes med din kontaktperson. Her kan du tænke over mødet."),
                 N_("Hvad er gået godt siden sidst?")),
            input=InputKind.TEXT,
            store=Store(slot=PREPARATION, kind=PREPARATION, field="went_well", fresh=True),
            next=Next("hard"),
        ),
        Step(
            id="hard",
            say=(N_("Hvad har været svært?"),),
            input=InputKind.TEXT,
            store=Store(slot=PREPARATION, kind=PREPARATION, field="hard"),
            next=Next("talk_about"),
        ),
        Step(
            id="talk_about",
            say=(N_("Hvad vil du gerne tale om på mødet?"),),
            input=InputKind.TEXT,
            store=Store(slot=PREPARATION, kind=PREPARATION, field="talk_about"),
            next=Next("share"),
        ),
        Step(
            id="share",
            say=(N_("Vil du vise det her til din kontaktperson før mødet?"),),
            input=InputKind.YES_NO,
            action="share_preparation",
            next=Next(""),
        ),
    ),
)
