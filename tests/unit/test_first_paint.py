"""The built pages paint before their scripts are fetched, carry only the Radix CSS the app uses, and open
without a redirect (citizenplan/first_paint.py, issue 21)."""

import re

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from citizenplan.first_paint import (
    BuiltFiles,
    FirstPaintPlugin,
    defer_bootstrap,
    drop_dynamic_libraries,
    trim_css,
)

# As React Router 7 writes a prerendered page (Reflex 0.10's export), cut down.
PAGE = (
    '<!DOCTYPE html><html lang="da"><head><link rel="modulepreload" href="/assets/manifest-1.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-2.js"/><link rel="modulepreload" href="/assets/root-3.js"/>'
    '<link rel="modulepreload" href="/assets/_borger_._index-4.js"/>'
    '<link href="/assets/__reflex_global_styles-5.css" rel="stylesheet" type="text/css"/></head>'
    '<body><main><h1>Hej</h1></main><script type="module" async="">import "/assets/manifest-1.js";\n'
    'import * as route0 from "/assets/root-3.js";\nimport * as route1 from "/assets/_borger_._index-4.js";\n  \n'
    '  window.__reactRouterRouteModules = {"root":route0,"routes/[borger]._index":route1};\n\n'
    'import("/assets/entry.client-2.js");</script></body></html>'
)


def test_the_page_asks_for_no_script_before_its_first_paint_and_then_for_the_same_ones():
    html = defer_bootstrap(PAGE)
    assert html is not None
    assert '<link rel="modulepreload"' not in html  # nothing fetched while the page is parsed
    script = re.search(r'<script type="module" async="">(.*?)</script>', html, re.S).group(1)
    assert script.index("requestAnimationFrame") > script.index("const go")  # started a frame after the paint
    assert re.search(r"^\s*import\s", script) is None  # no static import: those are fetched at once
    for chunk in ("manifest-1", "entry.client-2", "root-3", "_borger_._index-4"):
        assert f"/assets/{chunk}.js" in script
    assert '{"root":m[1],"routes/[borger]._index":m[2]}' in script
    assert script.index("__reactRouterRouteModules") < script.index('import("/assets/entry.client-2.js")')
    assert html.startswith(PAGE[:PAGE.index("<link")]) and "<main><h1>Hej</h1></main>" in html


def test_a_page_of_another_shape_is_left_as_it_was():
    assert defer_bootstrap(PAGE.replace("window.__reactRouterRouteModules", "window.somethingElse")) is None
    assert defer_bootstrap("<html><body>offline</body></html>") is None


CSS = (
    ":root,.light,.radix-themes{--teal-1:#fafefd;--plum-1:#fefcff;--gray-1:#fcfcfc}"
    "@supports (color:color(display-p3 1 1 1)){@media (color-gamut:p3){:root{--plum-2:color(display-p3 1 1 1);"
    "--teal-2:color(display-p3 0 1 1)}}}"
    "[data-accent-color=plum]{--accent-1:var(--plum-1)}[data-accent-color=teal]{--accent-1:var(--teal-1)}"
    ".rt-BaseButton{cursor:pointer}.rt-Button:where(.rt-variant-soft){color:red}"
    ".rt-SelectTrigger,.rt-SelectContent{display:flex}.rt-SelectTrigger,.rt-Text{margin:0}"
    "@media (min-width:520px){.rt-SliderRoot{width:1px}.rt-r-size-2{font-size:2px}}"
    "@keyframes rt-spin{0%{transform:rotate(0)}}.rt-r-gap-3{gap:3px}"
)


def test_only_the_components_and_colours_in_use_are_kept():
    trimmed = trim_css(CSS, components={"Button", "BaseButton", "Text"}, colours={"teal", "gray"})
    for kept in ("--teal-1:#fafefd", "--gray-1", "--teal-2:color(display-p3 0 1 1)", "[data-accent-color=teal]",
                 ".rt-BaseButton{", ".rt-Button:where(.rt-variant-soft)", ".rt-Text{margin:0}",
                 "@media (min-width:520px){.rt-r-size-2{font-size:2px}}", "@keyframes rt-spin", ".rt-r-gap-3"):
        assert kept in trimmed, kept
    for gone in ("plum", "rt-Select", "rt-SliderRoot"):
        assert gone not in trimmed, gone


def test_the_trimmed_stylesheet_gets_a_new_name_everywhere(tmp_path):
    web = tmp_path / "web"
    (web / "app" / "routes").mkdir(parents=True)
    (web / "app" / "routes" / "page.jsx").write_text(
        'import {Button as RadixThemesButton,Text as RadixThemesText} from "@radix-ui/themes"\n'
        'jsx(RadixThemesButton,{color:"gray"})')
    static = web / "build" / "client"
    (static / "assets").mkdir(parents=True)
    (static / "assets" / "__reflex_global_styles-5.css").write_text(CSS)
    (static / "assets" / "__reflex_global_styles-5.css.gz").write_bytes(b"old")
    (static / "borger").mkdir()
    (static / "borger" / "index.html").write_text(PAGE)
    (static / "assets" / "root-3.js").write_text('x("/assets/__reflex_global_styles-5.css")')
    FirstPaintPlugin().post_build(static_dir=static)
    sheets = list((static / "assets").glob("__reflex_global_styles-*"))
    assert len(sheets) == 1 and sheets[0].name != "__reflex_global_styles-5.css"  # the old .gz went too
    assert "rt-Select" not in sheets[0].read_text() and "rt-BaseButton" in sheets[0].read_text()
    page = (static / "borger" / "index.html").read_text()
    assert sheets[0].name in page and sheets[0].name in (static / "assets" / "root-3.js").read_text()
    assert '<link rel="modulepreload"' not in page


def test_a_page_opens_without_a_redirect_to_its_trailing_slash(tmp_path):
    (tmp_path / "borger").mkdir()
    (tmp_path / "borger" / "index.html").write_text("<h1>Hej</h1>")
    (tmp_path / "minvej.js").write_text("1")
    files = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])
    client = TestClient(BuiltFiles(files, lambda: tmp_path))
    response = client.get("/borger", follow_redirects=False)
    assert response.status_code == 200 and response.text == "<h1>Hej</h1>"
    assert client.get("/borger/", follow_redirects=False).status_code == 200
    assert client.get("/minvej.js", follow_redirects=False).text == "1"
    assert client.get("/samtale", follow_redirects=False).status_code == 404  # no such page: untouched


def test_a_page_is_always_asked_for_again_and_a_hashed_file_never(tmp_path):
    """Without no-cache a browser may keep a page by heuristics and show it offline from its own cache,
    where the service worker must give her offline copy."""
    (tmp_path / "borger").mkdir()
    (tmp_path / "borger" / "index.html").write_text("<h1>Hej</h1>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-3.js").write_text("1")
    files = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])
    client = TestClient(BuiltFiles(files, lambda: tmp_path))
    assert client.get("/borger").headers["cache-control"] == "no-cache"
    assert "immutable" in client.get("/assets/root-3.js").headers["cache-control"]


def test_radix_themes_is_not_offered_to_dynamic_components() -> None:
    libraries = ["react", "$/utils/state", "@radix-ui/themes", "@radix-ui/themes/components", "@radix-ui/themes-x"]
    assert drop_dynamic_libraries(libraries) == ["@radix-ui/themes", "@radix-ui/themes/components"]
    assert libraries == ["react", "$/utils/state", "@radix-ui/themes-x"]
