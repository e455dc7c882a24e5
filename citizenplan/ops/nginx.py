"""nginx in front of the backend workers: the exported frontend as files, every backend path proxied to
the workers with the websocket upgrade. The same text is the sample in docs/operations.md (`sample`).

The files nginx serves itself go out as the app serving them itself would send them (issues 18 and 21), from
the same sources, never copied by hand:
- the security headers of citizenplan/security_headers.py (`page_headers`): the page's policy for pages and
  sw.js, the short one that refuses everything (ASSET_POLICY) for built scripts, stylesheets and icons;
- the caching of citizenplan/first_paint.py's BuiltFiles: pages `no-cache`, the content-named files under
  /assets/ kept a year; `/borger` is the page itself, not a redirect to `/borger/`;
- the content types of Reflex's file server (JavaScript as text/javascript, the manifest as
  application/manifest+json, text with its charset);
- the build's compressed sidecars (.br, then .gz) when the browser asks for them, as Reflex's own server does;
  brotli needs Debian's libnginx-mod-http-brotli-static (loaded when installed, else gzip only).
Proxied responses get their headers from the app and nothing from nginx, so no header is sent twice.
"""

import mimetypes
import os
from pathlib import Path

from citizenplan import routes, security_headers
from citizenplan.first_paint import HASHED_CACHE, HASHED_PREFIX, PAGE_CACHE
from citizenplan.settings import origins_of

# Pages the backend answers itself, with her data in them for her (citizenplan/reports/first_data.py, PAGES).
SERVER_FILLED = (routes.MY_PLAN, routes.WORKBOOK_ITEM)
# Every path the backend answers; everything else is a file of the exported frontend. Our own Starlette
# routes are all here (tests/unit/test_architecture.py checks it against the app's routes).
BACKEND_PATHS = ("/_event", "/_upload", "/_health", "/_ready", "/ping", "/auth/", "/pdf/", "/hent/", "/kriseplan",
                 "/uden-net/", *SERVER_FILLED)
EXACT_PATHS = ("/ping", "/kriseplan", *SERVER_FILLED)  # not prefixes: /pingvin or /kriseplanlaegning are pages
BROTLI_STATIC = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # Debian's module
SIDECARS = (".br", ".gz", ".zst")
# Extensions the built frontend has (and a few it may get); the site's own are added to them.
EXTENSIONS = ("html", "js", "mjs", "css", "json", "webmanifest", "ico", "png", "svg", "webp", "jpg", "txt", "xml",
              "woff", "woff2", "pdf")


def backend_location() -> str:
    """One regex location for all backend paths (EXACT_PATHS exactly, the others as prefixes)."""
    alternatives = "|".join(path.lstrip("/") + ("$" if path in EXACT_PATHS else "") for path in BACKEND_PATHS)
    return f"^/({alternatives})"


def page_headers(site: Path, public_url: str) -> dict[str, str]:
    """The headers the app itself would send with these pages at this public address (its CSP allows the
    inline scripts of exactly these built pages), without HSTS, which nginx adds only over TLS."""
    return security_headers.headers_for(origins_of(public_url), security_headers.inline_script_hashes(site),
                                        public_url, tls=False)


def content_type(name: str) -> str:
    """What Reflex's file server says a built file is (reflex/utils/precompressed_staticfiles.py: JavaScript as
    text/javascript, else Python's mimetypes, which know application/manifest+json, else Starlette's text/plain)."""
    if name.lower().endswith((".js", ".mjs")):
        return "text/javascript"
    return mimetypes.guess_type(name)[0] or "text/plain"


def _types(site: Path) -> dict[str, str]:
    """Extension -> content type, for the site's files and the usual ones of a build."""
    found = set(EXTENSIONS)
    if site.is_dir():
        found |= {path.suffix.lstrip(".").lower() for path in site.rglob("*.*")
                  if path.is_file() and path.suffix not in SIDECARS and path.suffix.lstrip(".").isalnum()}
    return {ext: content_type("x." + ext) for ext in sorted(found)}


def types_block(site: Path) -> str:
    """nginx's `types`, as the app names its files (not /etc/nginx/mime.types: application/javascript,
    image/x-icon, no manifest). Starlette adds `; charset=utf-8` to every text/* type; so does nginx's
    `charset` for `charset_types` (text/html always)."""
    types = _types(site)
    entries = "\n".join(f"        {kind} {ext};" for ext, kind in types.items())
    texts = sorted({kind for kind in types.values() if kind.startswith("text/")} - {"text/html"} | {"text/plain"})
    return (f"    types {{\n{entries}\n    }}\n    default_type text/plain;\n    charset utf-8;\n"
            f"    charset_types {' '.join(texts)};")


