"""Her plan and her item in the first response of /min-plan and /arbejdsbog/punkt (issue 21: LCP on a slow phone).

The largest element of these two pages is her own words, which the Reflex page gets over the websocket after some
230 KB of script and hydration (LCP 2.7-2.9 s in Lighthouse's mobile profile, against 0.9 s on the pages whose
largest element is in the prerendered HTML). So the server writes them into the page itself, as /kriseplan does:
for GET of exactly these two paths with a valid session cookie of the citizen whose page it is, it reads the
page's built (prerendered) HTML and puts a read-only rendering of the same read model the page's state shows
(domain/my_plan.py, domain/item_page.py: the same actor, the same policy, nothing else) into the page's slot for
it (components/first_data.py, where the live data appears). Anyone else, or an item that is not hers (or no id, or a
malformed one: domain/ids.py), gets the plain prerendered page, as before: nothing of anyone's data.

The slot is an element whose inner HTML React does not own (`dangerouslySetInnerHTML` of ""): hydration leaves
what the server wrote in it alone, and a render compares the empty string with the empty string and leaves it
too. The page draws its live data in the slot's place once it has arrived and drops the slot with it: one copy
of her words at any time, at the same place, with the same look (the same Radix classes), so nothing moves.

The answer with her words says `Cache-Control: no-store` (neither the browser's cache nor the service worker,
assets/sw.js `isCacheable`, keeps it; Back after logout asks the server again and gets the plain page) and
`Vary: Cookie`; it goes through SecurityHeaders like every page, with the page's own CSP: no script is added.
Behind nginx (`make run-scale`) these two paths go to the backend workers (ops/nginx.py), so this middleware
also answers them without a cookie, with the plain page and the headers the file would have had.
"""

import gzip
from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from citizenplan import i18n, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.components.easy_read import PICTURES
from citizenplan.components.first_data import SLOT_ID
from citizenplan.db import session_scope
from citizenplan.domain import accounts, item_page, my_plan
from citizenplan.domain.errors import N_, AccessDenied, UserError
from citizenplan.domain.ids import parse_id
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.first_paint import PAGE_CACHE
from citizenplan.state.my_plan import PlanBlock, plan_blocks
from citizenplan.state.workbook import item_lines, step_links

