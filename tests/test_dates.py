"""French dates: names, explicit dates, and the date an undated news text implies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.ingest.dates import (
    WEEKDAYS,
    DateLine,
    format_french_date,
    infer_date,
    month_number,
    parse_date_value,
    parse_french_date,
    past_years,
    read_date_line,
    resolve_weekday_date,
    strip_dateline,
)

NOW = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("name", "number"), [
    ("janvier", 1), ("Février", 2), ("fevrier", 2), ("févr.", 2), ("mars", 3), ("avr.", 4),
    ("mai", 5), ("JUIN", 6), ("juil.", 7), ("août", 8), ("aout", 8), ("sept.", 9),
    ("septembre", 9), ("oct.", 10), ("novembre", 11), ("décembre", 12), ("déc.", 12),
    ("brumaire", None), ("", None),
])
def test_month_number(name, number):
    assert month_number(name) == number


@pytest.mark.parametrize(("text", "expected"), [
    ("2018-09-03", dt.date(2018, 9, 3)),
    ("3 septembre 2018", dt.date(2018, 9, 3)),
    ("lundi 3 septembre 2018", dt.date(2018, 9, 3)),
    ("1er mars 2021", dt.date(2021, 3, 1)),
    ("Samedi 1er février 2020", dt.date(2020, 2, 1)),
    ("14 juil. 1989", dt.date(1989, 7, 14)),
    ("03 août 2015", dt.date(2015, 8, 3)),
    ("3\u00a0septembre\u00a02018", dt.date(2018, 9, 3)),
    ("31 février 2019", None),
    ("3 septembre", None),
    ("hier", None),
    ("2018-13-01", None),
])
def test_parse_french_date(text, expected):
    assert parse_french_date(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2020, 5, 1), dt.date(2020, 5, 1)),
    (dt.datetime(2020, 5, 1, 12, 30), dt.date(2020, 5, 1)),
    ("2020-05-01", dt.date(2020, 5, 1)),
    ("1er mai 2020", dt.date(2020, 5, 1)),
    (20200501, None),
    (None, None),
    (["2020-05-01"], None),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(("text", "years"), [
    ("Le conflit, déclenché en 2011, a fait des morts depuis début 2017.", (2011, 2017)),
    ("Il vise la neutralité carbone d’ici 2050 et jusqu’en 2030 au moins.", ()),
    ("Prévue pour 2025, la loi a été votée en 2019.", (2019,)),
    ("plus de 2 000 morts et 1 500 blessés", ()),
    ("un budget de 2019,5 millions, 2015 %", ()),
    ("la période 1990-1995", (1990, 1995)),
    ("En 2031, on verra.", ()),
    ("le 12/2019 et en\u00a02014", (2014,)),
])
def test_past_years(text, years):
    assert past_years(text, now=NOW) == years


@pytest.mark.parametrize(("day", "month", "weekday", "lower", "expected"), [
    (3, 9, 0, 2017, dt.date(2018, 9, 3)),
    (3, 9, 0, 2011, dt.date(2012, 9, 3)),
    (3, 9, 0, None, dt.date(2018, 9, 3)),  # latest Monday 3 September not after NOW
    (3, 9, 0, 2019, None),  # the next one (2029) is in the future
    (29, 2, 5, 2010, dt.date(2020, 2, 29)),  # leap day on a Saturday
    (31, 4, 0, None, None),  # no 31 April
    (25, 11, 2, 2026, dt.date(2026, 11, 25)),  # today is allowed
])
def test_resolve_weekday_date(day, month, weekday, lower, expected):
    assert resolve_weekday_date(day, month, weekday, lower=lower, now=NOW) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Le président a appelé lundi 3 septembre ses alliés. Depuis début 2017, les pourparlers.",
     dt.date(2018, 9, 3)),
    ("Le gouvernement a présenté mercredi 4 mars le projet. La réforme, lancée en 2019, …",
     dt.date(2020, 3, 4)),
    ("Le match a eu lieu samedi 1er février au stade. La saison 2019 fut difficile.",
     dt.date(2020, 2, 1)),
    ("Les électeurs ont voté dimanche 7 mai. Le scrutin de 2012 avait été serré.",
     dt.date(2017, 5, 7)),
    ("Réunion le jeudi 12\u00a0mars\u00a0: les écoles fermeront. Depuis janvier 2020, l’épidémie.",
     dt.date(2020, 3, 12)),
    ("Il est mort mardi 11 septembre 2001 à New York.", dt.date(2001, 9, 11)),
    ("Vendredi 13 novembre, des attaques ont frappé la capitale. En 2014, déjà…",
     dt.date(2015, 11, 13)),
    ("Le sommet s’est tenu le 12 juin 2018. La rencontre du 27 avril 2018 l’avait préparé.",
     dt.date(2018, 6, 12)),
    ("Un accord conclu le 14 juillet 2015 et dénoncé le 8 mai 2018.", dt.date(2018, 5, 8)),
    ("PARIS, 12 mars (Reuters) - Les écoles fermeront à partir de lundi 16 mars. En janvier 2020…",
     dt.date(2020, 3, 12)),
    ("BEYROUTH (AFP) — Les forces ont attaqué mercredi 5 juin. Depuis 2015…", dt.date(2019, 6, 5)),
    ("WASHINGTON, mardi 3 novembre (AFP) - Les électeurs votent. Depuis 2016…",
     dt.date(2020, 11, 3)),
    ("Les écoles fermeront à partir du lundi 16 mars. Réunion tenue jeudi 12 mars. En 2020…",
     dt.date(2020, 3, 12)),
    ("La conférence se tiendra le 3 mars 2031.", None),
    ("Il a plu hier soir sur la ville.", None),
    ("", None),
])
def test_infer_date(text, expected):
    guess = infer_date(text, now=NOW)
    assert (guess.date if guess else None) == expected


def test_infer_date_keeps_the_evidence():
    guess = infer_date("Il a appelé lundi 3\u00a0septembre. Depuis 2017…", now=NOW)
    assert guess is not None and guess.evidence == "lundi 3\u00a0septembre"


def test_a_year_written_with_the_weekday_date_wins_over_other_years():
    guess = infer_date("Jeudi 5 mars 2015, dans une ville fondée en 2019 …", now=NOW)
    assert guess is not None and guess.date == dt.date(2015, 3, 5)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=NOW))
def test_a_weekday_date_resolves_to_the_real_date(date):
    """With the year itself mentioned as past, `<weekday> <day> <month>` gives back the date."""
    day = "1er" if date.day == 1 else str(date.day)
    month = format_french_date(date).split()[1]
    text = f"L’événement a eu lieu {WEEKDAYS[date.weekday()]} {day} {month}. Un rappel de {date.year}."
    guess = infer_date(text, now=NOW)
    assert guess is not None and guess.date == date


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_never_in_the_future(date):
    text = f"{WEEKDAYS[date.weekday()]} {date.day} {format_french_date(date).split()[1]}"
    guess = infer_date(text, now=NOW)
    assert guess is None or guess.date <= NOW


@pytest.mark.parametrize(("date", "text"), [
    (dt.date(2018, 9, 3), "3 septembre 2018"),
    (dt.date(2020, 3, 1), "1er mars 2020"),
    (dt.date(2021, 8, 15), "15 août 2021"),
])
def test_format_french_date(date, text):
    assert format_french_date(date) == text
    assert parse_french_date(text) == date


@pytest.mark.parametrize(("text", "rest"), [
    ("PARIS, 12 mars (Reuters) - Le texte.", "Le texte."),
    ("BEYROUTH (AFP) — Le texte.", "Le texte."),
    ("SAINT-DENIS DE LA RÉUNION, 1er mai 2019 (AFP) – Le texte.", "Le texte."),
    ("ONU - Le texte.", "ONU - Le texte."),
    ("Le texte - et la suite.", "Le texte - et la suite."),
])
def test_strip_dateline(text, rest):
    assert strip_dateline(text) == rest


@pytest.mark.parametrize(("line", "date", "is_update"), [
    ("Publié le 19 mars 2024", dt.date(2024, 3, 19), False),
    ("Publié le 19 mars 2024 à 10h12", dt.date(2024, 3, 19), False),
    ("Publié le 19 mars 2024 à 10h12, mis à jour à 11h00", dt.date(2024, 3, 19), False),
    ("Publié le 19 mars 2024 à 10h12 - Mis à jour le 20 mars 2024 à 08h00",
     dt.date(2024, 3, 19), False),
    ("Publié le mardi 19 mars 2024 à 10 h 12 (mis à jour le 20 mars à 8 h)",
     dt.date(2024, 3, 19), False),
    ("Mis à jour le 20 mars 2024", dt.date(2024, 3, 20), True),
    ("Mis à jour le 20 mars", None, True),
])
def test_read_date_line(line, date, is_update):
    assert read_date_line(line) == DateLine(date, is_update)


@pytest.mark.parametrize("line", [
    "Publié le 3 mars 2020, le rapport montre que les prix montent.",
    "Publié aujourd’hui",
    "Le rapport publié le 3 mars 2020",
])
def test_read_date_line_refuses_sentences(line):
    assert read_date_line(line) is None
