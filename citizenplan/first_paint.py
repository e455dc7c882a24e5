"""A first paint on a slow phone that waits for neither the JavaScript bundle nor the websocket (issue 21).

Reflex 0.10's export already prerenders every page: its HTML holds the page's frame and static text. What kept
a phone from painting it early was what the page asked for beside it, so this Reflex plugin works on the built
frontend after `npm run export` (`post_build`, before Reflex writes the .gz sidecars):

- **The scripts start after the first paint.** React Router's bootstrap (an inline module script) and the
  `<link rel="modulepreload">` of every chunk made the browser fetch and run some 300 KB of JavaScript before or
  beside the first frame. The bootstrap now waits for the frame after the first one (requestAnimationFrame,
  then a task) and then adds the same modulepreload links and imports the same modules in the same order, so
  hydration starts a moment later with every chunk still fetched in parallel. The page's HTML is the same for
  everyone (no person's data is in it), so nothing is shown that the server would not show.
- **Only the component library's CSS the app uses.** The Radix Themes stylesheet is all of Radix: 30 colour
  scales in light, dark and P3, and every component in every variant (700 KB, 85 KB gzipped), and it blocks
  the first paint. Rules for components the app's compiled pages never import, and colour tokens for colours
  they never name, are left out; the file gets a new name (its content's hash) everywhere it is referenced,
  so a browser or the service worker never mixes it up with an earlier build's.

- **Only the component library's JavaScript the app uses.** Reflex offers every plugin's npm package to
  dynamic components (components sent from the server as state), and with `frontend_lazy_bundled_libraries`
  the app's root keeps an `import("@radix-ui/themes")` for them: that names the whole package, so the bundler
  kept all of Radix Themes (every component, the theme panel) in one chunk that every page loads (282 KB, 77 KB
  gzipped, 78 % of it never run on a first load). The app renders no dynamic component, so the package is taken
  off that list before the app's root is compiled (`pre_compile`), and the bundler keeps only the components
  the pages import.

- **A page's first data drawn in slices** (`load_in_slices.py`): the deltas of a page's load are rendered in a
  transition instead of one long task; the frontend's three files are changed before the build.

If the build does not look as expected (another Reflex or React Router), a page or the stylesheet is left as it
was and the build goes on: slower, never broken.
"""

import hashlib
import json
import logging
import re
from pathlib import Path

from reflex.plugins import Plugin
from reflex.utils.prerequisites import get_web_dir
from reflex_base.registry import RegistrationContext
from starlette.datastructures import MutableHeaders

from citizenplan import load_in_slices

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ scripts after the first paint

_BOOTSTRAP = re.compile(r'<script type="module" async="">(import "(?P<manifest>/assets/[^"]+\.js)";\s*'
                        r'(?P<routes>(?:import \* as route\d+ from "/assets/[^"]+\.js";\s*)+)'
                        r'\s*window\.__reactRouterRouteModules = (?P<modules>\{[^<]*?\});\s*'
                        r'import\("(?P<entry>/assets/[^"]+\.js)"\);)</script>')
_ROUTE_IMPORT = re.compile(r'import \* as (route\d+) from "(/assets/[^"]+\.js)";')
_MODULEPRELOAD = re.compile(r'<link rel="modulepreload" href="(/assets/[^"]+\.js)"/>')
# The route modules object as React Router writes it: {"root":route0,"routes/x":route1}.
_MODULE_ENTRY = re.compile(r'"([^"]+)":(route\d+)')


