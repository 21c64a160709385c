"""Edit-to-reload latency of `site-builder serve`: save one article, wait for the reload message.

Starts the real server in a subprocess on a fresh copy of a corpus, connects to its
livereload websocket the way livereload.js does, then, K times: appends a sentence to one
content article, and measures the time from the write to the `reload` message (the moment
an open browser tab would reload), then checks the new sentence is served.

    python bench/serve_latency.py --corpus sample            # seeds/ of this repository
    python bench/serve_latency.py --corpus 1000 --edits 5    # bench/corpus.py, 1,000 articles
    python bench/serve_latency.py --corpus 1000 --search     # Pagefind too (as users have it)
    python bench/serve_latency.py --corpus 10000 --cache-from bench/work/sb-10000
                                # spaCy's spans and results linked from a site built before
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"


def make_site(corpus: str, model: str, *, search: bool, cache_from: Path | None = None) -> Path:
    """A fresh site folder holding the corpus seeds and a site.yml (and, from `cache_from`,
    hard links to the enrichment caches of a site built from the same corpus)."""
    site = WORK / f"serve-{corpus}"
    shutil.rmtree(site, ignore_errors=True)
    if cache_from is not None:
        for name in ("ner", "enrich"):
            if (cache_from / ".site-builder" / name).is_dir():
                (site / ".site-builder").mkdir(parents=True, exist_ok=True)
                subprocess.run(["cp", "-al", str(cache_from / ".site-builder" / name),
                                str(site / ".site-builder" / name)], check=True)
    if corpus == "sample":
        shutil.copytree(REPO / "seeds", site / "seeds")
    else:
        subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), corpus, str(site)],
                       check=True, stdout=subprocess.DEVNULL)
    (site / "site.yml").write_text(
        f"search: {'true' if search else 'false'}\nnlp_model: {model}\n"
        "base_url: https://example.github.io/bench/\n", encoding="utf-8")
    return site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, site: Path, port: int) -> None:
        self.port, self.lines = port, []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=lambda: self.lines.extend(line.rstrip() for line in self.proc.stdout),
                         daemon=True).start()

    def wait_for(self, prefix: str, start: int = 0, timeout: float = 3600) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if line.startswith(prefix):
                    return line
            if self.proc.poll() is not None:
                raise SystemExit("server exited:\n" + "\n".join(self.lines))
            time.sleep(0.02)
        raise SystemExit("timed out:\n" + "\n".join(self.lines))

    def get(self, path: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path)
        body = conn.getresponse().read().decode("utf-8", "replace")
        conn.close()
        return body

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def pick_article(site: Path) -> tuple[Path, str]:
    """The first content article whose page is output/articles/<file stem>/."""
    pages = {p.parent.name for p in (site / "output" / "articles").glob("*/index.html")}
    for article in sorted((site / "content" / "articles").glob("*.md")):
        if article.stem in pages:
            return article, f"/bench/articles/{article.stem}/"
    raise SystemExit("no content article maps to output/articles/<stem>/")


async def measure_edits(server: Server, article: Path, url: str, edits: int) -> list[dict]:
    ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
    await ws.write_message(json.dumps({"command": "hello", "protocols": []}))
    await ws.read_message()
    await ws.write_message(json.dumps({"command": "info", "url": url}))
    await asyncio.sleep(0.5)
    results = []
    for number in range(1, edits + 1):
        sentence = f"Phrase de mesure numéro {number} ajoutée au texte."
        text = article.read_text(encoding="utf-8") + f"\n{sentence}\n"
        seen = len(server.lines)
        start = time.perf_counter()
        article.write_text(text, encoding="utf-8")
        message = json.loads(await asyncio.wait_for(ws.read_message(), 3600))
        latency = (time.perf_counter() - start) * 1000
        served = sentence in re.sub(r"<[^>]+>", "", server.get(url))  # entity links split text
        line = server.wait_for("Reconstruit", seen) if served else "\n".join(server.lines[seen:])
        results.append({"edit": number, "latency_ms": round(latency), "command": message["command"],
                        "served": served, "server_line": line})
        await asyncio.sleep(1.0)
    ws.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="sample", help="`sample` or a number of articles")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="build the Pagefind index too")
    parser.add_argument("--cache-from", type=Path, help="a site built from the same corpus: "
                        "its spaCy span and result caches are linked (no NER at start)")
    args = parser.parse_args(argv)
    site = make_site(args.corpus, args.model, search=args.search, cache_from=args.cache_from)
    started = time.perf_counter()
    server = Server(site, free_port())
    try:
        server.wait_for("Site servi sur")
        first_build = time.perf_counter() - started
        article, url = pick_article(site)
        results = asyncio.run(measure_edits(server, article, url, args.edits))
    finally:
        server.stop()
    latencies = [r["latency_ms"] for r in results]
    articles = len(list((site / "content" / "articles").glob("*.md")))
    for result in results:
        print(f"edit {result['edit']}: {result['latency_ms']} ms to `{result['command']}`, "
              f"new text served: {result['served']}; server: {result['server_line']}")
    print(json.dumps({"corpus": args.corpus, "articles": articles, "model": args.model,
                      "search": args.search, "first_build_s": round(first_build, 1),
                      "median_ms": statistics.median(latencies), "max_ms": max(latencies),
                      "min_ms": min(latencies)}))


if __name__ == "__main__":
    main()
