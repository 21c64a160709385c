"""Command line: parses flags, calls a stage, turns SiteError into exit status 1.

Every command takes `--site DIR`, `-q`/`-v` and `--lang fr|en`. What the CLI itself says
(summaries, results, its own warnings) is in one language, the site's (`language:` in
site.yml, French by default) unless `--lang` says otherwise, and so are the diagnostics of
the stages (`path:line: problem; fix`), written in English where they are found and shown in
French through messages_fr.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from site_builder import __version__
from site_builder.config import CONFIG_NAME, load_config
from site_builder.engine.build import BuildReport, build
from site_builder.errors import BuildError, Diagnostic, SiteError
from site_builder.ingest.ingest import ingest_seeds
from site_builder.messages_fr import level, message_language, shown, translate
from site_builder.model import SiteConfig, SourceLocation
from site_builder.starter import new_site

LANGUAGES = ("fr", "en")

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "ingest": "Ingestion : {written} écrit(s), {unchanged} inchangé(s), {removed} supprimé(s), "
                  "{kept} modifié(s) à la main conservé(s).",
        "kept": "  conservé : {name} (modifié à la main)",
        "created": "Site créé dans {dest} ({count} fichiers). Ensuite :",
        "next": "  cd {dest} && site-builder build && site-builder serve",
        "exposed": "attention : écoute sur {host} : toute personne du réseau peut lire le site",
        "workflow": "Workflow écrit : {path}\nCommitez-le, puis dans Settings > Pages choisissez "
                    "la source « GitHub Actions ».",
        "dry_run": "Simulation : {size} seraient poussés sur {branch} de {remote} ({url}) ; "
                   "site publié à {target}. Rien n'a été poussé.",
        "published": "Publié : {size} sur {branch} de {remote} ({url}), commit {commit} ; "
                     "site à {target}",
        "size": "{files} fichier(s), {kib:.0f} Kio",
        "unknown_target": "une adresse inconnue (le dépôt distant n'est pas sur GitHub)",
        "deploy_warning": "attention : {warning}",
        "articles": "Articles : {articles}   Acteurs : {actors}   Lieux : {places}",
        "content": "Contenu : {written} écrit(s), {unchanged} inchangé(s), {kept} conservé(s) "
                   "(modifié(s) à la main)",
        "site": "Site : {files} fichier(s), {kib:.0f} Kio, en {seconds:.2f} s",
        "entities": "Entités : {enriched} article(s) analysé(s) par spaCy, {written} fiche(s) "
                    "écrite(s), {removed} supprimée(s), {kept} conservée(s) (modifiée(s) à la main)",
        "unchanged": "Rien à refaire : entrées et output/ identiques à la dernière construction "
                     "(vérifié en {seconds:.2f} s)",
        "progress": "Entités",
        "not_a_site": "pas de dossier seeds/ ici ; lancez `site-builder new DOSSIER` pour créer "
                      "un site, ou donnez son dossier avec --site",
    },
    "en": {
        "ingest": "Ingest: {written} written, {unchanged} unchanged, {removed} removed, "
                  "{kept} edited by hand and kept.",
        "kept": "  kept: {name} (edited by hand)",
        "created": "Site created in {dest} ({count} files). Next:",
        "next": "  cd {dest} && site-builder build && site-builder serve",
        "exposed": "warning: listening on {host}: anyone on the network can read the site",
        "workflow": "Workflow written: {path}\nCommit it, then in Settings > Pages choose the "
                    "source \"GitHub Actions\".",
        "dry_run": "Dry run: {size} would be pushed to {branch} of {remote} ({url}); site "
                   "published at {target}. Nothing was pushed.",
        "published": "Published: {size} to {branch} of {remote} ({url}), commit {commit}; "
                     "site at {target}",
        "size": "{files} file(s), {kib:.0f} KiB",
        "unknown_target": "an unknown address (the remote is not on GitHub)",
        "deploy_warning": "warning: {warning}",
        "articles": "Articles: {articles}   Actors: {actors}   Places: {places}",
        "content": "Content: {written} written, {unchanged} unchanged, {kept} kept (edited by "
                   "hand)",
        "site": "Site: {files} file(s), {kib:.0f} KiB, in {seconds:.2f} s",
        "entities": "Entities: {enriched} article(s) analysed by spaCy, {written} file(s) "
                    "written, {removed} removed, {kept} kept (edited by hand)",
        "unchanged": "Nothing to do: inputs and output/ are those of the last build (checked "
                     "in {seconds:.2f} s)",
        "progress": "Entities",
        "not_a_site": "no seeds/ here; run `site-builder new DIR` to start a site, or give its "
                      "folder with --site",
    },
}


def text(lang: str, key: str, **values) -> str:
    """One message of the CLI, in `lang` (fr or en)."""
    return _TEXT[lang][key].format(**values)


@dataclass(frozen=True)
class Session:
    """The options every command takes."""

    site_dir: Path
    quiet: bool = False
    lang: str | None = None
    """--lang; None: the site's language."""

    def language(self, cfg: SiteConfig | None) -> str:
        return message_language(None if cfg is None else cfg.language, self.lang)

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message)


