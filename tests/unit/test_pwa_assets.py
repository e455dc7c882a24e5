"""The installable app: manifest, icons, service worker and offline page (files in assets/).

No browser and no image library: PNG and ICO sizes are read from their headers with struct.
"""

import json
import re
import struct
from pathlib import Path

import pytest

from citizenplan import routes
from citizenplan.state.session import LOGOUT_SCRIPT

ASSETS = Path(__file__).resolve().parents[2] / "assets"
MANIFEST = ASSETS / "manifest.webmanifest"
SERVICE_WORKER = ASSETS / "sw.js"
OFFLINE_PAGE = ASSETS / "offline.html"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def _asset(url: str) -> Path:
    """The file in assets/ that Reflex serves at this root-relative URL."""
    assert url.startswith("/"), f"{url} should be root-relative"
    return ASSETS / url.lstrip("/")


def _png_chunks(path: Path) -> list[tuple[bytes, bytes]]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG file"
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunks.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_size(path: Path) -> tuple[int, int]:
    kind, body = _png_chunks(path)[0]
    assert kind == b"IHDR", f"{path.name} has no IHDR header first"
    width, height = struct.unpack(">II", body[:8])
    return width, height


def _png_is_opaque(path: Path) -> bool:
    chunks = _png_chunks(path)
    color_type = chunks[0][1][9]
    has_alpha_channel = color_type in (4, 6)
    has_transparency = any(kind == b"tRNS" for kind, _ in chunks)
    return not has_alpha_channel and not has_transparency


def _ico_sizes(path: Path) -> set[tuple[int, int]]:
    data = path.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), f"{path.name} is not an .ico file"
    sizes = set()
    for i in range(count):
        width, height = data[6 + 16 * i], data[7 + 16 * i]
        sizes.add((width or 256, height or 256))
    return sizes


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _js_string_array(source: str, name: str) -> list[str]:
    match = re.search(rf"const {name} = \[(.*?)\];", source, re.S)
    assert match, f"sw.js should define the array {name}"
    return re.findall(r"\"([^\"]*)\"", match.group(1))


# ---------------------------------------------------------------- manifest


def test_the_manifest_is_valid_json() -> None:
    assert isinstance(_manifest(), dict)


def test_the_manifest_names_the_app_min_vej_in_danish() -> None:
    manifest = _manifest()
    assert manifest["name"] == "Min Vej"
    assert manifest["short_name"] == "Min Vej"
    assert manifest["lang"] == "da"
    assert manifest["dir"] == "ltr"
    assert manifest["description"].strip()


def test_the_manifest_opens_the_app_standalone_at_the_root() -> None:
    manifest = _manifest()
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"


def test_the_theme_colour_carries_white_text_with_aa_contrast() -> None:
    manifest = _manifest()
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["background_color"])
    assert _contrast(manifest["theme_color"], "#ffffff") >= 4.5


def test_the_manifest_offers_a_192_and_a_512_pixel_icon() -> None:
    sizes = {icon["sizes"] for icon in _manifest()["icons"] if "any" in icon.get("purpose", "any").split()}
    assert {"192x192", "512x512"} <= sizes


def test_the_manifest_offers_a_maskable_icon() -> None:
    maskable = [icon for icon in _manifest()["icons"] if "maskable" in icon.get("purpose", "").split()]
    assert maskable, "Android needs a maskable icon to fill its icon shapes"


@pytest.mark.parametrize("icon", _manifest()["icons"], ids=lambda icon: icon["src"])
def test_every_icon_in_the_manifest_exists_with_the_size_it_claims(icon: dict) -> None:
    path = _asset(icon["src"])
    assert path.is_file(), f"{icon['src']} is listed in the manifest but missing from assets/"
    assert icon["type"] == "image/png"
    width, height = (int(n) for n in icon["sizes"].split("x"))
    assert _png_size(path) == (width, height)


def test_the_maskable_icon_is_opaque_so_no_mask_shows_a_hole() -> None:
    for icon in _manifest()["icons"]:
        if "maskable" in icon.get("purpose", "").split():
            assert _png_is_opaque(_asset(icon["src"])), f"{icon['src']} must have a full-bleed background"


def test_the_apple_touch_icon_is_180_pixels_and_opaque() -> None:
    path = ASSETS / "icons" / "apple-touch-icon.png"
    assert _png_size(path) == (180, 180)
    assert _png_is_opaque(path), "iOS shows transparent parts of a touch icon as black"


def test_the_favicon_holds_16_and_32_pixel_images() -> None:
    assert {(16, 16), (32, 32)} <= _ico_sizes(ASSETS / "favicon.ico")


# ---------------------------------------------------------------- offline page


def test_the_offline_page_is_in_danish_and_has_a_title() -> None:
    html = OFFLINE_PAGE.read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\blang=\"da\"", html)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and title.group(1).strip()


def test_the_offline_page_fits_a_phone_and_offers_to_try_again() -> None:
    html = OFFLINE_PAGE.read_text(encoding="utf-8")
    assert re.search(r"<meta[^>]*name=\"viewport\"[^>]*width=device-width", html)
    assert "user-scalable=no" not in html and "maximum-scale" not in html, "people must be able to zoom"
    assert re.search(r"<button[^>]*>\s*Prøv igen\s*</button>", html)


