"""Plain-text seeds: decoding, caption and credit, subheadings, Markdown that cannot misfire."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.errors import ContentError
from site_builder.ingest.seedtext import (
    Block,
    build_markdown,
    count_words,
    decode_seed,
    escape_line,
    is_subheading,
    parse_seed_text,
    split_caption,
    split_paragraphs,
)

FRENCH = "L’été, « déjà » là\u00a0: 10\u00a0% des élèves ont œuvré à Noël — 3 000 €."


# --- decoding ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "encoding"), [
    (FRENCH.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), "utf-8"),
    (FRENCH.encode("utf-16"), "utf-16"),
    (FRENCH.encode("cp1252"), "cp1252"),  # ’ « » œ — € are in 0x80–0x9F
    ("Un été à Noël, déjà là.".encode("latin-1"), "latin-1"),
])
def test_decode_seed_reads_the_usual_encodings(raw, encoding):
    decoded = decode_seed(raw, "seeds/a.txt")
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") == raw.decode(encoding).lstrip("\ufeff")


def test_decode_seed_points_at_the_first_non_ascii_line():
    decoded = decode_seed("Titre\n\nIl etait une fois\nà Noël".encode("cp1252"), "seeds/a.txt")
    assert decoded.first_non_ascii_line == 4


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)) * 4,
    b"PK\x03\x04" + bytes(200),
])
def test_decode_seed_rejects_binary_files(raw):
    with pytest.raises(ContentError) as caught:
        decode_seed(raw, "seeds/photo.txt")
    assert str(caught.value) == ("seeds/photo.txt:1: is a binary file, not text; remove it from "
                                 "the seeds folder or export the article as UTF-8 text")


def test_decode_seed_rejects_text_that_is_clearly_no_french_encoding():
    raw = "Привет, как дела? Всё хорошо.".encode("koi8-r")
    with pytest.raises(ContentError, match="save it as UTF-8"):
        decode_seed(raw, "seeds/ru.txt")


# --- caption and credit -------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("Des soldats dans la province, le 3 septembre. / SAMIR BEN ALI / AFP",
     "Des soldats dans la province, le 3 septembre.", "Samir Ben Ali / AFP"),
    ("Des manifestants à Paris, samedi./ JEAN-PAUL DE LA TOUR/REUTERS",
     "Des manifestants à Paris, samedi.", "Jean-Paul de la Tour / Reuters"),
    ("La place vide, à l’aube. / AFP", "La place vide, à l’aube.", "AFP"),
    ("La chancelière à Berlin, le 24 septembre 2017. ODD ANDERSEN / AFP",
     "La chancelière à Berlin, le 24 septembre 2017.", "Odd Andersen / AFP"),
    ("Le sommet de l’OTAN. JOHN MACDOUGALL / AFP", "Le sommet de l’OTAN.", "John Macdougall / AFP"),
    ("Le siège de l’ONU à New York. / AFP", "Le siège de l’ONU à New York.", "AFP"),
    ("La place vide. / JULIEN MIGNOT POUR « LE MONDE »",
     "La place vide.", "Julien Mignot pour « Le Monde »"),
    ("Le port, mardi. / SEAN O'NEILL / AP", "Le port, mardi.", "Sean O'Neill / AP"),
    ("Le port, mardi. / Marie Dupont / AFP", "Le port, mardi.", "Marie Dupont / AFP"),
    ("Le port, mardi (ANNA SMITH / GETTY IMAGES)", "Le port, mardi", "Anna Smith / Getty Images"),
    ("Le port, mardi. © LUC VIDAL / HANS LUCAS", "Le port, mardi.", "Luc Vidal / Hans Lucas"),
    ("Le port, mardi. / SIPA", "Le port, mardi.", "SIPA"),
    ("Le port, mardi. / XINHUA", "Le port, mardi.", "Xinhua"),
    ("Le port, mardi. / © LUC VIDAL / HANS LUCAS", "Le port, mardi.", "Luc Vidal / Hans Lucas"),
    ("Un conseil à 24/24 pour les familles.", "", ""),
    ("Le gouvernement a annoncé lundi une hausse des prix (AFP)", "", ""),
    ("Le ministre a parlé / il a dit non.", "", ""),
    ("Le ministre a parlé / Il a dit non.", "", ""),
    ("Le rapport, page 3 / 12.", "", ""),
    ("Le président Paul Durand a appelé lundi ses voisins à la retenue.", "", ""),
    ("/ AFP", "", ""),
])
def test_split_caption(line, caption, credit):
    assert split_caption(line) == (caption, credit)


def test_parse_seed_text_takes_the_caption_line_out_of_the_body():
    seed = parse_seed_text("Un quai, le 3 mai. / ANNE LE GALL / AFP\n\nLe texte commence ici.\n")
    assert (seed.caption, seed.credit) == ("Un quai, le 3 mai.", "Anne le Gall / AFP")
    assert [block.text for block in seed.blocks] == ["Le texte commence ici."]


def test_a_first_paragraph_without_credit_stays_in_the_body():
    seed = parse_seed_text("Le texte commence ici.\n\nLa suite.\n")
    assert (seed.caption, seed.credit) == ("", "")
    assert len(seed.blocks) == 2


# --- paragraphs and subheadings -----------------------------------------------------------------

def test_split_paragraphs_numbers_lines_and_treats_nbsp_only_lines_as_blank():
    text = "Un.\r\n  deux\t\n\u00a0\n\nTrois.\n"
    assert split_paragraphs(text) == [(1, ["Un.", "deux"]), (5, ["Trois."])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dans le collimateur du régime", True),
    ("Une crise qui dure depuis 2011", True),
    ("Les « lignes rouges » de Washington", True),
    ("L’économie au ralenti", True),
    ("Il a démissionné.", False),
    ("Pourquoi maintenant ?", False),
    ("Les enjeux :", False),
    ("« Nous ne céderons pas »", False),
    ("dans le collimateur du régime", False),
    ("AFP", False),
    ("Lire aussi : Le port rouvre après deux ans", False),
    ("Lire aussi | Le port rouvre après deux ans", False),
    ("A lire aussi Le port rouvre", False),
    ("Voir : la carte des travaux", False),
    ("Le Monde avec AFP", False),
    ("Vidéo : la cérémonie d’ouverture", False),
    ("Lire entre les lignes", True),
    ("Avec le temps", True),
    ("Un intertitre\nsur deux lignes", False),
    ("Une ligne bien trop longue pour être un intertitre car elle contient beaucoup trop de mots "
     "à la suite", False),
])
def test_is_subheading(text, expected):
    assert is_subheading(text) is expected


def test_subheadings_are_only_short_lines_between_paragraphs():
    seed = parse_seed_text(
        "Le chapeau de l’article.\n\nUn intertitre\n\nUn paragraphe.\n\nDeux lignes courtes\n\n"
        "Puis une autre\n\nFin du texte.\n\nLe Monde avec AFP\n")
    kinds = [(block.text, block.is_heading) for block in seed.blocks]
    assert kinds == [
        ("Le chapeau de l’article.", False), ("Un intertitre", True), ("Un paragraphe.", False),
        ("Deux lignes courtes", False), ("Puis une autre", True), ("Fin du texte.", False),
        ("Le Monde avec AFP", False),
    ]


def test_a_short_first_line_is_the_title_not_a_subheading():
    seed = parse_seed_text("Un début sans point\n\nLa suite.\n\nUn intertitre\n\nFin.\n")
    assert seed.title == "Un début sans point"
    assert [(block.text, block.is_heading) for block in seed.blocks] == [
        ("La suite.", False), ("Un intertitre", True), ("Fin.", False)]


@pytest.mark.parametrize(("text", "title", "byline", "published", "first"), [
    ("Un titre\n\nPar Jean Dupont\n\nPublié le 3 mai 2021 à 10h02\n\nLe texte.\n",
     "Un titre", "Jean Dupont", dt.date(2021, 5, 3), "Le texte."),
    ("Par Anne de La Tour et Luc Martin (Beyrouth, correspondants)\n\nLe texte.\n",
     "", "Anne de La Tour et Luc Martin", None, "Le texte."),
    ("Pourquoi la ville a-t-elle changé d’avis ?\n\nLe texte.\n",
     "Pourquoi la ville a-t-elle changé d’avis ?", "", None, "Le texte."),
    ("Mis en ligne le lundi 1er mars 2021\n\nLe texte.\n", "", "", dt.date(2021, 3, 1),
     "Le texte."),
    ("Par ailleurs, le texte continue.\n\nLa suite.\n", "", "", None,
     "Par ailleurs, le texte continue."),
    ("Un titre seul\n", "", "", None, "Un titre seul"),
    ("Un titre\n\nUn second titre\n\nLe texte.\n", "Un titre", "", None, "Un second titre"),
])
def test_front_lines(text, title, byline, published, first):
    seed = parse_seed_text(text)
    assert (seed.title, seed.byline, seed.published) == (title, byline, published)
    assert seed.blocks[0].text == first


# --- Markdown ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "escaped"), [
    ("# pas un titre", "\\# pas un titre"),
    ("#MeToo a dix ans.", "#MeToo a dix ans."),
    ("1. premier", "1\\. premier"),
    ("1986. Cette année-là", "1986\\. Cette année-là"),
    ("3) troisième", "3\\) troisième"),
    ("3,5 millions de votants", "3,5 millions de votants"),
    ("> citation", "\\> citation"),
    ("* étoile", "\\* étoile"),
    ("- tiret", "\\- tiret"),
    ("-5 degrés", "-5 degrés"),
    ("+ plus", "\\+ plus"),
    ("| a | b |", "\\| a | b |"),
    ("```python", "\\`\\`\\`python"),
    ("~~~", "\\~\\~\\~"),
    ("<div>bloc</div>", "\\<div>bloc\\</div>"),
    ("===", "\\==="),
    ("---", "\\---"),
    ("- - -", "\\- - -"),
    ("__", "\\_\\_"),
    ("[1]: http://exemple.fr", "\\[1\\]: http://exemple.fr"),
    (": définition", "\\: définition"),
    ("AT&T et &amp; C:\\dossier", "AT&T et \\&amp; C:\\\\dossier"),
    ("« Il a dit\u00a0: non »", "« Il a dit\u00a0: non »"),
])
def test_escape_line(line, escaped):
    assert escape_line(line) == escaped


def test_build_markdown_writes_subheadings_and_paragraphs():
    blocks = (Block("Un.", 1), Block("Un intertitre #2", 3, is_heading=True),
              Block("Deux\n# trois", 5))
    assert build_markdown(blocks) == "Un.\n\n## Un intertitre \\#2\n\nDeux\n\\# trois\n"


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return md.use(deflist_plugin).use(footnote_plugin)


_LINE = st.lists(
    st.sampled_from(list("#>*-+_=|:~`<>[]()!&;\\/.1234567890 aéZ«»’\u00a0\u202f") +
                    ["&amp;", "&#39;", "http://x.fr", "    ", "\t", "1. ", "- ", "[a]: "]),
    min_size=1, max_size=30,
).map(lambda tokens: "".join(tokens).strip(" \t")).filter(lambda line: line.strip() != "")


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=4))
def test_any_paragraph_renders_as_exactly_its_text(lines):
    """Whatever a seed line holds, the Markdown renders it as one paragraph of that same text."""
    body = build_markdown((Block("\n".join(lines), 1),))
    rendered = _renderer().render(body)
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    # markdown-it-py strips a paragraph's outer whitespace, no-break spaces included
    assert html.unescape(rendered[3:-5]) == "\n".join(lines).strip()


@settings(max_examples=100, deadline=None)
@given(_LINE.map(lambda line: "A" + line))
def test_any_subheading_renders_as_exactly_its_text(text):
    rendered = _renderer().render(build_markdown((Block(text, 1, is_heading=True),)))
    assert rendered.startswith("<h2>") and rendered.endswith("</h2>\n"), rendered
    assert html.unescape(rendered[4:-6]) == text.strip()


@pytest.mark.parametrize(("text", "words"), [
    ("L’Europe et la Chine", 4),
    ("pro-démocratie, 350\u00a0000 morts", 4),
    ("« Ne laissons pas cela arriver », écrit-il.", 6),
    ("— … !", 0),
])
def test_count_words(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize("text", ["0", "A", ".", "é"])
def test_a_one_character_seed_is_read_without_error(text):
    parse_seed_text(text)


# --- headlines of any length, date lines --------------------------------------------------------

LONG_TITLE = ("Le gouvernement annonce un vaste plan d’investissement pour la rénovation des écoles "
              "rurales dans les dix prochaines années")


@pytest.mark.parametrize(("text", "title", "published", "first"), [
    (f"{LONG_TITLE}\n\nPublié le 19 mars 2024\n\nPar Jean Dupont\n\nLe plan a été présenté mardi. "
     "Il coûtera cher.\n\nLa suite.\n", LONG_TITLE, dt.date(2024, 3, 19),
     "Le plan a été présenté mardi. Il coûtera cher."),
    ("Emmanuel Macron : « Nous ne céderons pas »\n\nPublié le 19 mars 2024 à 10h12, mis à jour "
     "à 11h00\n\nLe président a parlé. Il a dit beaucoup de choses.\n\nFin.\n",
     "Emmanuel Macron : « Nous ne céderons pas »", dt.date(2024, 3, 19),
     "Le président a parlé. Il a dit beaucoup de choses."),
    ("Un titre\n\nPublié le 19 mars 2024 à 10h12 - Mis à jour le 20 mars 2024 à 08h00\n\n"
     "Le texte.\n", "Un titre", dt.date(2024, 3, 19), "Le texte."),
    ("Mis à jour le 20 mars 2024\n\nUn titre\n\nLe texte.\n", "Un titre", dt.date(2024, 3, 20),
     "Le texte."),
    ("Le port rouvre enfin\n\nLe port rouvre enfin\n\nLe texte. La suite.\n",
     "Le port rouvre enfin", None, "Le texte. La suite."),
])
def test_headlines_of_any_length_and_date_lines(text, title, published, first):
    seed = parse_seed_text(text)
    assert (seed.title, seed.published) == (title, published)
    assert seed.blocks[0].text == first
    assert not any(block.is_heading for block in seed.blocks)


@pytest.mark.parametrize("first", [
    # a lede: a sentence ending in a full stop, even inside the closing quote
    "Invité mardi matin, le ministre a estimé que « les propositions sont de bonnes propositions. »",
    "Le gouvernement a présenté mardi un plan d’investissement. Il coûtera cher à l’État, disent "
    "les économistes consultés",  # two sentences
    "Le Premier ministre, à Paris, le 7 mai 2020 / Christophe ARCHAMBAULT, AFP, pour la presse",
    "Le ministre a parlé longuement devant les députés réunis en séance publique hier soir.",
])
def test_a_lede_is_not_taken_for_a_headline(first):
    seed = parse_seed_text(f"{first}\n\nUn paragraphe plus long que le premier, qui suit, et qui "
                           "raconte la suite de l’affaire en détail, avec des faits et des chiffres.\n")
    assert seed.title == "" and seed.blocks[0].text == first


def test_a_date_line_in_the_body_never_becomes_a_subheading():
    seed = parse_seed_text("Le chapeau.\n\nLe texte.\n\nMis à jour le 21 mars 2024\n\nFin.\n")
    assert [(b.text, b.is_heading) for b in seed.blocks] == [
        ("Le chapeau.", False), ("Le texte.", False), ("Mis à jour le 21 mars 2024", False),
        ("Fin.", False)]
