"""Quotations and their speakers (pure functions on the normalized text).

The stages, one module each: quotes_marks finds the quotations (`« »`, `"…"`, `“ ”`, over
several paragraphs) and sentences that never cut them; quotes_speaker gives each its speaker
from incises, the sentence's subject or the context; quotes_resolve says who a pronoun or a
role phrase stands for; quotes_lexicon holds the words they read; quotes_article the view of
the article they share.

What is a quotation: a passage of at least MIN_QUOTE_WORDS words or one ending a sentence; a
shorter fragment only when its sentence attributes it: two words or more with a speaker, one
word with a speaker and a verb of saying (`dénonçant des agressions « inacceptables »`); a
single quoted word otherwise (`l'affaire dite « X »`) is a term.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from site_builder.enrich.gazetteer import fold
from site_builder.enrich.quotes_article import Actor, build_quote_article
from site_builder.enrich.quotes_lexicon import WORD, is_speech_word
from site_builder.enrich.quotes_marks import Mark, Span, find_marks, index_of, subheading_marks
from site_builder.enrich.quotes_speaker import attribute
from site_builder.enrich.roles import KINSHIP

__all__ = ["MIN_QUOTE_WORDS", "Actor", "QuoteSpan", "add_speaker_roles", "find_quotes",
           "is_quotation"]

MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    speaker: str | None
    sentence_start: int
    sentence_end: int
    speaker_role: Span | None = None
    """Where the role phrase naming the speaker is (`», ajoute la retraitée`), when the
    article gave the speaker no such role before: a role of the speaker (add_speaker_roles)."""
    rule: str = field(default="", compare=False)
    """The rules that gave the speaker (`after>ss:actor`): for debugging and bench/quote_rules.py."""


def find_quotes(text: str, sentences: list[Span], actors: list[Actor],
                roles: Mapping[str, tuple[str, ...]] | None = None) -> list[QuoteSpan]:
    """Every quotation of `text` with its speaker's slug (None when the text does not say).

    `sentences` (spaCy's) are not used for attribution: quotations cut them in odd places;
    the module's own sentences never cut a quotation. `roles`: person slug -> role phrases
    of the article (roles.find_roles), used to resolve `le ministre` to a person."""
    del sentences
    marks = find_marks(text)
    article = build_quote_article(text, actors, roles or {}, marks)
    own = article.sentences
    quotes: list[QuoteSpan] = []
    for index, mark in enumerate(marks):
        named_before = len(article.role_mentions)
        article.trace.clear()
        speaker = attribute(article, mark, marks[index + 1] if index + 1 < len(marks) else None)
        speaker_role = next((span for slug, span in article.role_mentions[named_before:]
                             if slug == speaker), None)
        bounds = own[index_of(mark.open_at, own)][0], own[index_of(mark.close_at - 1, own)][1]
        if not _is_quotation(text, mark, has_speaker=speaker is not None,
                             is_said=_has_speech_verb(article.folded, bounds, marks)):
            continue
        article.spoken.append((mark, speaker))
        rule = ">".join(article.trace)
        quotes.extend(QuoteSpan(start, end, speaker, *bounds, speaker_role, rule)
                      for start, end in mark.segments)
    return sorted(_speakers_of_repeats(text, quotes) + _quoting_subheadings(text, quotes),
                  key=lambda quote: quote.start)


def _quoting_subheadings(text: str, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """A subheading quoting words one speaker says in the body (`- « Le racisme est un
    virus » -`, then `« le racisme est un virus », a dit X`), all its words or all but one of
    at least three, is a quotation of that speaker (of nobody sure when it has two words);
    other subheadings hold terms."""
    said = [(set(_padded_words(text[q.start:q.end]).split()), q.speaker) for q in quotes
            if q.speaker]
    found = []
    for mark in subheading_marks(text):
        start, end = mark.segments[0]
        words = _padded_words(text[start:end]).split()
        if len(words) < 2:
            continue
        allowed = 1 if len(words) >= _SUBHEADING_WORDS else 0
        speakers = {speaker for body, speaker in said
                    if sum(word not in body for word in words) <= allowed}
        if len(speakers) == 1:
            speaker = speakers.pop() if len(words) >= _SUBHEADING_WORDS else None
            found.append(QuoteSpan(start, end, speaker, mark.open_at, mark.close_at,
                                   rule="subheading"))
    return found


_SUBHEADING_WORDS = 3
"""Words at least of a subheading said to quote a speaker; a shorter one (`- « Portes
fermées » -`) quotes the body as a label of the section, and is given nobody."""


def _speakers_of_repeats(text: str, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """A quotation nobody is said to say, repeated inside one a single speaker says, is that
    speaker's: the lead or a subheading quotes the body (`« On a tout perdu » : …` then
    `« On a tout perdu », raconte X`)."""
    said = [(_padded_words(text[q.start:q.end]), q.speaker) for q in quotes if q.speaker]
    result = []
    for quote in quotes:
        words = _padded_words(text[quote.start:quote.end])
        if quote.speaker is None and len(words.split()) >= MIN_QUOTE_WORDS:
            speakers = {speaker for body, speaker in said if words in body}
            if len(speakers) == 1:
                quote = replace(quote, speaker=speakers.pop(), rule="repeat")
        result.append(quote)
    return result


def _padded_words(body: str) -> str:
    """` on a tout perdu `: folded words between spaces, to find one passage inside another."""
    return " " + " ".join(WORD.findall(fold(body))) + " "


def add_speaker_roles(roles: Mapping[str, tuple[str, ...]], quotes: list[QuoteSpan],
                      render: Callable[[int, int], str]) -> dict[str, tuple[str, ...]]:
    """`roles` plus the role phrase that named each speaker (`», a déclaré le manifestant`),
    kinship words left out; `render(start, end)` gives the characters to show."""
    merged = {slug: set(found) for slug, found in roles.items()}
    for quote in quotes:
        if quote.speaker is None or quote.speaker_role is None:
            continue
        role = " ".join(render(*quote.speaker_role).split())
        head = fold(role).split()[:1]
        if head and head[0] not in KINSHIP:
            merged.setdefault(quote.speaker, set()).add(role)
    return {slug: tuple(sorted(found)) for slug, found in merged.items()}


def _is_quotation(text: str, mark: Mark, *, has_speaker: bool, is_said: bool) -> bool:
    body = " ".join(text[s:e] for s, e in mark.segments)
    words = len(body.split())
    if words >= MIN_QUOTE_WORDS or len(mark.segments) > 1:
        return True
    if body.rstrip().endswith(("!", "?", ".", "…")) and words > 1:
        return True
    return has_speaker and (words >= 2 or words == 1 and is_said)


def _has_speech_verb(folded: str, sentence: Span, marks: list[Mark]) -> bool:
    """A verb of saying or judging in the sentence, outside its quotations (`dénonçant des
    agressions « inacceptables »`): what makes one quoted word a quotation rather than a term.
    A verb asking for an act (`a appelé à ne pas mener d'offensive « imprudente »`) is none:
    the word describes the act."""
    start, end = sentence
    inside = [(m.open_at, m.close_at) for m in marks if m.open_at < end and m.close_at > start]
    for word in WORD.finditer(folded, start, end):
        if any(s <= word.start() < e for s, e in inside) or not is_speech_word(
                word.group().split("-")[0]):  # `poursuit-il`'s `poursuit`
            continue
        if not word.group().startswith(_DIRECTIVE_STEMS):
            return True
    return False


_DIRECTIVE_STEMS = ("appel", "demand", "reclam", "invit", "press", "exhort", "implor", "exig",
                    "conseill", "recommand", "prom", "menac", "souhait", "esper", "suggér",
                    "sugger", "mis en garde")
"""Verbs of saying whose complement is an act to do, not words said."""


def is_quotation(body: str) -> bool:
    """A quotation whatever its context: ≥ MIN_QUOTE_WORDS words, or a whole sentence."""
    return len(body.split()) >= MIN_QUOTE_WORDS or body.rstrip().endswith(("!", "?", ".", "…"))
