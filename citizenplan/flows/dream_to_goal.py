"""2. Gør en drøm til et mål: from a dream to a goal the citizen can notice reaching, and a first step."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Choice, Flow, InputKind, Next, Step, Store
from citizenplan.flows.life_areas import LIFE_AREA_CHOICES

GOAL = "goal"

DREAM_TO_GOAL = Flow(
    id="dream_to_goal",
    title=N_("Gør en drøm til et mål"),
    intro=N_("Find et mål, og et første lille skridt."),
    first="pick_dream",
    done=N_("Godt gået! Dit mål og dit første skridt er gemt."),
    steps=(
        Step(
            id="pick_dream",
            say=(N_("Lad os gøre en drøm til et mål."), N_("Hvilken drøm vil du tage fat på?")),
            input=InputKind.CHOICE,
            choices_from="dreams",
            choices=(Choice("new", N_("Noget nyt")),),
            action="pick_dream",
            skip_when="no_dreams",
            next=Next("title"),
        ),
        Step(
            id="title",
            say=(N_("Hvad vil du gerne nå? Skriv det, som du selv ville sige det."),),
            input=InputKind.TEXT,
            store=Store(slot=GOAL, kind="goal", field="title", fresh=True, origin="dream"),
            next=Next("why"),
        ),
        Step(
            id="why",
            say=(N_("Hvorfor er det vigtigt for dig? Sig det med dine egne ord."),),
            input=InputKind.TEXT,
            store=Store(slot=GOAL, kind="goal", field="why"),
            next=Next("success"),
        ),
        Step(
            id="success",
            say=(N_("Hvordan kan du mærke, at du er nået i mål?"),),
            input=InputKind.TEXT,
            store=Store(slot=GOAL, kind="goal", field="success"),
            vague_hint=N_("Tænk på en dag, hvor det er lykkedes. Hvad gør du så, som du ikke gør nu?"),
            next=Next("when"),
        ),
        Step(
            id="when",
            say=(N_("Hvornår vil du gerne være nået dertil?"),),
            input=InputKind.CHOICE,
            choices=(
                Choice("month", N_("Om en måned")),
                Choice("half_year", N_("Om et halvt år")),
                Choice("year", N_("Om et år")),
                Choice("date", N_("Jeg vil vælge en dato")),
                Choice("unknown", N_("Det ved jeg ikke endnu")),
            ),
            action="target_from_choice",
            vague_hint=N_("Det er helt i orden. Hvis du skal gætte, hvornår kunne det så være?"),
            next=Next("first_step", cases={"date": "date"}),
        ),
        Step(
            id="date",
            say=(N_("Vælg en dato."),),
            input=InputKind.DATE,
            future_date=True,
            store=Store(slot=GOAL, kind="goal", field="target_date"),
            next=Next("first_step"),
        ),
        Step(
            id="first_step",
            say=(N_("Hvad er det første lille skridt?"),),
            input=InputKind.TEXT,
            store=Store(slot="step", kind="step", field="text", fresh=True, parent=GOAL),
            next=Next("helper"),
        ),
        Step(
            id="helper",
            say=(N_("Hvem kan hjælpe dig med det?"),),
            input=InputKind.TEXT,
            required=False,
            store=Store(slot="step", kind="step", field="helper"),
            next=Next("area"),
        ),
        Step(
            id="area",
            say=(N_("Hvad i dit liv handler målet om?"),),
            input=InputKind.CHOICE,
            choices=LIFE_AREA_CHOICES,
            store=Store(slot=GOAL, kind="goal", field="life_area"),
            next=Next("priority"),
        ),
        Step(
            id="priority",
            say=(N_("Du har flere mål nu. Hvad vil du starte med?"),),
            input=InputKind.CHOICE,
            choices_from="goals",
            action="set_priority",
            skip_when="one_goal",
            next=Next(""),
        ),
    ),
)