NO_STORE = "no-store"
PAGES = (routes.MY_PLAN, routes.WORKBOOK_ITEM)
# pages/item.py's words, and its choices for a goal: (msgid, value) as its buttons show them.
TO_GOAL = N_("Til målet:")
STEPS = N_("Skridt")
EDIT = N_("Ret")
STEP_DONE, STEP_UNDONE = N_("Ikke gjort alligevel"), N_("Marker som gjort")
GOAL_CHOICES = (
    ("status", N_("Hvordan står det til med målet?"),
     ((N_("I gang"), "active"), (N_("Nået"), "reached"), (N_("Sat på pause"), "paused"), (N_("Droppet"), "dropped"))),
    ("horizon", N_("Vil du nå det snart eller på lang sigt?"),
     ((N_("Snart: inden for et halvt år"), "short"), (N_("På lang sigt"), "long"))),
    ("agrees", N_("Er du enig i målet?"), ((N_("Ja, jeg er enig"), True), (N_("Nej, jeg er ikke enig"), False))),
)
_SLOT = f'id="{SLOT_ID}"'
# The easy-read pictures (components/easy_read.py PICTURES) as lucide-react 1.26 draws them, so that the copy looks
# like the live page in easy-read mode too (shown only there, by assets/styles.css).
PICTURE_SVG = {
    "house": '<path d="M15 21v-8a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v8"></path><path d="M3 10a2 2 0 0 1 .709-1.528l7-6a2 2 0 0 1 2.582 0l7 6A2 2 0 0 1 21 10v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"></path>',
    "briefcase": '<path d="M16 20V4a2 2 0 0 0-2-2h-4a2 2 0 0 0-2 2v16"></path><rect width="20" height="14" x="2" y="6" rx="2"></rect>',
    "users": '<path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2"></path><path d="M16 3.128a4 4 0 0 1 0 7.744"></path><path d="M22 21v-2a4 4 0 0 0-3-3.87"></path><circle cx="9" cy="7" r="4"></circle>',
    "handshake": '<path d="m11 17 2 2a1 1 0 1 0 3-3"></path><path d="m14 14 2.5 2.5a1 1 0 1 0 3-3l-3.88-3.88a3 3 0 0 0-4.24 0l-.88.88a1 1 0 1 1-3-3l2.81-2.81a5.79 5.79 0 0 1 7.06-.87l.47.28a2 2 0 0 0 1.42.25L21 4"></path><path d="m21 3 1 11h-2"></path><path d="M3 3 2 14l6.5 6.5a1 1 0 1 0 3-3"></path><path d="M3 4h8"></path>',
    "heart_pulse": '<path d="M2 9.5a5.5 5.5 0 0 1 9.591-3.676.56.56 0 0 0 .818 0A5.49 5.49 0 0 1 22 9.5c0 2.29-1.5 4-3 5.5l-5.492 5.313a2 2 0 0 1-3 .019L5 15c-1.5-1.5-3-3.2-3-5.5"></path><path d="M3.22 13H9.5l.5-1 2 4.5 2-7 1.5 3.5h5.27"></path>',
    "smile": '<circle cx="12" cy="12" r="10"></circle><path d="M8 14s1.5 2 4 2 4-2 4-2"></path><line x1="9" x2="9.01" y1="9" y2="9"></line><line x1="15" x2="15.01" y1="9" y2="9"></line>',
    "bike": '<circle cx="18.5" cy="17.5" r="3.5"></circle><circle cx="5.5" cy="17.5" r="3.5"></circle><circle cx="15" cy="5" r="1"></circle><path d="M12 17.5V14l-3-3 4-3 2 3h2"></path>',
    "piggy_bank": '<path d="M11 17h3v2a1 1 0 0 0 1 1h2a1 1 0 0 0 1-1v-3a3.16 3.16 0 0 0 2-2h1a1 1 0 0 0 1-1v-2a1 1 0 0 0-1-1h-1a5 5 0 0 0-2-4V3a4 4 0 0 0-3.2 1.6l-.3.4H11a6 6 0 0 0-6 6v1a5 5 0 0 0 2 4v3a1 1 0 0 0 1 1h2a1 1 0 0 0 1-1z"></path><path d="M16 10h.01"></path><path d="M2 8v1a2 2 0 0 0 2 2h1"></path>',
    "shopping_basket": '<path d="m15 11-1 9"></path><path d="m19 11-4-7"></path><path d="M2 11h20"></path><path d="m3.5 11 1.6 7.4a2 2 0 0 0 2 1.6h9.8a2 2 0 0 0 2-1.6l1.7-7.4"></path><path d="M4.5 15.5h15"></path><path d="m5 11 4-7"></path><path d="m9 11 1 9"></path>',
}
AREA_OF_LABEL = {label: area for area, label in LIFE_AREA_LABELS.items()}


# ------------------------------------------------------------------ what is read, for whom

def _actor(db, cookie: str | None, path: str):
    """The person logged in with `cookie` if the page at `path` is hers: a citizen's page, and she a citizen."""
    actor = accounts.actor_from_token(db, token_from_cookie_header(cookie))
    if actor is None or routes.PAGE_ROLES[path] is not Role.CITIZEN or actor.role is not Role.CITIZEN:
        return None
    return actor


def her_data(cookie: str | None, path: str, query: str) -> str | None:
    """The slot's HTML for the citizen whose session `cookie` holds, or None: not logged in, expired, another role,
    no such page, an item that is not hers, or an id that is missing, malformed or given twice."""
    if path not in PAGES or not cookie:
        return None
    item_id = None
    if path == routes.WORKBOOK_ITEM:
        ids = parse_qs(query, keep_blank_values=True).get("id", [])
        item_id = parse_id(ids[0]) if len(ids) == 1 else None
        if item_id is None:
            return None
    try:
        with session_scope() as db:
            actor = _actor(db, cookie, path)
            if actor is None:
                return None
            if item_id is None:
                return _my_plan_html(plan_blocks(my_plan.my_plan(db, actor, actor.user_id), actor.locale),
                                     actor.locale)
            return _item_html(item_page.item_page(db, actor, item_id), actor.locale)
    except (AccessDenied, UserError):
        return None


# ------------------------------------------------------------------ the rendering (the pages' look, read-only)

_COLUMN = "rt-Flex rt-r-fd-column rt-r-ai-start rx-Stack"
_LINK = "rt-Text rt-reset rt-Link rt-underline-always"  # with data-accent-color="" as Radix draws a link


def _lang(locale: str) -> str:
    return "en" if i18n.supported(locale) == "en" else "da"


