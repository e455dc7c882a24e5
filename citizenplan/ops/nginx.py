"""nginx in front of the backend workers: the exported frontend as files, every backend path proxied to
the workers with the websocket upgrade. The same text is the sample in docs/operations.md.

The pages and assets nginx serves itself carry the same security headers as the app's own responses:
the `add_header` lines are written from citizenplan/security_headers.py (`page_headers`), never copied.
Proxied responses get them from the app and nothing from nginx, so no header is sent twice.
"""

import os
from pathlib import Path

from citizenplan import security_headers
from citizenplan.settings import origins_of

# Every path the backend answers; everything else is a file of the exported frontend. Our own Starlette
# routes are all here (tests/unit/test_architecture.py checks it against the app's routes).
BACKEND_PATHS = ("/_event", "/_upload", "/_health", "/_ready", "/ping", "/auth/", "/pdf/", "/hent/", "/kriseplan",
                 "/uden-net/")
EXACT_PATHS = ("/ping", "/kriseplan")  # not prefixes: /pingvin or /kriseplanlaegning would be pages
MIME_TYPES = Path("/etc/nginx/mime.types")


def backend_location() -> str:
    """One regex location for all backend paths (EXACT_PATHS exactly, the others as prefixes)."""
    alternatives = "|".join(path.lstrip("/") + ("$" if path in EXACT_PATHS else "") for path in BACKEND_PATHS)
    return f"^/({alternatives})"


def page_headers(site: Path, public_url: str) -> dict[str, str]:
    """The headers the app itself would send with these pages at this public address (its CSP allows the
    inline scripts of exactly these built pages), without HSTS, which nginx adds only over TLS."""
    return security_headers.headers_for(origins_of(public_url), security_headers.inline_script_hashes(site),
                                        public_url, tls=False)


def _quoted(value: str) -> str:
    if "$" in value or "\n" in value:  # nginx would read a variable, or end the line
        raise ValueError(f"not a value for add_header: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_lines(headers: dict[str, str], indent: str = "            ") -> str:
    """`always`: 404 pages and nginx's own error pages too. HSTS from the map that sets $minvej_hsts."""
    lines = [f"add_header {name} {_quoted(value)} always;" for name, value in headers.items()]
    lines.append("add_header Strict-Transport-Security $minvej_hsts always;")
    return "\n".join(indent + line for line in lines)


def config(*, listen: str, backends: list[str], site: Path, folder: Path, headers: dict[str, str],
           run_as_root: bool | None = None) -> str:
    """nginx.conf for `nginx -c FILE -g 'daemon off;'`: pid, logs and temporary files in `folder`.
    `headers`: page_headers(site, public_url)."""
    if run_as_root is None:
        run_as_root = os.geteuid() == 0
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=2s;" for address in backends)
    temp = folder / "temp"
    # As root nginx would hand its workers to `nobody`, who may not reach a project in /root.
    user = "user root;\n" if run_as_root else ""
    types = f"    include {MIME_TYPES};\n" if MIME_TYPES.exists() else ""
    lines = header_lines(headers)
    return f"""{user}worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'nginx-error.log'} warn;

events {{
    worker_connections 4096;
}}

http {{
{types}    default_type application/octet-stream;
    access_log {folder / 'nginx-access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    sendfile on;
    server_tokens off;
    gzip_static on;
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

    upstream minvej_backends {{
        # A tab keeps its websocket on one worker; its state is in Redis, so any worker can take the next.
        least_conn;
{servers}
    }}

    server {{
        listen {listen};
        server_name _;
        root {site};

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
            # A dead worker: the request goes to the next one (not a POST that may have been half done).
            proxy_next_upstream error timeout http_502;
        }}

        # The pages and files nginx serves: the app's security headers (an add_header in a location
        # replaces every inherited one, so each location lists them all).
        location = /manifest.webmanifest {{
            default_type application/manifest+json;
{lines}
        }}

        location /assets/ {{
            expires 1y;
            add_header Cache-Control "public, immutable";
{lines}
        }}

        location / {{
            try_files $uri $uri.html $uri/index.html /404.html;
{lines}
        }}
    }}
}}
"""


def temp_folders(folder: Path) -> list[Path]:
    return [folder / "temp" / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")]