def _common(command):
    """--site, -q/--quiet, -v/--verbose, --lang on a command, which gets a Session first."""
    @functools.wraps(command)
    def run(*args, site_dir: Path, quiet: bool, verbose: int, lang: str | None, **kwargs):
        _set_up_logging(quiet, verbose)
        return command(Session(site_dir, quiet, lang), *args, **kwargs)

    options = [
        click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=".", show_default=True,
                     help="The site folder (holding site.yml, seeds/, content/)."),
        click.option("-q", "--quiet", is_flag=True,
                     help="Print only warnings and errors (no summary, no progress bar)."),
        click.option("-v", "--verbose", count=True,
                     help="Say what each stage does (-vv: in detail) on stderr."),
        click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                     envvar="SITE_BUILDER_LANG",
                     help="Language of the messages (default: $SITE_BUILDER_LANG, else the "
                          "site's, French if unset)."),
    ]
    for option in reversed(options):
        run = option(run)
    return run


def _set_up_logging(quiet: bool, verbose: int) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logger = logging.getLogger("site_builder")
    logger.setLevel(level)
    if not any(getattr(handler, "is_site_builder", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(name)s: %(message)s"))
        handler.is_site_builder = True
        logger.addHandler(handler)
        logger.propagate = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-builder")
def main() -> None:
    """Turn a folder of French news texts into a searchable static site with actor and place pages."""


@main.command("build")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")
@click.option("--ignore-cache", "--clean", "ignore_cache", is_flag=True,
              help="Ignore the caches and recompute everything (--clean: the former name).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Enrich on this Dask cluster instead of locally (overrides site.yml; needs "
                   "the [dask] extra).")
@click.option("--expect-base-url", metavar="URL",
              help="Fail unless base_url is where the site is published (the Pages workflow "
                   "passes what actions/configure-pages says).")
@_common
def build_command(session: Session, strict: bool, ignore_cache: bool, scheduler: str | None,
                  expect_base_url: str | None) -> None:
    """Ingest seeds, extract entities, render the site into output/."""
    cfg = _load_site(session, {"scheduler": scheduler} if scheduler else {})
    lang = session.language(cfg)
    if expect_base_url:
        from site_builder.output.pages_workflow import check_pages_url

        _run(lambda: check_pages_url(cfg, expect_base_url), lang)
    progress = _ProgressBar(text(lang, "progress"), enabled=not session.quiet)
    try:
        report = _run(lambda: build(cfg, progress=progress, use_cache=not ignore_cache), lang)
    finally:
        progress.close()
    session.say(format_summary(report, lang=lang))
    _exit_on_diagnostics(report.diagnostics, lang, strict=strict)


@main.command("ingest")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")
@_common
def ingest_command(session: Session, strict: bool) -> None:
    """Turn seeds/*.txt and *.md into content/articles/*.md (front matter + Markdown) only."""
    cfg = _load_site(session)
    lang = session.language(cfg)
    report = _run(lambda: ingest_seeds(cfg), lang)
    session.say(text(lang, "ingest", written=len(report.written), unchanged=len(report.unchanged),
                     removed=len(report.removed), kept=len(report.kept)))
    for name in report.kept:
        session.say(text(lang, "kept", name=name))
    _exit_on_diagnostics(report.diagnostics, lang, strict=strict)


@main.command("new")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), required=False)
@_common
def new_command(session: Session, dest: Path | None) -> None:
    """Create a starter site in DEST (or --site) with site.yml and the sample article."""
    if dest is not None and session.site_dir != Path(".") and dest != session.site_dir:
        raise click.UsageError("give the new site's folder once: DEST or --site")
    folder = dest or session.site_dir
    lang = session.lang or "fr"  # the starter site is French
    written = _run(lambda: new_site(folder), lang)
    session.say(text(lang, "created", dest=folder, count=len(written)))
    session.say(text(lang, "next", dest=folder))


