"""serve_http: URL paths mapped onto output/ like GitHub Pages, never outside it; the overlay."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.serve.serve_http import inject_overlay, resolve_request


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "articles" / "un").mkdir(parents=True)
    (out / "index.html").write_text("<html>home</html>")
    (out / "articles" / "un" / "index.html").write_text("<html>un</html>")
    (out / "about.html").write_text("<html>about</html>")
    (out / "été").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (out / "leakdir").symlink_to(tmp_path)
    return out


@pytest.mark.parametrize(("base", "path", "status", "target"), [
    ("/", "/", 200, "index.html"),
    ("/", "/articles/un/", 200, "articles/un/index.html"),
    ("/", "/articles/un", 301, "/articles/un/"),
    ("/", "/about", 200, "about.html"),
    ("/", "/nope/", 404, None),
    ("/demo/", "/", 302, "/demo/"),
    ("/demo/", "/demo", 302, "/demo/"),
    ("/demo/", "/demo/articles/un/", 200, "articles/un/index.html"),
    ("/demo/", "/articles/un/", 404, None),
    ("/", "/../secret.txt", 403, None),
    ("/", "/%2e%2e/secret.txt", 403, None),
    ("/", "/articles/%2E%2E/%2e%2e/secret.txt", 403, None),
    ("/demo/", "/demo/..%2fsecret.txt", 403, None),
    ("/", "/..\\secret.txt", 403, None),
    ("/", "/index.html%00", 403, None),
    ("/", "/leak.txt", 404, None),
    ("/", "/%C3%A9t%C3%A9", 301, "/%C3%A9t%C3%A9/"),
    ("/", "/%C3%A9t%C3%A9%0d%0aSet-Cookie:x", 404, None),
    ("/", "/leakdir/secret.txt", 404, None),
    ("/", "//articles/un", 301, "/articles/un/"),
    ("/", "/%2Farticles%2Fun", 301, "/articles/un/"),
    ("/", "//evil.example/", 404, None),
])
def test_resolve_request(out_dir, base, path, status, target):
    resolved = resolve_request(out_dir, base, path)
    assert resolved.status == status
    if status == 200:
        assert resolved.file == out_dir / target
    elif target:
        assert resolved.location == target


def test_inject_overlay_escapes_and_goes_before_body_end():
    page = inject_overlay(b"<html><body><p>x</p></body></html>", ("a.md:3: bad <b>; fix",))
    assert page.endswith(b"</div></body></html>")
    assert b"a.md:3: bad &lt;b&gt;; fix" in page
    assert b"site-builder-errors" in page


def test_served_pages_allow_only_livereloads_own_inline_script_by_hash() -> None:
    import base64
    import hashlib

    from site_builder.serve.serve_http import allow_inline_script

    page = b"<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'sha256-x'\">"
    source = b"(function(){})();"
    digest = base64.b64encode(hashlib.sha256(source).digest())
    assert allow_inline_script(page, source) == page.replace(
        b"'self'", b"'self' 'sha256-" + digest + b"'")
