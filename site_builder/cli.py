"""Command line: parses flags, calls a stage, turns SiteError into exit status 1."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from site_builder import __version__
from site_builder.build import BuildReport, build
from site_builder.config import load_config
from site_builder.errors import BuildError, Diagnostic, SiteError
from site_builder.ingest import ingest_seeds
from site_builder.starter import new_site

site_option = click.option(
    "--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The site folder (holding site.yml, seeds/, content/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-builder")
def main() -> None:
    """Turn a folder of French news texts into a searchable static site with actor and place pages."""


@main.command("build")
@site_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")
@click.option("--clean", is_flag=True, help="Ignore caches and recompute everything.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Enrich on this Dask cluster instead of locally (overrides site.yml).")
def build_command(site_dir: Path, strict: bool, clean: bool, scheduler: str | None) -> None:
    """Ingest seeds, extract entities, render the site into output/."""
    overrides = {"scheduler": scheduler} if scheduler else {}
    progress = _ProgressBar("Entités")
    try:
        report = _run(lambda: build(load_config(site_dir, overrides), progress=progress,
                                    use_cache=not clean))
    finally:
        progress.close()
    click.echo(format_summary(report))
    _exit_on_diagnostics(report.diagnostics, strict=strict)


@main.command("ingest")
@site_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")
def ingest_command(site_dir: Path, strict: bool) -> None:
    """Turn seeds/*.txt and *.md into content/articles/*.md (front matter + Markdown) only."""
    report = _run(lambda: ingest_seeds(load_config(site_dir)))
    click.echo(f"Ingestion : {len(report.written)} écrit(s), {len(report.unchanged)} inchangé(s), "
               f"{len(report.removed)} supprimé(s), {len(report.kept)} modifié(s) à la main "
               "conservé(s).")
    for name in report.kept:
        click.echo(f"  conservé : {name} (modifié à la main)")
    _exit_on_diagnostics(report.diagnostics, strict=strict)


@main.command("new")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def new_command(dest: Path) -> None:
    """Create a starter site in DEST (site.yml and the sample article), ready to build."""
    written = _run(lambda: new_site(dest))
    click.echo(f"Site créé dans {dest} ({len(written)} fichiers). Ensuite :")
    click.echo(f"  cd {dest} && site-builder build && site-builder serve")


@main.command("serve")
@site_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the site to the network.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the web browser.")
def serve_command(site_dir: Path, port: int, host: str, open_browser: bool) -> None:
    """Build, serve output/ with live reload, rebuild on every change (Ctrl-C stops)."""
    from site_builder.serve import ServeOptions, is_loopback, serve_site

    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone on the network can read the site", err=True)
    _run(lambda: serve_site(site_dir, ServeOptions(host, port, open_browser), click.echo))


@main.command("deploy")
@site_option
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch holding the site.")
@click.option("--message", default="Publication du site", show_default=True, help="Commit message.")
@click.option("--cname", metavar="DOMAIN", help="Custom domain: writes a CNAME file.")
@click.option("--dry-run", is_flag=True, help="Say what would be pushed; push nothing.")
@click.option("--force", is_flag=True, help="Replace a branch holding commits not made by site-builder.")
@click.option("--no-build", is_flag=True, help="Publish output/ as it is, without building first.")
@click.option("--github-actions", is_flag=True,
              help="Instead, write .github/workflows/pages.yml to build and publish on GitHub.")
def deploy_command(site_dir: Path, remote: str, branch: str, message: str, cname: str | None,
                   dry_run: bool, force: bool, no_build: bool, github_actions: bool) -> None:
    """Publish output/ on the gh-pages branch (GitHub Pages) without touching your working tree."""
    from site_builder.deploy import DeployOptions, deploy, write_pages_workflow

    cfg = _run(lambda: load_config(site_dir))
    if github_actions:
        path = _run(lambda: write_pages_workflow(cfg, force=force))
        click.echo(f"Workflow écrit : {path}\nCommitez-le, puis dans Settings > Pages choisissez "
                   "la source « GitHub Actions ».")
        return
    if not no_build:
        report = _run(lambda: build(cfg))
        click.echo(format_summary(report))
        _exit_on_diagnostics(report.diagnostics, strict=False)
    options = DeployOptions(remote, branch, message, cname, dry_run, force)
    result = _run(lambda: deploy(cfg, options))
    plan = result.plan
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    size = f"{plan.inventory.files} fichier(s), {plan.inventory.total_bytes / 1024:.0f} Kio"
    if dry_run:
        click.echo(f"Simulation : {size} seraient poussés sur {branch} de {remote} "
                   f"({plan.remote_url}) ; site publié à {plan.target_url}. Rien n'a été poussé.")
    else:
        click.echo(f"Publié : {size} sur {branch} de {remote} ({plan.remote_url}), "
                   f"commit {result.commit[:12]} ; site à {plan.target_url}")


@main.command("entities")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="JSON (schema in docs/entities.md) or a table for reading.")
@click.option("--model", default="fr_core_news_md", show_default=True,
              help="spaCy pipeline: fr_core_news_md or fr_core_news_sm.")
def entities_command(path: Path, fmt: str, model: str) -> None:
    """Show the actors, places, mentions and quotes found in one seed (.txt) or article (.md)."""
    from site_builder import entities_report as report
    from site_builder.extract import build_context, extract_text
    from site_builder.model import SourceLocation
    from site_builder.nlp import check_text_length, load_nlp

    text = _run(lambda: report.read_source_text(path))
    nlp = _run(lambda: load_nlp(model))
    _run(lambda: check_text_length(nlp, text, SourceLocation(str(path))))
    result = extract_text(nlp, text, build_context())
    data = report.build_report(str(path), model, result)
    click.echo(report.format_json(data) if fmt == "json" else report.format_table(data))


MAX_DUPLICATES_SHOWN = 10
"""Suspected duplicates listed in the summary (the most frequent first)."""


def format_summary(report: BuildReport) -> str:
    ingest = report.ingest
    total = sum(report.timings.values())
    lines = [
        f"Articles : {report.articles}   Acteurs : {report.actors}   Lieux : {report.places}",
        f"Contenu : {len(ingest.written)} écrit(s), {len(ingest.unchanged)} inchangé(s), "
        f"{len(ingest.kept)} conservé(s) (modifié(s) à la main)",
        f"Site : {report.written.written} fichier(s), {report.written.total_bytes / 1024:.0f} Kio, en {total:.2f} s",
    ]
    lines += [f"  conservé : {name} (modifié à la main)" for name in ingest.kept]
    entities = report.entity_files
    lines.append(f"Entités : {report.enriched} article(s) analysé(s) par spaCy, "
                 f"{len(entities.written)} fiche(s) écrite(s), {len(entities.removed)} supprimée(s), "
                 f"{len(entities.kept)} conservée(s) (modifiée(s) à la main)")
    lines += [f"  {line}" for line in entities.kept]
    if report.duplicates:
        lines.append(f"Doublons possibles : {len(report.duplicates)} (non fusionnés, plusieurs "
                     "entités possibles ; la ligne indiquée les fusionne)")
        lines += [f"  {d.short} ({d.articles} article(s)) : {', '.join(d.candidates)} ; {d.fix}"
                  for d in report.duplicates[:MAX_DUPLICATES_SHOWN]]
        if len(report.duplicates) > MAX_DUPLICATES_SHOWN:
            lines.append(f"  … et {len(report.duplicates) - MAX_DUPLICATES_SHOWN} autre(s)")
    if report.is_unchanged:
        lines.insert(0, f"Rien à refaire : entrées et output/ identiques à la dernière construction "
                        f"(vérifié en {total:.2f} s)")
    return "\n".join(lines)


class _ProgressBar:
    """progress(done, total) drawn with click on stderr, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _run(action):
    try:
        return action()
    except BuildError as exc:
        _print_diagnostics(exc.diagnostics)
        sys.exit(1)
    except SiteError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def _exit_on_diagnostics(diagnostics: tuple[Diagnostic, ...], *, strict: bool) -> None:
    _print_diagnostics(diagnostics)
    if any(d.is_error or strict for d in diagnostics):
        sys.exit(1)


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...]) -> None:
    for number, diagnostic in enumerate(diagnostics, 1):
        click.echo(f"{number}. {diagnostic.severity.value}: {diagnostic}", err=True)