def test_the_offline_page_loads_nothing_that_is_not_precached() -> None:
    html = OFFLINE_PAGE.read_text(encoding="utf-8")
    precached = set(_js_string_array(SERVICE_WORKER.read_text(encoding="utf-8"), "PRECACHE"))
    precached.add("/offline.html")
    for url in re.findall(r"(?:src|href)=\"([^\"]+)\"", html):
        if url.startswith("tel:") or url == "/kriseplan":  # a phone call; her crisis plan, kept by sw.js itself
            continue
        assert url in precached, f"offline.html uses {url}, which is not precached by sw.js"


# ---------------------------------------------------------------- service worker


def test_the_service_worker_falls_back_to_the_offline_page() -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    assert "offline.html" in source
    assert (
        "/offline.html" in _js_string_array(source, "PRECACHE") or 'OFFLINE_URL = "/offline.html"' in source
    )


def test_the_service_worker_cache_name_is_versioned() -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    assert re.search(r"const CACHE = \"minvej-[a-z-]+-v\d+\";", source)


def test_everything_the_service_worker_precaches_exists() -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    names = _js_string_array(source, "PRECACHE")
    for url in [*names, "/offline.html"]:
        assert _asset(url).is_file(), f"sw.js precaches {url}, which is missing: install would fail"


@pytest.mark.parametrize("path", ["/_event", "/auth/", "/_upload", "/ping", "/_health"])
def test_the_service_worker_never_caches_the_websocket_login_or_uploads(path: str) -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    assert path in _js_string_array(source, "EXCLUDED_PATHS")
    # The exclusion must be decided before any response is taken over.
    assert 0 <= source.index("isExcluded(url.pathname)") < source.index("event.respondWith(")


def test_the_service_worker_handles_only_get_requests() -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    assert 'request.method !== "GET"' in source
    assert source.index('request.method !== "GET"') < source.index("event.respondWith(")


def test_the_service_worker_stores_only_complete_successful_responses() -> None:
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    assert "response.status === 200" in source
    assert 'response.type === "basic"' in source
    puts = [m.start() for m in re.finditer(r"cache\.put\(", source)]
    assert puts
    for put in puts:
        guard = source.rfind("if (", 0, put)
        assert source.startswith(("if (isCacheable(response))", "if (isHerCopy(response, HER_COPIES[path]))"), guard), \
            "every cache.put must be guarded"


def test_her_copies_are_kept_only_as_the_servers_answer_for_the_person_logged_in_and_dropped_otherwise():
    """Her crisis plan, home and workbook open offline, but never for another user of the device: each is kept
    only when the server answered 200 with its own X-Minvej-Offline mark, all are dropped on any other answer, at
    logout, on the login page, and an update of the worker keeps them (not an old shell cache)."""
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    keep = source[source.index("function isHerCopy"):source.index("async function herCopy")]
    for guard in ("response.status === 200", 'response.type === "basic"', "!response.redirected",
                  'get("X-Minvej-Offline") === mark'):
        assert guard in keep
    copies = dict(re.findall(r'"(/[^"]+)": "([a-z-]+)"', source[source.index("const HER_COPIES"):
                                                               source.index("const PAGE_COPIES")]))
    assert copies == {routes.CRISIS_PLAN: "crisis-plan", routes.OFFLINE_HOME: "home",
                      routes.OFFLINE_WORKBOOK: "workbook"}
    handler = source[source.index("async function herCopy"):]
    assert "caches.delete(HER_CACHE)" in handler[:handler.rindex("return response;")]
    assert "response.status >= 500" in handler  # a server error keeps them: it says nothing about who it is
    assert "name !== HER_CACHE" in source
    assert 'const HER_CACHE = "minvej-crisis-plan";' in source
    assert "caches.delete('minvej-crisis-plan')" in LOGOUT_SCRIPT
    script = (ASSETS / "minvej.js").read_text(encoding="utf-8")
    assert 'var HER_CACHE = "minvej-crisis-plan";' in script and "caches.delete(HER_CACHE)" in script


def test_the_server_marks_each_copy_as_the_service_worker_expects():
    from citizenplan.reports import crisis_plan_page, offline_pages

    source = SERVICE_WORKER.read_text(encoding="utf-8")
    for module in (crisis_plan_page, offline_pages):
        for mark in re.findall(r'her_page\(request, "([a-z-]+)"', Path(module.__file__).read_text()):
            assert f'": "{mark}"' in source


def test_after_an_erasure_the_browser_forgets_her_as_at_logout():
    """Her half-written words, unsent answers and offline copies must not outlive her account on the device."""
    from citizenplan.state.my_data import ERASED_SCRIPT

    for forgotten in ("caches.delete('minvej-crisis-plan')", "localStorage.removeItem('minvej-drafts')",
                      "localStorage.removeItem('minvej-outbox')", "sessionStorage.removeItem('token')"):
        assert forgotten in ERASED_SCRIPT
    assert "?slettet=1" in ERASED_SCRIPT
