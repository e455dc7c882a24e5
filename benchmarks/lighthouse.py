"""First load on a slow phone: Lighthouse's mobile profile on the bare Reflex app and on every citizen and
relative page of Min Vej, logged in, in one run (issue 21, "Targets").

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--pages /borger,/samtale] [--repeat] [--keep]

What is measured: Lighthouse (the npm package, pinned below; Debian's /usr/bin/chromium, headless) with its
default mobile profile: a Moto G Power sized screen, simulated slow 4G (150 ms RTT, 1.6 Mbit/s down) and
4x CPU slowdown, a cold cache and fresh storage for every run. Per page the median of `--runs` runs of the
performance score, largest contentful paint (LCP), first contentful paint (FCP), total blocking time (TBT),
the bytes over the wire (total-byte-weight), and the best-practices and accessibility scores.

Both apps run on this machine in this run (`reflex run --env prod`, one port each): Min Vej
(tests/support/app_server.py: a throw-away SQLite database with the demo people) and the bare app of
`bare_app/` (as chat_round_trip.py builds it). They are measured interleaved: every round measures the bare
app, then each Min Vej page, then the bare app again, so the load of the machine falls on both alike. The
load average is printed with the figures: other work on the machine moves them; compare within one run.

Logged in: the script logs in the demo citizen `anna` and the demo relative `karen` in Playwright (the login
page, as a person does) and hands each one's session cookie to Lighthouse (--extra-headers, sent with every
request of the page, the websocket's handshake too). The login page `/` is measured logged out.

`--repeat` also measures a repeat visit: Lighthouse on a Chromium profile that has opened the page once
before (its service worker installed and its cache filled), without Lighthouse's storage reset.

Lighthouse is installed with npm into `--tools` (default `.tools/lighthouse`, git-ignored) when it is not there
at the pinned version: never globally, never into the home folder. The script prints figures and exits 0
whatever they are: a benchmark, not a test. `--keep` keeps the temporary folder (the builds, the logs and
every Lighthouse report as JSON); `--trace PAGE` saves the trace of one more run of that page there too.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from chat_round_trip import running_bare_app  # noqa: E402 - benchmarks/, beside this script
from common import cpu_model  # noqa: E402

from citizenplan import routes  # noqa: E402
from citizenplan.auth.cookies import COOKIE_NAME  # noqa: E402
from citizenplan.demo import DEMO_PASSWORD  # noqa: E402
from tests.support import app_server  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, chromium, fill_login, new_context, open_page  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"  # the last line that runs on Node 20 (13.x needs Node 22.19)
RUN_TIMEOUT_S = 240
CITIZEN, RELATIVE = "anna", "karen"
CATEGORIES = "performance,accessibility,best-practices"
# Lighthouse's chrome-launcher adds its own flags; these are the tests' (tests/support/browser.py), headless.
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]

TARGETS = "targets on every page: performance >= 95, LCP <= 2.0 s, best practices 100, accessibility 100, " \
          "fewer bytes than the bare app"


@dataclass
class Target:
    """One page to measure: its label in the table, its URL and whose cookie it is opened with."""

    label: str
    url: str
    who: str | None  # None: logged out
    results: list[dict] = field(default_factory=list)
    repeat: list[dict] = field(default_factory=list)


# ------------------------------------------------------------------ Lighthouse itself


def lighthouse_bin(tools: Path) -> Path:
    """The pinned Lighthouse in `tools`, installed there with npm if it is missing or another version."""
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    package = tools / "node_modules" / "lighthouse" / "package.json"
    try:
        installed = json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        installed = None
    if installed != LIGHTHOUSE_VERSION or not binary.exists():
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {tools} (npm) ...", flush=True)
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", "--no-save",
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, timeout=600,
                       env={**os.environ, "npm_config_update_notifier": "false"})
    return binary


def run_lighthouse(binary: Path, url: str, cookie: str | None, out: Path, root: Path,
                   profile: Path | None = None, save_trace: bool = False) -> dict:
    """One Lighthouse run on `url`; the figures of its report (the report itself is written to `out`)."""
    flags = list(CHROME_FLAGS)
    command = [str(binary), url, "--output=json", f"--output-path={out}", f"--only-categories={CATEGORIES}",
               "--quiet", "--max-wait-for-load=60000"]
    if profile is not None:  # a repeat visit: the profile keeps the service worker and its cache
        flags.append(f"--user-data-dir={profile}")
        command.append("--disable-storage-reset")
    if cookie:
        headers = out.with_suffix(".headers.json")
        headers.write_text(json.dumps({"Cookie": cookie}))
        command.append(f"--extra-headers={headers}")
    if save_trace:
        command.append("--save-assets")
    command.append("--chrome-flags=" + " ".join(flags))
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "XDG_CONFIG_HOME": str(root / "xdg-config"),
           "XDG_CACHE_HOME": str(root / "xdg-cache"), "TMPDIR": str(root / "tmp")}
    (root / "tmp").mkdir(exist_ok=True)
    result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env, check=False,
                            start_new_session=True)
    if result.returncode != 0 or not out.exists():
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"exit {result.returncode}"]}
    return figures(json.loads(out.read_text()))


def figures(report: dict) -> dict:
    audits, categories = report["audits"], report["categories"]

    def score(name: str) -> float | None:
        value = categories.get(name, {}).get("score")
        return None if value is None else round(value * 100)

    def number(name: str) -> float | None:
        return audits.get(name, {}).get("numericValue")

    runtime_error = report.get("runtimeError", {}).get("code")
    failed = [audit_id for ref in categories.get("best-practices", {}).get("auditRefs", [])
              if (audit_id := ref["id"]) in audits and audits[audit_id].get("score") not in (None, 1)
              and ref.get("weight", 0) > 0]
    return {"performance": score("performance"), "lcp": number("largest-contentful-paint"),
            "fcp": number("first-contentful-paint"), "tbt": number("total-blocking-time"), "cls": number("cumulative-layout-shift"),
            "bytes": number("total-byte-weight"), "best": score("best-practices"),
            "a11y": score("accessibility"), "lcp_element": _lcp_element(audits),
            "bp_failed": failed, "error": runtime_error}


def _lcp_element(audits: dict) -> str:
    try:
        items = audits["largest-contentful-paint-element"]["details"]["items"][0]["items"]
        return items[0]["node"].get("selector", "")
    except (KeyError, IndexError, TypeError):
        return ""


# ------------------------------------------------------------------ logging in


def session_cookies(base_url: str) -> dict[str, str]:
    """The demo citizen's and the demo relative's session cookies, each from a real login in Chromium."""
    cookies = {}
    with chromium() as (_playwright, browser):
        for username in (CITIZEN, RELATIVE):
            context = new_context(browser, base_url)
            try:
                page = context.new_page()
                open_page(page, base_url, "/")
                fill_login(page, username, DEMO_PASSWORD)
                page.wait_for_url(lambda url: not url.rstrip("/").endswith(base_url.split("//")[1]), timeout=30_000)
                found = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
                if not found:
                    raise RuntimeError(f"no session cookie after {username}'s login")
                cookies[username] = f"{COOKIE_NAME}={found[0]['value']}"
            finally:
                context.close()
    return cookies


def min_vej_targets(app: app_server.AppServer, chosen: set[str] | None) -> list[Target]:
    """Every page a citizen reads (the Reflex pages and the server's crisis plan), the login page logged out,
    and the relative's home."""
    anna = app.user_id(CITIZEN)
    goal = app.query("SELECT id FROM workbook_item WHERE citizen_id = ? AND kind = 'goal' ORDER BY id", (anna,))
    # The chat as her home opens it (its suggested card): /samtale alone names no flow and shows only an error.
    pages = [
        (routes.LOGIN, None), (routes.CITIZEN_HOME, CITIZEN), (routes.chat("getting_started"), CITIZEN),
        (routes.WORKBOOK, CITIZEN),
        (routes.workbook_item(goal[0][0]) if goal else routes.WORKBOOK_ITEM, CITIZEN),
        (routes.MY_PLAN, CITIZEN), (routes.CRISIS_PLAN, CITIZEN), (routes.MY_RELATIVES, CITIZEN),
        (routes.ACCESS_LOG, CITIZEN), (routes.MY_DATA, CITIZEN), (routes.RELATIVE_HOME, RELATIVE),
    ]
    found = []
    for path, who in pages:
        if chosen and path.split("?")[0] not in chosen:
            continue
        label = f"Min Vej {path.split('?')[0]}" + (" (logged out)" if who is None else f" ({who})")
        found.append(Target(label, app.url(path), who))
    return found


# ------------------------------------------------------------------ figures


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _median(results: list[dict], key: str) -> float | None:
    values = [r[key] for r in results if r.get(key) is not None and not r.get("error")]
    return statistics.median(values) if values else None


def _row(label: str, results: list[dict], bare_bytes: float | None, is_bare: bool) -> str:
    perf, lcp, fcp, tbt, cls = (_median(results, k) for k in ("performance", "lcp", "fcp", "tbt", "cls"))
    size, best, a11y = (_median(results, k) for k in ("bytes", "best", "a11y"))
    good = [r for r in results if not r.get("error")]

    def show(value, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    missed = []
    if not is_bare and good:
        if perf is None or perf < 95:
            missed.append("perf")
        if lcp is None or lcp > 2000:
            missed.append("LCP")
        if best != 100:
            missed.append("BP")
        if a11y != 100:
            missed.append("a11y")
        if size is None or bare_bytes is None or size >= bare_bytes:
            missed.append("bytes")
    verdict = "" if is_bare else ("met" if good and not missed else "not met: " + ", ".join(missed) if good else "no run")
    errors = len(results) - len(good)
    return (f"| {label:<38} | {show(perf, '.0f'):>4} | {show(lcp and lcp / 1000, '.1f'):>5} s | "
            f"{show(fcp and fcp / 1000, '.1f'):>5} s | {show(tbt, '.0f'):>5} ms | {show(cls, '.2f'):>4} | "
            f"{show(size and size / 1000, '.0f'):>5} KB | "
            f"{show(best, '.0f'):>4} | {show(a11y, '.0f'):>4} | {len(good)}{f' ({errors} failed)' if errors else ''} | "
            f"{verdict}")


def report(bare: Target, targets: list[Target], facts: list[str], loads: list[str], args) -> None:
    print()
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile profile (simulated slow 4G, 4x CPU), cold cache; median of "
          f"{args.runs} runs; both apps in this run, interleaved")
    for line in facts:
        print(line)
    print("load average (1/5/15 min) at the start of each round and at the end: " + " | ".join(loads))
    print(TARGETS)
    print()
    header = (f"| {'page':<38} | perf |   LCP   |   FCP   |   TBT    | CLS  |  bytes   |  BP  | a11y | runs | targets")
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|---|")
    bare_bytes = _median(bare.results, "bytes")
    print(_row("bare Reflex app /", bare.results, bare_bytes, is_bare=True))
    for target in targets:
        print(_row(target.label, target.results, bare_bytes, is_bare=False))
    if args.repeat:
        print()
        print("repeat visit (a profile that opened the page before: service worker and cache warm, no storage reset):")
        print(_row("bare Reflex app /", bare.repeat, bare_bytes, is_bare=True))
        for target in targets:
            print(_row(target.label, target.repeat, bare_bytes, is_bare=False))
    print()
    for target in [bare, *targets]:
        elements = sorted({r.get("lcp_element") for r in target.results if r.get("lcp_element")})
        failed = sorted({a for r in target.results for a in r.get("bp_failed") or []})
        errors = sorted({str(r.get("error")) for r in target.results if r.get("error")})
        extra = (f"  best practices failed: {', '.join(failed)}" if failed else "") + \
                (f"  errors: {'; '.join(errors)}" if errors else "")
        print(f"  {target.label}: LCP element {', '.join(elements) or '-'}{extra}")
    print("perf, BP, a11y: Lighthouse's category scores; LCP/FCP: largest/first contentful paint, TBT: total "
          "blocking time\n(simulated, Lantern), CLS: cumulative layout shift (the data filled in after the first paint); bytes: total-byte-weight (transfer size of everything the page "
          "loaded). Medians.")


# ------------------------------------------------------------------ main


def machine_facts() -> list[str]:
    model = cpu_model()
    chromium_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout
    return [f"machine: {os.cpu_count()} CPUs{f' ({model})' if model else ''}, {platform.system()} "
            f"{platform.release()}, {chromium_version.strip().splitlines()[-1] if chromium_version else 'chromium'}"]


def _measure(binary: Path, target: Target, cookies: dict[str, str], root: Path, name: str,
             repeat: bool) -> None:
    cookie = cookies.get(target.who) if target.who else None
    out = root / "reports" / f"{name}.json"
    result = run_lighthouse(binary, target.url, cookie, out, root)
    if result.get("error") and result.get("performance") is None:  # e.g. NO_NAVSTART under load: once more
        result = run_lighthouse(binary, target.url, cookie, out, root)
    target.results.append(result)
    shown = "error " + str(result["error"]) if result.get("error") and result.get("performance") is None else \
        f"perf {result['performance']}, LCP {result['lcp'] / 1000:.1f} s, {result['bytes'] / 1000:.0f} KB"
    print(f"  {target.label}: {shown}", flush=True)
    if repeat:
        profile = root / "profiles" / name
        run_lighthouse(binary, target.url, cookie, root / "reports" / f"{name}-warm.json", root, profile=profile)
        target.repeat.append(run_lighthouse(binary, target.url, cookie, root / "reports" / f"{name}-repeat.json",
                                            root, profile=profile))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown (default 3)")
    parser.add_argument("--pages", default="", help="comma-separated paths of Min Vej to measure (default: all)")
    parser.add_argument("--repeat", action="store_true", help="also measure a repeat visit (warm service worker)")
    parser.add_argument("--tools", type=Path, default=PROJECT_DIR / ".tools" / "lighthouse",
                        help="where Lighthouse is installed with npm (default .tools/lighthouse)")
    parser.add_argument("--trace", default="", help="save the trace of one more run of this path (with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (builds, logs, reports)")
    args = parser.parse_args()

    binary = lighthouse_bin(args.tools.resolve())
    facts = machine_facts()
    root = Path(tempfile.mkdtemp(prefix="minvej-lighthouse-"))
    (root / "reports").mkdir()
    print(f"temporary folder: {root}", flush=True)
    chosen = {p.strip().rstrip("/") or "/" for p in args.pages.split(",") if p.strip()} or None
    try:
        with ExitStack() as stack:
            print("starting Min Vej (build, migrate, demo data) ...", flush=True)
            app = stack.enter_context(app_server.running_app(root / "minvej"))
            print("starting the bare Reflex app (build) ...", flush=True)
            bare_url = stack.enter_context(running_bare_app(root / "bare"))
            cookies = session_cookies(app.base_url)
            bare = Target("bare Reflex app /", bare_url + "/", None)
            targets = min_vej_targets(app, chosen)
            facts.append(f"Reflex {_version('reflex')}, Lighthouse {LIGHTHOUSE_VERSION}")
            loads = []
            for run in range(1, args.runs + 1):
                loads.append(load_average())
                print(f"round {run} of {args.runs}; load average {loads[-1]}", flush=True)
                _measure(binary, bare, cookies, root, f"bare-{run}a", args.repeat)
                for n, target in enumerate(targets):
                    _measure(binary, target, cookies, root, f"minvej{n}-{run}", args.repeat)
                _measure(binary, bare, cookies, root, f"bare-{run}b", False)
            loads.append(load_average())
            if args.trace:
                path = args.trace
                who = RELATIVE if path.startswith(routes.RELATIVE_HOME) else (None if path == "/" else CITIZEN)
                out = root / "trace" / "report.json"
                out.parent.mkdir()
                # The page as measured above (/samtale: with its flow), or the path as given.
                url = next((t.url for t in min_vej_targets(app, None) if t.url.split("?")[0] == app.url(path)),
                           app.url(path))
                run_lighthouse(binary, url, cookies.get(who) if who else None, out, root, save_trace=True)
                print(f"trace of {path}: {out.parent}", flush=True)
        report(bare, targets, facts, loads, args)
        return 0
    finally:
        _stop_left_over(root)
        if args.keep or args.trace:
            print(f"kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def _stop_left_over(root: Path) -> None:
    """Chromium that Lighthouse started in its own process group outlives an interrupted Lighthouse: stop every
    process of this run (its command line names the run's temporary folder) by its id."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if str(root).encode() in (proc / "cmdline").read_bytes():
                os.kill(int(proc.name), signal.SIGTERM)
        except (OSError, ValueError):
            continue


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