def _picture(area: str) -> str:
    """components/easy_read.py's `life_area_picture` for a life area's value, as HTML; "" for anything else."""
    if area not in LifeArea._value2member_map_:
        return ""
    name = PICTURES[LifeArea(area)]
    return (f'<span class="area-picture" data-area="{area}"><svg xmlns="http://www.w3.org/2000/svg" width="28" '
            'height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
            f'stroke-linejoin="round" class="lucide lucide-{name.replace("_", "-")}" aria-hidden="true">'
            f'{PICTURE_SVG[name]}</svg></span>')


def _own(block: PlanBlock) -> str:
    return " own-words" if block.own else ""


def _block(block: PlanBlock) -> str:
    """pages/my_plan.py's `_block`, as HTML."""
    text, label = escape(block.text), escape(block.label)
    if block.kind == "h2":
        return f'<h2 class="rt-Heading rt-r-size-6" style="margin-top:1rem">{text}</h2>'
    if block.kind == "h3":
        return f'<h3 class="rt-Heading rt-r-size-4{_own(block)}" style="margin-top:0.75rem">{text}</h3>'
    if block.kind == "field":
        return (f'<div class="rt-Box{_own(block)}"><p class="rt-Text">{_picture(block.area)}'
                f'<strong class="rt-Strong">{label}</strong></p>'
                f'<p class="rt-Text" style="white-space:pre-wrap">{text}</p></div>')
    if block.kind == "explain":
        return f'<p class="rt-Text term-explained"><strong class="rt-Strong">{label}</strong>: {text}</p>'
    if block.kind == "by":
        return f'<p class="rt-Text rt-r-size-2 rt-r-weight-medium written-by">{text}</p>'
    if block.kind == "link":
        return f'<a data-accent-color="" class="{_LINK} no-print tap-link" href="{escape(block.href)}">{text}</a>'
    return f'<p class="rt-Text{_own(block)}" style="white-space:pre-wrap">{text}</p>'


def _my_plan_html(blocks: list[PlanBlock], locale: str) -> str:
    # The live page's box has id="my-plan" (what "Læs op" reads); until it comes, this one is read.
    return (f'<div id="my-plan" class="rt-Box my-plan" style="width:100%" lang="{_lang(locale)}">'
            + "".join(_block(b) for b in blocks) + "</div>")


def _item_html(page: item_page.ItemPage, locale: str) -> str:
    """pages/item.py's goal link, card and steps: the top of the item's page, as HTML."""
    def say(msgid: str) -> str:
        return escape(i18n.translate(msgid, locale))

    parts = []
    if page.goal is not None:
        title = escape(str(page.goal.content.get("title") or ""))
        parts.append(f'<p class="rt-Text">{say(TO_GOAL)} <a data-accent-color="" class="{_LINK} tap-link" '
                     f'href="{escape(routes.workbook_item(page.goal.item_id))}">{title}</a></p>')
    lines = []
    for line in item_lines(page.view.content, locale):
        label = f'<strong class="rt-Strong">{say(line.label)}</strong>: ' if line.label else ""
        text = say(line.msgid) if line.msgid else escape(line.text)
        picture = _picture(AREA_OF_LABEL[line.msgid].value) if line.msgid in AREA_OF_LABEL else ""
        lines.append(f'<p class="rt-Text" style="white-space:pre-wrap;display:block">{label}{picture}{text}</p>')
    parts.append('<div class="rt-reset rt-BaseCard rt-Card rt-r-size-1 rt-variant-surface" style="width:100%">'
                 f'<div class="{_COLUMN} rt-r-gap-1">{"".join(lines)}</div></div>')
    if page.steps:
        steps = "".join(f'<li><a data-accent-color="" class="rt-Text rt-reset rt-Link rt-underline-auto tap-link" '
                        f'href="{escape(s.href)}">{"✔ " if s.done else ""}{escape(s.text)}</a></li>'
                        for s in step_links(page.steps))
        parts.append(f'<div class="{_COLUMN} rt-r-gap-1" style="width:100%">'
                     f'<h2 class="rt-Heading rt-r-size-4">{say(STEPS)}</h2><ul>{steps}</ul></div>')
    if page.proposals:  # the page puts its rewordings here, before "Ret": what follows is left to the page
        return _column(parts, locale)
    content, kind = page.view.content, page.view.kind
    buttons = [_button(say(EDIT))]
    if kind is ItemKind.STEP:
        buttons.append(_button(say(STEP_DONE if content.get("done") else STEP_UNDONE), variant="soft"))
    parts.append(f'<div class="rt-Flex rt-r-fd-row rt-r-ai-start rt-r-fw-wrap rt-r-gap-2 rx-Stack">{"".join(buttons)}</div>')
    if kind is ItemKind.GOAL:
        chosen = {"status": str(content.get("status", "active")), "horizon": str(content.get("horizon") or ""),
                  "agrees": content.get("agrees") is not False}
        status = "".join(
            f'<h2 class="rt-Heading rt-r-size-4">{say(question)}</h2><div class="rt-Flex rt-r-fw-wrap rt-r-gap-2">'
            + "".join(_button(say(label), pressed=chosen[key] == value) for label, value in choices) + "</div>"
            for key, question, choices in GOAL_CHOICES)
        parts.append(f'<div class="{_COLUMN} rt-r-gap-2">{status}</div>')
    return _column(parts, locale)