@main.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the site to the network.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the web browser.")
@_common
def serve_command(session: Session, port: int, host: str, open_browser: bool) -> None:
    """Build, serve output/ with live reload, rebuild on every change (Ctrl-C stops)."""
    from site_builder.serve.serve import ServeOptions, is_loopback, serve_site

    cfg = _load_site(session)
    lang = session.language(cfg)
    if not is_loopback(host):
        click.echo(text(lang, "exposed", host=host), err=True)
    _run(lambda: serve_site(session.site_dir, ServeOptions(host, port, open_browser),
                            session.say), lang)


@main.command("deploy")
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch holding the site.")
@click.option("--message", default="Publication du site", show_default=True, help="Commit message.")
@click.option("--cname", metavar="DOMAIN", help="Custom domain: writes a CNAME file.")
@click.option("--dry-run", is_flag=True, help="Say what would be pushed; push nothing.")
@click.option("--force", is_flag=True,
              help="Replace a branch holding commits not made by site-builder (or an existing "
                   "workflow file).")
@click.option("--no-build", is_flag=True, help="Publish output/ as it is, without building first.")
@click.option("--github-actions", is_flag=True,
              help="Instead, write .github/workflows/pages.yml to build and publish on GitHub.")
@click.option("--install", metavar="REQUIREMENT",
              help="With --github-actions: what the workflow pip-installs, a pinned git URL "
                   "(git+https://HOST/OWNER/REPO@COMMIT) or a wheel committed to the repository "
                   "(default: where this site-builder was installed from).")
@_common
def deploy_command(session: Session, remote: str, branch: str, message: str, cname: str | None,
                   dry_run: bool, force: bool, no_build: bool, github_actions: bool,
                   install: str | None) -> None:
    """Publish output/ on the gh-pages branch (GitHub Pages) without touching your working tree."""
    from site_builder.output.deploy import DeployOptions, deploy

    cfg = _load_site(session)
    lang = session.language(cfg)
    if github_actions:
        from site_builder.output.pages_workflow import write_pages_workflow

        path = _run(lambda: write_pages_workflow(cfg, install=install, cname=cname, force=force),
                    lang)
        session.say(text(lang, "workflow", path=path))
        return
    if not no_build:
        report = _run(lambda: build(cfg), lang)
        session.say(format_summary(report, lang=lang))
        _exit_on_diagnostics(report.diagnostics, lang, strict=False)
    options = DeployOptions(remote, branch, message, cname, dry_run, force)
    result = _run(lambda: deploy(cfg, options), lang)
    plan = result.plan
    for warning in plan.warnings:
        click.echo(text(lang, "deploy_warning", warning=shown(warning, lang)), err=True)
    size = text(lang, "size", files=plan.inventory.files, kib=plan.inventory.total_bytes / 1024)
    target = plan.target_url if "://" in plan.target_url else text(lang, "unknown_target")
    if dry_run:
        session.say(text(lang, "dry_run", size=size, branch=branch, remote=remote,
                         url=plan.remote_url, target=target))
    else:
        session.say(text(lang, "published", size=size, branch=branch, remote=remote,
                         url=plan.remote_url, commit=result.commit[:12], target=target))


@main.command("entities")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="JSON (schema in docs/entities.md) or a table for reading.")
@click.option("--model", default=None,
              help="spaCy pipeline (default: the site's nlp_model, fr_core_news_md if unset).")
@_common
def entities_command(session: Session, path: Path, fmt: str, model: str | None) -> None:
    """Show the actors, places, mentions and quotes found in one seed (.txt) or article (.md),
    with the site's model, stop list and hand-edited actor and place files."""
    from site_builder.enrich import entities_report as report
    from site_builder.enrich.enrich import build_job
    from site_builder.enrich.entity_files import load_entity_files
    from site_builder.enrich.extract import build_context, extract_text
    from site_builder.enrich.nlp import check_text_length, load_nlp

    cfg = _run(lambda: load_config(session.site_dir), session.language(None))
    lang = session.language(cfg)
    curated, problems = _run(lambda: load_entity_files(cfg), lang)
    _print_diagnostics(tuple(problems), lang)
    model = model or cfg.nlp_model
    source = _run(lambda: report.read_source_text(path), lang)
    nlp = _run(lambda: load_nlp(model), lang)
    _run(lambda: check_text_length(nlp, source, SourceLocation(str(path))), lang)
    context = build_context(build_job(cfg, curated).user_entities, cfg.stop_list)
    data = report.build_report(str(path), model, extract_text(nlp, source, context))
    click.echo(report.format_json(data) if fmt == "json" else report.format_table(data))


MAX_DUPLICATES_SHOWN = 10
"""Suspected duplicates listed in the summary (the most frequent first)."""


def _first_candidates(candidates: tuple[str, ...], shown: int = 5) -> str:
    """`a, b, c, d, e … et 45 autre(s)`: a common surname may fit dozens of actors."""
    more = len(candidates) - shown
    return ", ".join(candidates[:shown]) + (f" … et {more} autre(s)" if more > 0 else "")


