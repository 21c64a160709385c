"""cli.format_summary: the one-screen summary, here its suspected-duplicates section."""

from __future__ import annotations

from site_builder.cli import MAX_DUPLICATES_SHOWN, format_summary
from site_builder.engine.build import BuildReport, _decode_summary, _encode_summary
from site_builder.enrich.entity_merge import SuspectedDuplicate
from site_builder.ingest.ingest import IngestReport
from site_builder.output.output import UpdateSummary


def _report(duplicates=()) -> BuildReport:
    return BuildReport(ingest=IngestReport(), articles=3, actors=4, places=1,
                       written=UpdateSummary(10, 2048, 10, (), ()), diagnostics=(),
                       duplicates=tuple(duplicates))


DUPONT = SuspectedDuplicate("Dupont", "dupont", ("jean-dupont", "marie-dupont"), 2)


def test_no_duplicates_no_section():
    assert "Doublons" not in format_summary(_report())


def test_each_suspected_pair_with_its_fix():
    lines = format_summary(_report([DUPONT])).splitlines()
    assert "Doublons possibles : 1 (non fusionnés, plusieurs entités possibles ; la ligne " \
           "indiquée les fusionne)" in lines
    assert ("  Dupont (2 article(s)) : jean-dupont, marie-dupont ; "
            "content/actors/jean-dupont.md: aliases_add: [Dupont]") in lines


def test_a_long_list_is_cut():
    many = [SuspectedDuplicate(f"N{i}", f"n{i}", ("a", "b"), 1) for i in range(MAX_DUPLICATES_SHOWN + 3)]
    assert format_summary(_report(many)).splitlines()[-1] == "  … et 3 autre(s)"


def test_an_unchanged_build_reports_the_same_duplicates():
    assert _decode_summary(_encode_summary(_report([DUPONT]))).duplicates == (DUPONT,)