def defer_bootstrap(html: str) -> str | None:
    """The page with its scripts started after the first paint; None if it does not look as expected."""
    match = _BOOTSTRAP.search(html)
    preloads = _MODULEPRELOAD.findall(html)
    if not match or not preloads:
        return None
    routes = _ROUTE_IMPORT.findall(match["routes"])
    entries = _MODULE_ENTRY.findall(match["modules"])
    if not routes or {name for _key, name in entries} != {name for name, _src in routes}:
        return None
    position = {name: n for n, (name, _src) in enumerate(routes)}
    modules = ",".join(f"{json.dumps(key)}:m[{position[name] + 1}]" for key, name in entries)
    script = (
        '<script type="module" async="">'
        f"const p={json.dumps(preloads)};"
        "const go=()=>{for(const h of p){const l=document.createElement(\"link\");"
        "l.rel=\"modulepreload\";l.href=h;document.head.appendChild(l);}"
        f"Promise.all([import({json.dumps(match['manifest'])}),"
        + ",".join(f"import({json.dumps(src)})" for _name, src in routes)
        + f"]).then(m=>{{window.__reactRouterRouteModules={{{modules}}};import({json.dumps(match['entry'])});}});}};"
        "requestAnimationFrame(()=>setTimeout(go,0));"
        "</script>"
    )
    return _MODULEPRELOAD.sub("", html[:match.start()] + script + html[match.end():])


# ------------------------------------------------------------------ the component library's CSS

STYLESHEET = re.compile(r"__reflex_global_styles-[A-Za-z0-9_-]+\.css")
COLOURS = ("amber", "blue", "bronze", "brown", "crimson", "cyan", "gold", "grass", "gray", "green", "indigo",
           "iris", "jade", "lime", "mauve", "mint", "olive", "orange", "pink", "plum", "purple", "red", "ruby",
           "sage", "sand", "sky", "slate", "teal", "tomato", "violet", "yellow")
# What a Radix Themes component's CSS needs beside its own classes (rt-<Name>*, rt-Base<Name>*).
NEEDS = {
    "Button": ("BaseButton", "Spinner"), "IconButton": ("BaseButton", "Spinner"), "Card": ("BaseCard",),
    "CheckboxCards": ("BaseCard", "CheckboxCard", "BaseCheckbox"), "Checkbox": ("BaseCheckbox",),
    "CheckboxGroup": ("BaseCheckbox",), "RadioCards": ("BaseCard", "BaseRadio"), "RadioGroup": ("BaseRadio",),
    "Radio": ("BaseRadio",), "DropdownMenu": ("BaseMenu", "ScrollArea"), "ContextMenu": ("BaseMenu", "ScrollArea"),
    "Select": ("ScrollArea", "Popper"), "Dialog": ("BaseDialog",), "AlertDialog": ("BaseDialog",),
    "Popover": ("Popper",), "HoverCard": ("Popper",), "Tooltip": ("Popper",), "Tabs": ("BaseTabList",),
    "TabNav": ("BaseTabList",), "Table": ("ScrollArea",), "Container": ("ContainerInner",),
}
_COMPONENT_CLASS = re.compile(r"\.rt-([A-Z][A-Za-z0-9]*)")
_ACCENT = re.compile(r"\[data-(?:accent|gray)-color=\"?([a-z]+)\"?\]")
_TOKEN = re.compile(r"^\s*--(" + "|".join(COLOURS) + r")-")
_RADIX_IMPORT = re.compile(r'import \{([^}]*)\} from "@radix-ui/themes"')
_QUOTED_COLOUR = re.compile(r'"(' + "|".join(COLOURS) + r')"')


def _compiled_sources(web_dir: Path) -> list[Path]:
    """What Reflex compiled from the app (pages, memoized components, its own helpers): not the libraries."""
    return [path for folder in ("app", "app_components", "components", "utils") if (web_dir / folder).is_dir()
            for path in (web_dir / folder).rglob("*") if path.suffix in (".js", ".jsx") and path.is_file()]


def used_components(web_dir: Path) -> set[str]:
    """The Radix Themes components the compiled pages import, with what each one's CSS needs."""
    names = set()
    for source in _compiled_sources(web_dir):
        for imported in _RADIX_IMPORT.findall(source.read_text(encoding="utf-8")):
            names |= {part.split(" as ")[0].strip() for part in imported.split(",") if part.strip()}
    for name in list(names):
        names |= set(NEEDS.get(name, ()))
    return names


