"""1. Kom godt i gang: who you are, what you want, hope and dream, and what matters most now."""

from citizenplan.domain.errors import N_
from citizenplan.domain.flow import Flow, InputKind, Next, Step, Store
from citizenplan.flows.life_areas import LIFE_AREA_CHOICES

GETTING_STARTED = Flow(
    id="getting_started",
    title=N_("Kom godt i gang"),
    intro=N_("Fortæl lidt om dig selv, og hvad du drømmer om."),
    first="who",
    done=N_("Tak, fordi du fortalte mig det. Det er gemt i din arbejdsbog."),
    steps=(
        Step(
            id="who",
            say=(N_("Hej! Her laver du din egen plan. Vi tager ét spørgsmål ad gangen."),
                 # One question a message: what she likes and is good at are examples, not more questions.
                 N_("Du kan fx skrive, hvad du kan lide, og hvad du er god til."),
                 N_("Hvem er du? Skriv lidt om dig selv.")),
            input=InputKind.TEXT,
            store=Store(slot="about_me", kind="about_me", field="text"),
            next=Next("want"),
        ),
        Step(
            id="want",
            say=(N_("Hvad vil du gerne? Skriv det med dine egne ord."),),
            input=InputKind.TEXT,
            store=Store(slot="about_me", kind="about_me", field="wants"),
            next=Next("hope"),
        ),
        Step(
            id="hope",
            say=(N_("Hvad håber du på?"),),
            input=InputKind.TEXT,
            store=Store(slot="hope", kind="hope", field="text", fresh=True),
            next=Next("dream"),
        ),
        Step(
            id="dream",
            say=(N_("Hvad drømmer du om? Det må gerne være stort."),),
            input=InputKind.TEXT,
            store=Store(slot="dream", kind="dream", field="text", fresh=True),
            next=Next("more_dreams"),
        ),
        Step(
            id="more_dreams",
            say=(N_("Har du en drøm mere?"),),
            input=InputKind.YES_NO,
            next=Next("areas", cases={"yes": "dream"}),
        ),
        Step(
            id="areas",
            say=(N_("Hvad fylder mest i dit liv lige nu? Vælg gerne flere."),),
            input=InputKind.MULTI,
            choices=LIFE_AREA_CHOICES,
            store=Store(slot="focus", kind="focus_areas", field="areas"),
            next=Next(""),
        ),
    ),
)