def format_summary(report: BuildReport, *, lang: str = "fr") -> str:
    ingest = report.ingest
    total = sum(report.timings.values())
    entities = report.entity_files
    lines = [
        text(lang, "articles", articles=report.articles, actors=report.actors, places=report.places),
        text(lang, "content", written=len(ingest.written), unchanged=len(ingest.unchanged),
             kept=len(ingest.kept)),
        text(lang, "site", files=report.written.written, kib=report.written.total_bytes / 1024,
             seconds=total),
    ]
    lines += [text(lang, "kept", name=name) for name in ingest.kept]
    lines.append(text(lang, "entities", enriched=report.enriched, written=len(entities.written),
                      removed=len(entities.removed), kept=len(entities.kept)))
    lines += [f"  {line}" for line in entities.kept]
    if report.duplicates:
        lines.append(f"Doublons possibles : {len(report.duplicates)} (non fusionnés, plusieurs "
                     "entités possibles ; la ligne indiquée les fusionne)")
        lines += [f"  {d.short} ({d.articles} article(s)) : {_first_candidates(d.candidates)} ; {d.fix}"
                  for d in report.duplicates[:MAX_DUPLICATES_SHOWN]]
        if len(report.duplicates) > MAX_DUPLICATES_SHOWN:
            lines.append(f"  … et {len(report.duplicates) - MAX_DUPLICATES_SHOWN} autre(s)")
    if report.is_unchanged:
        lines.insert(0, text(lang, "unchanged", seconds=total))
    return "\n".join(lines)


def _load_site(session: Session, overrides: dict | None = None) -> SiteConfig:
    """The site's config; NotASite (exit 1, nothing written) for a folder with neither
    site.yml nor seeds/ nor content/ (a typo in --site, an empty folder)."""
    folder = session.site_dir
    markers = (CONFIG_NAME, "seeds", "content")
    if not folder.is_dir() or not any((folder / marker).exists() for marker in markers):
        lang = session.lang or "en"  # no site, so no site language
        shown = folder.resolve() if folder == Path(".") else folder
        click.echo(f"{_ERROR[lang]} {shown}: {text(lang, 'not_a_site')}", err=True)
        sys.exit(1)
    return _run(lambda: load_config(folder, overrides), session.language(None))


_ERROR = {"fr": "erreur :", "en": "error:"}


class _ProgressBar:
    """progress(done, total) drawn with click on stderr, only when stderr is a terminal."""

    def __init__(self, label: str, *, enabled: bool = True) -> None:
        self.label = label
        self.enabled = enabled
        self._bar = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not sys.stderr.isatty():
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _run(action, lang: str):
    """action(), its SiteError or OSError shown as one line in `lang` (exit status 1)."""
    try:
        return action()
    except BuildError as exc:
        _print_diagnostics(exc.diagnostics, lang)
        sys.exit(1)
    except SiteError as exc:
        click.echo(f"{_ERROR[lang]} {exc.location}: {translate(exc.message, lang)}", err=True)
        sys.exit(1)
    except OSError as exc:  # a full disk, a folder that cannot be written: one line, no traceback
        click.echo(f"{_ERROR[lang]} {describe_os_error(exc)}", err=True)
        sys.exit(1)


_NOT_A_MOUNT = "make that folder a plain folder on the site's disk (not a mount point)"


def describe_os_error(exc: OSError) -> str:
    """`path: No space left on device; free some space, then run the command again`."""
    where = exc.filename if exc.filename is not None else "site-builder"
    fix = {errno.ENOSPC: "free some space", errno.EDQUOT: "free some space",
           errno.EACCES: "fix the permissions", errno.EPERM: "fix the permissions",
           errno.EROFS: "build on a writable disk",
           errno.ELOOP: "remove that symbolic link",
           errno.EXDEV: _NOT_A_MOUNT, errno.EBUSY: _NOT_A_MOUNT}.get(exc.errno, "fix that")
    return f"{os.fsdecode(where)}: {exc.strerror or exc}; {fix}, then run the command again"


def _exit_on_diagnostics(diagnostics: tuple[Diagnostic, ...], lang: str, *, strict: bool) -> None:
    _print_diagnostics(diagnostics, lang)
    if any(d.is_error or strict for d in diagnostics):
        sys.exit(1)


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...], lang: str) -> None:
    for number, diagnostic in enumerate(diagnostics, 1):
        click.echo(f"{number}. {level(diagnostic.severity.value, lang)} {diagnostic.location}: "
                   f"{translate(diagnostic.message, lang)}", err=True)
