"""The HTTP side of `serve`: output/ under the base path, like GitHub Pages, never outside it.

While the last build failed, every HTML page carries an error overlay listing the
problems as `path:line: problem`; the site itself stays the last good one.

Only this machine's browsers may talk to it: every request's Host header must name
localhost, a loopback address or the address served (a page of another site whose name
was re-pointed at 127.0.0.1, DNS rebinding, is refused), the live-reload websocket takes
no Origin but the page's own, and no answer redirects to another host.
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import mimetypes
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from livereload.handlers import LiveReloadHandler
from tornado import httputil, web

from site_builder import changes
from site_builder.model import SiteConfig


@dataclass
class ServeState:
    """The server's mutable view of the site: the config in use and the last build's errors."""

    root: Path
    cfg: SiteConfig | None = None
    errors: tuple[str, ...] = ()
    snapshot: changes.Snapshot = field(default_factory=dict)
    """The inputs as the watcher last saw them (changes.take_snapshot)."""


# --- the error overlay --------------------------------------------------------------------

_OVERLAY_STYLE = (
    "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;"
    "margin:0;padding:1rem 1.5rem;background:#2b0b0b;color:#ffecec;"
    "font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d;"
)


def render_overlay(errors: tuple[str, ...]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in errors)
    return (f'<div id="site-builder-errors" role="alert" style="{_OVERLAY_STYLE}">'
            f"<strong>La reconstruction du site a échoué</strong> — la dernière version valide "
            f"reste affichée ; corrigez puis enregistrez.<ol>{items}</ol></div>")


def inject_overlay(page: bytes, errors: tuple[str, ...]) -> bytes:
    """Put the overlay just before </body> (or at the end when there is none)."""
    snippet = render_overlay(errors).encode("utf-8")
    index = page.lower().rfind(b"</body>")
    return page + snippet if index < 0 else page[:index] + snippet + page[index:]


def render_error_page(errors: tuple[str, ...]) -> bytes:
    """Shown for every page while no good build exists yet."""
    page = ('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            "<title>Erreur de construction</title></head><body>"
            "<h1>Le site n'a pas pu être construit</h1></body></html>").encode()
    return inject_overlay(page, errors) if errors else page


# --- answering requests -------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """What to answer for one request path: a file, a redirect, or an error status."""

    status: int
    file: Path | None = None
    location: str = ""


def resolve_request(out_dir: Path, base_path: str, raw_path: str) -> Resolved:
    """Map a URL path onto a file of output/, like GitHub Pages does, never leaving output/."""
    path = urllib.parse.unquote(raw_path.split("?", 1)[0])
    if path in ("", "/") and base_path != "/" or path == base_path.rstrip("/"):
        return Resolved(302, location=local_location(base_path))
    if not path.startswith(base_path):
        return Resolved(404)
    parts = path[len(base_path):].split("/")
    if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
        return Resolved(403)
    target = out_dir.joinpath(*(part for part in parts if part))
    if not _is_inside(out_dir, target):
        return Resolved(404)
    return _resolve_target(out_dir, target, path)


def _resolve_target(out_dir: Path, target: Path, path: str) -> Resolved:
    if target.is_dir():
        if not path.endswith("/"):
            return Resolved(301, location=local_location(path + "/"))
        target = target / "index.html"
    elif not target.is_file():
        target = target.with_name(target.name + ".html")
    if target.is_file() and _is_inside(out_dir, target):
        return Resolved(200, file=target)
    return Resolved(404)


def local_location(path: str) -> str:
    """A Location on this server: one leading `/`, slashes not repeated, percent-encoded.
    `//evil.example/` would send the browser to another host (a scheme-relative URL)."""
    return urllib.parse.quote("/" + re.sub(r"/+", "/", path).lstrip("/"), safe="/")


def _is_inside(out_dir: Path, target: Path) -> bool:
    """True when `target`, symlinks resolved, is `out_dir` or below it."""
    root = os.path.realpath(out_dir)
    real = os.path.realpath(target)
    return real == root or real.startswith(root + os.sep)


class SiteHandler(web.RequestHandler):
    """Serves output/ under the site's base path, with the error overlay while builds fail."""

    def initialize(self, state: ServeState, live_script: bytes = b"") -> None:
        self.state = state
        self.live_script_source = _inline_source(live_script)

    def get(self) -> None:
        self._respond(include_body=True)

    def head(self) -> None:
        self._respond(include_body=False)

    def _respond(self, *, include_body: bool) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        cfg = self.state.cfg
        out_dir = cfg.path("output_dir") if cfg else None
        if cfg is None or not out_dir.is_dir():
            return self._send(503, "index.html", render_error_page(self.state.errors), include_body)
        resolved = resolve_request(out_dir, cfg.base_path, self.request.path)
        if resolved.location:
            self.set_status(resolved.status)
            self.set_header("Location", resolved.location)
            return None
        if resolved.file is None:
            return self._send_missing(out_dir, resolved.status, include_body)
        return self._send(200, resolved.file.name, resolved.file.read_bytes(), include_body)

    def _send_missing(self, out_dir: Path, status: int, include_body: bool) -> None:
        page = out_dir / "404.html"
        body = page.read_bytes() if status == 404 and page.is_file() else (
            f"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{status}"
            f"</title></head><body><h1>Page introuvable ({status})</h1></body></html>").encode()
        self._send(status, "404.html", body, include_body)

    def _send(self, status: int, name: str, body: bytes, include_body: bool) -> None:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html" and self.state.errors and status != 503:
            body = inject_overlay(body, self.state.errors)
        if kind == "text/html" and self.live_script_source:
            body = allow_inline_script(body, self.live_script_source)
        self.set_status(status)
        self.set_header("Content-Type", _with_charset(kind))
        if include_body:
            self.finish(body)