def used_colours(web_dir: Path, static_dir: Path) -> set[str]:
    """Colours the compiled pages name (accent, gray, a callout's colour), and those our own CSS uses."""
    found = {"gray"}
    for source in _compiled_sources(web_dir):
        found |= set(_QUOTED_COLOUR.findall(source.read_text(encoding="utf-8")))
    for sheet in static_dir.glob("*.css"):
        found |= set(re.findall(r"var\(--(" + "|".join(COLOURS) + r")-", sheet.read_text(encoding="utf-8")))
    return found


def _split(text: str, separator: str) -> list[str]:
    """`text` cut at `separator` outside strings, brackets and parentheses."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level statements: (prelude, body) for a block, (statement, None) for `@import ...;` and the like."""
    found, i, start, quote = [], 0, 0, ""
    while i < len(css):
        char = css[i]
        if quote:
            quote = "" if char == quote and css[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == ";":
            found.append((css[start:i + 1], None))
            start = i + 1
        elif char == "{":
            depth, j, inner_quote = 1, i + 1, ""
            while depth and j < len(css):
                c = css[j]
                if inner_quote:
                    inner_quote = "" if c == inner_quote and css[j - 1] != "\\" else inner_quote
                elif c in "\"'":
                    inner_quote = c
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                j += 1
            if depth:
                raise ValueError("unbalanced braces")
            found.append((css[start:i].strip(), css[i + 1:j - 1]))
            i = start = j
            continue
        i += 1
    if css[start:].strip():
        raise ValueError("trailing text")
    return found


_NESTED = ("@media", "@supports", "@layer", "@container", "@scope")


def trim_css(css: str, components: set[str], colours: set[str]) -> str:
    """`css` without the rules of components not in `components` and the tokens of colours not in `colours`."""

    def keep_selector(selector: str) -> bool:
        for name in _COMPONENT_CLASS.findall(selector):
            if not any(name.startswith(family) or name.startswith("Base" + family) for family in components):
                return False
        return all(colour in colours for colour in _ACCENT.findall(selector))

    def walk(text: str) -> str:
        out = []
        for prelude, body in _blocks(text):
            if body is None:
                out.append(prelude)
            elif prelude.startswith("@"):
                if prelude.startswith(_NESTED):
                    inner = walk(body)
                    if inner:
                        out.append(f"{prelude}{{{inner}}}")
                else:
                    out.append(f"{prelude}{{{body}}}")
            else:
                selectors = [s for s in _split(prelude, ",") if keep_selector(s)]
                declarations = [d for d in _split(body, ";")
                                if d.strip() and not ((m := _TOKEN.match(d)) and m.group(1) not in colours)]
                if selectors and declarations:
                    out.append(f"{','.join(selectors)}{{{';'.join(declarations)}}}")
        return "".join(out)

    return walk(css)


def trim_stylesheet(static_dir: Path) -> str | None:
    """Trim the built global stylesheet and rename it by its content; the new name, or None if left alone."""
    web_dir = static_dir.parents[1]  # .web/build/client
    sheets = list((static_dir / "assets").glob("__reflex_global_styles-*.css"))
    components = used_components(web_dir)
    if len(sheets) != 1 or not components:
        return None
    old = sheets[0]
    trimmed = trim_css(old.read_text(encoding="utf-8"), components, used_colours(web_dir, static_dir))
    digest = hashlib.sha256(trimmed.encode("utf-8")).hexdigest()[:10]
    new = old.with_name(f"__reflex_global_styles-{digest}.css")
    new.write_text(trimmed, encoding="utf-8")
    _forget(old)
    old.unlink()
    for path in [*static_dir.rglob("*.html"), *static_dir.rglob("*.js"), *static_dir.rglob("*.json")]:
        text = path.read_text(encoding="utf-8")
        if old.name in text:
            path.write_text(text.replace(old.name, new.name), encoding="utf-8")
            _forget(path)
    return new.name


def _forget(path: Path) -> None:
    """Drop a changed file's compressed sidecars: Reflex writes them anew after the plugins."""
    for suffix in (".gz", ".br", ".zst"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


# npm packages that dynamic components would need whole; the app renders none (see the module's docstring).
NOT_FOR_DYNAMIC_COMPONENTS = ("@radix-ui/themes",)


def drop_dynamic_libraries(libraries: list[str]) -> list[str]:
    """Take the packages of NOT_FOR_DYNAMIC_COMPONENTS (and their subpaths) off Reflex's list of libraries
    offered to dynamic components, in place; what was taken off."""
    dropped = [name for name in libraries
               if any(name == package or name.startswith(package + "/") for package in NOT_FOR_DYNAMIC_COMPONENTS)]
    for name in dropped:
        libraries.remove(name)
    return dropped


class FirstPaintPlugin(Plugin):
    """rxconfig.py's plugin: after the production build, every page paints before its scripts run."""

    def pre_compile(self, **context) -> None:
        """Before the app's root is compiled (Reflex registers the plugins' packages just before this)."""
        dropped = drop_dynamic_libraries(RegistrationContext.ensure_context().bundled_libraries)
        log.info("first_paint: not offered to dynamic components: %s", ", ".join(dropped) or "nothing")
        web_dir = get_web_dir()
        try:
            templates = {path: (web_dir / path).read_text(encoding="utf-8")
                         for path in (load_in_slices.STATE_JS, load_in_slices.REGISTRY_JS)}
            ok = load_in_slices.applies(templates)
        except OSError as error:
            ok = False
            log.warning("first_paint: page-load deltas in one task (%s)", error)
        if not ok:
            log.warning("first_paint: page-load deltas in one task (Reflex's frontend is not as expected)")
        for path in load_in_slices.CHANGES:
            context["add_modify_task"](path, load_in_slices.modify_task(path, ok))

    def post_build(self, **context) -> None:
        static_dir = Path(context["static_dir"])
        try:
            sheet = trim_stylesheet(static_dir)
        except (OSError, ValueError) as error:
            sheet = None
            log.warning("first_paint: the stylesheet is left as it was (%s)", error)
        deferred = skipped = 0
        for page in static_dir.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            changed = defer_bootstrap(html)
            if changed is None:
                skipped += 1
                continue
            page.write_text(changed, encoding="utf-8")
            _forget(page)
            deferred += 1
        log.warning("first_paint: stylesheet %s; scripts after the first paint in %d pages (%d left as they were)",
                    sheet or "left as it was", deferred, skipped)


# What BuiltFiles says, and nginx's configuration under `make run-scale` (citizenplan/ops/nginx.py) with it.
HASHED_PREFIX = "/assets/"  # the build names every file under it by its content
HASHED_CACHE = "public, max-age=31536000, immutable"
PAGE_CACHE = "no-cache"


class BuiltFiles:
    """ASGI middleware for the built frontend's answers.

    - `/borger` is served the built `/borger/index.html` at once. Starlette's static files answer it with a
      redirect to `/borger/` first: a whole round trip (150 ms and more on a slow phone) before the page starts.
      Only for a path the build has a page for; anything else passes untouched.
    - A page says `Cache-Control: no-cache`: without it the browser may keep it by heuristics and answer from its
      own cache even offline, where the service worker must give her offline copy instead (assets/sw.js).
    - The build's files under /assets/ are named by their content: kept for a year, never asked for again."""

    def __init__(self, app, static_dir) -> None:
        self.app = app
        self._static_dir = static_dir

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if (path != "/" and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1] and ".." not in path):
            static_dir = self._static_dir()
            if static_dir is not None and (static_dir / path.lstrip("/") / "index.html").is_file():
                scope = {**scope, "path": path + "/", "raw_path": (path + "/").encode("latin-1")}
        hashed = path.startswith(HASHED_PREFIX)

        async def send_with_caching(message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    if hashed:
                        headers["Cache-Control"] = HASHED_CACHE
                    elif headers.get("content-type", "").startswith("text/html"):
                        headers["Cache-Control"] = PAGE_CACHE
            await send(message)

        await self.app(scope, receive, send_with_caching)
