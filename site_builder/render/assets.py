"""load_static_files(cfg): the theme's assets and the site's static/ folder, as OutputFiles."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from site_builder.errors import ContentError, Diagnostic, Severity
from site_builder.model import OutputFile, SiteConfig, SourceLocation

THEME_ASSETS = Path(__file__).parent / "theme" / "assets"
ASSETS_PREFIX = PurePosixPath("assets")


def load_static_files(cfg: SiteConfig) -> list[OutputFile]:
    """Theme assets under assets/ (a site's templates/assets/ overrides them file by file),
    then every file of static/ at the same path in the site. Sorted; hidden files skipped."""
    files = _read_tree(THEME_ASSETS, ASSETS_PREFIX, THEME_ASSETS)
    files |= _read_tree(cfg.path("templates_dir") / "assets", ASSETS_PREFIX, cfg.root)
    files |= _read_tree(cfg.path("static_dir"), PurePosixPath(), cfg.root)
    return [OutputFile(path, files[path]) for path in sorted(files)]


def _read_tree(folder: Path, prefix: PurePosixPath, root: Path) -> dict[PurePosixPath, bytes]:
    """Files below `folder`; a symlink to a file outside `root` is refused (a cloned site must
    not publish the user's own files)."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            if not path.resolve().is_relative_to(root.resolve()):
                raise ContentError(SourceLocation(path.relative_to(root).as_posix() if path.is_relative_to(root)
                                                  else path.as_posix()),
                                   "is a link to a file outside the site; copy the file into the site instead")
            found[prefix.joinpath(*relative.parts)] = path.read_bytes()
    return found


def add_static_files(pages: list[OutputFile], static: list[OutputFile], static_dir: str
                     ) -> tuple[list[OutputFile], list[Diagnostic]]:
    """Pages plus the static files, except those that would replace a generated page:
    each of these is left out with a warning naming it (under `static_dir`)."""
    taken = {str(page.path).casefold() for page in pages}
    kept, diagnostics = list(pages), []
    for file in static:
        if str(file.path).casefold() in taken:
            diagnostics.append(Diagnostic(
                SourceLocation(f"{static_dir}/{file.path}"),
                f"has the same path as the generated page {file.path}; rename or remove it",
                Severity.WARNING))
        else:
            kept.append(file)
    return kept, diagnostics