def allow_inline_script(page: bytes, source: bytes) -> bytes:
    """Let the page's CSP run one more inline script (livereload's loader), by its hash.

    The preview must run livereload's injected snippet; the published site never has it,
    so only served pages get this hash, and the rest of the policy stays as built.
    """
    digest = base64.b64encode(hashlib.sha256(source).digest())
    return page.replace(b"script-src 'self'", b"script-src 'self' 'sha256-" + digest + b"'", 1)


def _inline_source(script_tag: bytes) -> bytes:
    """The text between <script ...> and </script> of livereload's snippet."""
    start = script_tag.find(b">") + 1
    end = script_tag.rfind(b"</script>")
    return script_tag[start:end] if start > 0 and end > start else b""


def _with_charset(kind: str) -> str:
    """Text types are UTF-8 (the build writes nothing else), as GitHub Pages says too."""
    is_text = kind.startswith("text/") or kind.endswith(("/json", "/xml", "+xml", "/javascript"))
    return f"{kind}; charset=utf-8" if is_text else kind


# --- who may talk to the server -----------------------------------------------------------


def host_name(header: str) -> str:
    """`Host: 127.0.0.1:8000` -> `127.0.0.1`; `[::1]:8000` -> `::1`; lowercased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def is_allowed_host(header: str | None, bound_host: str) -> bool:
    """True for a Host header naming localhost, a loopback address or `bound_host`; when
    the server listens on every address (0.0.0.0, ::), any IP address too. Never another
    name: a page of evil.example whose DNS now says 127.0.0.1 still sends `Host: evil.example`.
    No header at all (not a browser): allowed."""
    if header is None:
        return True
    name, bound = host_name(header), bound_host.strip("[]").lower()
    if name in ("localhost", bound):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or bound in ("", "0.0.0.0", "::")


class GuardedApplication(web.Application):
    """A tornado Application whose every route (pages, websocket, livereload.js) is first
    refused to a request whose Host header is not this server's (is_allowed_host)."""

    def __init__(self, handlers: list, *, bound_host: str, **settings) -> None:
        super().__init__(handlers, **settings)
        self.bound_host = bound_host

    def find_handler(self, request: httputil.HTTPServerRequest, **kwargs):
        if not is_allowed_host(request.headers.get("Host"), self.bound_host):
            return self.get_handler_delegate(request, RefusedHostHandler)
        return super().find_handler(request, **kwargs)


class RefusedHostHandler(web.RequestHandler):
    """403 for a request naming another host: nothing of the site, no redirect."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("site-builder serve: this server answers only to localhost, 127.0.0.1, "
                    "[::1] or the address it listens on; open the address it printed.\n")


class LiveSocket(LiveReloadHandler):
    """livereload's websocket, which accepts any Origin, made to accept only the page's own
    (`http://` + the Host header: same host and port). A client sending no Origin is not a
    browser page and is let in."""

    def check_origin(self, origin: str) -> bool:
        """Only the Origin of a page of this server (tornado 6.6 calls this only when the
        request looks cross-origin; older ones for every request with an Origin)."""
        host = self.request.headers.get("Host", "")
        return bool(host) and origin.lower() == f"http://{host}".lower()
