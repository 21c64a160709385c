"""The Jinja environment of a site (its templates over the theme's) and template errors
reported at `template:line` with the page being rendered."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import TracebackType

import jinja2

from site_builder.config import key_location
from site_builder.errors import TemplateError
from site_builder.model import SiteConfig, SourceLocation

THEME_DIR = Path(__file__).parent / "theme"


class _InsideLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a template symlinked to a file outside its folder."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(f"{template} (a link to a file outside the site; "
                                          "copy the file into templates/ instead)")
        return source, filename, uptodate


def make_env(cfg: SiteConfig) -> jinja2.Environment:
    """Site templates first, then the default theme: a site overrides it file by file.

    Templates are trusted code, like a Makefile (Jinja runs what they say, unsandboxed):
    only those of the site itself are used, never a `templates/` linked out of it
    (docs/robustness.md, "Templates are code")."""
    check_templates_inside(cfg)
    loader = _InsideLoader([str(cfg.path("templates_dir")), str(THEME_DIR)])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["csp_hash"] = csp_hash
    return env


def check_templates_inside(cfg: SiteConfig) -> None:
    """Refuse a templates folder that is, or goes through, a link to outside the site: a
    cloned site could make the build run templates from anywhere on the disk."""
    folder = cfg.path("templates_dir")
    real, root = folder.resolve(), cfg.root.resolve()
    if not real.is_relative_to(root):
        location = key_location(cfg.root, "templates_dir")
        where = location if location.line else SourceLocation(cfg.templates_dir)
        raise TemplateError(where, f"the templates folder leads outside the site (to {real}); "
                                   "copy the templates into the site instead of linking them")


def csp_hash(script: str) -> str:
    """`sha256-...` of an inline script, for the Content-Security-Policy (base.html)."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_template(env: jinja2.Environment, template: str, layout: object, page: object,
                    label: str) -> str:
    """Render one template; any Jinja failure becomes TemplateError at template:line."""
    try:
        return env.get_template(template).render(layout=layout, page=page)
    except jinja2.TemplateSyntaxError as exc:
        location = SourceLocation(_shown(env, exc.filename or template), exc.lineno)
        message = exc.message
    except jinja2.TemplateNotFound as exc:
        location, message = SourceLocation(template), f"template {exc.name!r} not found"
    except jinja2.TemplateError as exc:
        location, message = _failing_line(env, exc.__traceback__, template), str(exc)
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
            RecursionError) as exc:  # a template is code: what it raises is its line's error
        location = _failing_line(env, exc.__traceback__, template)
        message = f"{type(exc).__name__}: {exc}"
    raise TemplateError(location, f"{message} (while rendering {label}); fix the template")


def _failing_line(env: jinja2.Environment, tb: TracebackType | None, template: str) -> SourceLocation:
    location = SourceLocation(template)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            location = SourceLocation(_shown(env, filename), tb.tb_lineno)
        tb = tb.tb_next
    return location


def _shown(env: jinja2.Environment, filename: str) -> str:
    """A template path as the user knows it: `templates/x.html` or `theme/x.html`."""
    path = Path(filename)
    return f"{path.parent.name}/{path.name}" if path.is_absolute() else filename
