"""A browser's User-Agent in plain words ("iPhone", "Chrome"), for "Mine logins". Only what a person can
recognise: the kind of phone or computer and the browser, never a version number."""

from dataclasses import dataclass

from citizenplan.domain.errors import N_

UNKNOWN_DEVICE = N_("Ukendt enhed")
UNKNOWN_BROWSER = N_("ukendt browser")

# First match wins: an iPad's User-Agent also says "Mac OS X", an Android one "Linux".
_DEVICES = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", None),  # a phone or a tablet: decided below
    ("CrOS", N_("Chromebook")),
    ("Windows", N_("Windows-computer")),
    ("Macintosh", N_("Mac")),
    ("Linux", N_("Linux-computer")),
)
_BROWSERS = (
    ("SamsungBrowser", "Samsung Internet"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Chromium", "Chrome"),
    ("Safari", "Safari"),
)


@dataclass(frozen=True)
class Device:
    device: str  # a msgid or a name (iPhone, iPad): translate before showing
    browser: str


def describe(user_agent: str) -> Device:
    ua = user_agent or ""
    device = UNKNOWN_DEVICE
    for needle, name in _DEVICES:
        if needle in ua:
            device = name or (N_("Android-telefon") if "Mobile" in ua else N_("Android-tablet"))
            break
    browser = next((name for needle, name in _BROWSERS if needle in ua), UNKNOWN_BROWSER)
    return Device(device, browser)