def _quoted(value: str) -> str:
    if "$" in value or "\n" in value:  # nginx would read a variable, or end the line
        raise ValueError(f"not a value for add_header: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_lines(headers: dict[str, str], indent: str = "            ") -> str:
    """`always`: 404 pages and nginx's own error pages too. HSTS from the map that sets $minvej_hsts."""
    lines = [f"add_header {name} {_quoted(value)} always;" for name, value in headers.items()]
    lines.append("add_header Strict-Transport-Security $minvej_hsts always;")
    return "\n".join(indent + line for line in lines)


def _file_locations(headers: dict[str, str]) -> str:
    """The built files that are never a document or a worker get the short policy (security_headers.py's
    ASSET_PREFIXES, ASSET_FILES); the content-named ones under HASHED_PREFIX are kept a year (no `always`:
    as BuiltFiles, only on a file that was found). Pages and everything else: `location /`."""
    short = header_lines({**headers, "Content-Security-Policy": security_headers.ASSET_POLICY})
    blocks = []
    for prefix in security_headers.ASSET_PREFIXES:
        cache = f'            add_header Cache-Control "{HASHED_CACHE}";\n' if prefix == HASHED_PREFIX else ""
        blocks.append(f"        location {prefix} {{\n{cache}{short}\n        }}")
    blocks += [f"        location = {name} {{\n{short}\n        }}" for name in security_headers.ASSET_FILES]
    return "\n\n".join(blocks)


def config(*, listen: str, backends: list[str], site: Path, folder: Path, headers: dict[str, str],
           run_as_root: bool | None = None, brotli: bool | None = None) -> str:
    """nginx.conf for `nginx -c FILE -g 'daemon off;'`: pid, logs and temporary files in `folder`.
    `headers`: page_headers(site, public_url). `brotli`: serve the .br sidecars (default: when Debian's
    module is installed)."""
    if run_as_root is None:
        run_as_root = os.geteuid() == 0
    if brotli is None:
        brotli = BROTLI_STATIC.exists()
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=2s;" for address in backends)
    temp = folder / "temp"
    # As root nginx would hand its workers to `nobody`, who may not reach a project in /root.
    user = "user root;\n" if run_as_root else ""
    load = f"load_module {BROTLI_STATIC};\n" if brotli else ""
    # The browser's preferred sidecar, brotli before gzip, as Reflex's server (frontend_compression_formats).
    compressed = "    brotli_static on;\n    gzip_static on;\n" if brotli else "    gzip_static on;\n"
    return f"""{load}{user}worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'nginx-error.log'} warn;

events {{
    worker_connections 4096;
}}

http {{
{types_block(site)}
    access_log {folder / 'nginx-access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    sendfile on;
    server_tokens off;
{compressed}    gzip_vary on;
    client_max_body_size 10m;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}

    # HSTS only over TLS, here or at a proxy in front that says so (as the app reads X-Forwarded-Proto);
    # an empty value sends no header.
    map "$scheme:$http_x_forwarded_proto" $minvej_hsts {{
        "~^https:"       "{security_headers.HSTS}";
        "~^http:https"   "{security_headers.HSTS}";
        default          "";
    }}

    # A page is asked for again each time (the service worker answers offline); other files as they are.
    map $sent_http_content_type $minvej_page_cache {{
        "~^text/html"    "{PAGE_CACHE}";
        default          "";
    }}

    upstream minvej_backends {{
        # A tab keeps its websocket on one worker; its state is in Redis, so any worker can take the next.
        least_conn;
{servers}
    }}

    server {{
        listen {listen};
        server_name _;
        root {site};
        error_page 404 /404.html;

        location ~ {backend_location()} {{
            proxy_pass http://minvej_backends;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
            charset off;  # the app's answers as the app sent them
            # A dead worker: the request goes to the next one (not a POST that may have been half done).
            proxy_next_upstream error timeout http_502;
        }}

        # The pages and files nginx serves: the app's security headers (an add_header in a location
        # replaces every inherited one, so each location lists them all).
{_file_locations(headers)}

        # `/borger` is /borger.html (Reflex writes it beside borger/index.html): no redirect to `/borger/`.
        location / {{
            try_files $uri $uri.html $uri/index.html =404;
            add_header Cache-Control $minvej_page_cache;
{header_lines(headers)}
        }}
    }}
}}
"""


def temp_folders(folder: Path) -> list[Path]:
    return [folder / "temp" / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")]


def sample() -> str:
    """The configuration docs/operations.md shows (a test keeps the two the same): two workers, brotli, the
    page's CSP with a placeholder for the build's inline-script hashes."""
    public_url = "http://localhost:3000"
    headers = security_headers.headers_for(origins_of(public_url), ("'sha256-…'",), public_url)
    return config(listen="127.0.0.1:3000", backends=["127.0.0.1:41001", "127.0.0.1:41002"],
                  site=Path("/srv/minvej/.scale/web/build/client"), folder=Path("/srv/minvej/.scale/nginx"),
                  headers=headers, run_as_root=False, brotli=True)
