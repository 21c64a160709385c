"""Seed text -> (title, Markdown body), the same way for every peer."""

from __future__ import annotations

import re


def seed_to_markdown(text: str) -> tuple[str, str]:
    """Caption in italics, short unpunctuated lines as `##` subheadings, the lede's first sentence as title."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    caption, body = paragraphs[0], paragraphs[1:]
    title = re.split(r"(?<=[.!?])\s", body[0])[0].rstrip(".")
    blocks = [f"*{caption}*"]
    blocks += [f"## {p}" if _is_subheading(p) else p for p in body]
    return title, "\n\n".join(blocks) + "\n"


def _is_subheading(paragraph: str) -> bool:
    return len(paragraph) < 80 and "\n" not in paragraph and paragraph[-1] not in ".!?»…"