def _column(parts: list[str], locale: str) -> str:
    return f'<div class="{_COLUMN} rt-r-gap-5" style="width:100%" lang="{_lang(locale)}">' + "".join(parts) + "</div>"


def _button(label: str, *, variant: str = "", pressed: bool | None = None) -> str:
    """A Radix button as the page draws it, read-only (aria-disabled) until the page's own takes its place; a
    choice is solid when chosen (and says so), outline when not."""
    if pressed is not None:
        variant = "solid" if pressed else "outline"
    state = f' aria-pressed="{str(pressed).lower()}"' if pressed is not None else ""
    return (f'<button type="button" data-accent-color="" aria-disabled="true"{state} class="rt-reset rt-BaseButton '
            f'rt-r-size-2 rt-variant-{variant or "solid"} rt-Button first-data-button">{label}</button>')


def with_her_data(page_html: str, slot_html: str) -> str | None:
    """The built page with `slot_html` in its slot; None if the page has no (empty) slot."""
    start = page_html.find(_SLOT)
    if start < 0 or page_html.find(_SLOT, start + 1) >= 0:
        return None
    open_end = page_html.find(">", start)
    if open_end < 0 or not page_html.startswith("</div>", open_end + 1):
        return None
    return page_html[:open_end + 1] + slot_html + page_html[open_end + 1:]


# ------------------------------------------------------------------ the middleware

SIDECARS = (("br", ".br"), ("gzip", ".gz"))  # as Reflex's file server (frontend_compression_formats)


def _plain(built: Path, accepted: str) -> tuple[bytes, str]:
    """The built page's bytes and their encoding ("" for none)."""
    for encoding, suffix in SIDECARS:
        sidecar = built.with_name(built.name + suffix)
        if encoding in accepted and sidecar.is_file():
            return sidecar.read_bytes(), encoding
    return built.read_bytes(), ""

class HerDataFirst:
    """ASGI middleware (citizenplan.py, inside SecurityHeaders): answers GET and HEAD of PAGES from the built page,
    with her data in it when she may see it. Without a build (`reflex run` in dev mode) it passes them on."""

    def __init__(self, app: ASGIApp, static_dir: Callable[[], Path | None]) -> None:
        self.app = app
        self._static_dir = static_dir

    def _built(self, path: str) -> Path | None:
        static_dir = self._static_dir()
        page = static_dir / path.strip("/") / "index.html" if static_dir is not None else None
        return page if page is not None and page.is_file() else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        path = path[:-1] if path.endswith("/") and path != "/" else path
        built = self._built(path) if scope["type"] == "http" and path in PAGES else None
        if built is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        filled = None
        if scope["method"] == "GET":
            slot = await run_in_threadpool(her_data, headers.get("cookie"), path,
                                           scope.get("query_string", b"").decode("latin-1"))
            filled = with_her_data(built.read_text(encoding="utf-8"), slot) if slot is not None else None
        answer = [(b"content-type", b"text/html; charset=utf-8"),
                  (b"cache-control", (NO_STORE if filled else PAGE_CACHE).encode())]
        accepted = headers.get("accept-encoding", "")
        if filled:
            body = filled.encode("utf-8")
            answer.append((b"vary", b"Cookie, Accept-Encoding"))
            if "gzip" in accepted:
                body = gzip.compress(body, compresslevel=6)
                answer.append((b"content-encoding", b"gzip"))
        else:  # the built page as the file server sends it: its compressed sidecar when the browser takes it
            body, encoding = _plain(built, accepted)
            answer.append((b"vary", b"Accept-Encoding"))
            if encoding:
                answer.append((b"content-encoding", encoding.encode()))
        answer.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": answer})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
