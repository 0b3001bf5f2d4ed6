"""brat's .ann lines both ways (`brat_ann`): discontinuous T lines, R lines, E lines with
numbered and nested roles, notes on spans and events, and annotation.conf."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.formats.brat_ann import (
    Seen,
    ann_lines,
    annotation_conf,
    parse_ann,
    read_conf,
)
from annotator.core.jsonl import ExportRelation, SpanRecord

TEXT = "“We are not a party,” he said, “but a movement.”"
ANN = Path("doc.ann")
SPANS = (
    SpanRecord(1, 47, "Content", "split", ((1, 20), (32, 47))),
    SpanRecord(22, 24, "Source"),
    SpanRecord(25, 29, "Attribution", "the cue"),
    SpanRecord(25, 29, "Cue"),
)
RELATIONS = (
    ExportRelation(2, 0, "Content"),
    ExportRelation(2, 3, "Cue"),
    ExportRelation(2, 1, "Source"),
    ExportRelation(2, 1, "Content"),  # a second Content: written Content2
    ExportRelation(1, 3, "near"),
)
LINES = [
    "T1\tContent 1 20;32 47\tWe are not a party, but a movement.",
    "T2\tSource 22 24\the",
    "T3\tAttribution 25 29\tsaid",
    "T4\tCue 25 29\tsaid",
    "E1\tAttribution:T3 Content:T1 Cue:T4 Source:T2 Content2:T2",
    "R1\tnear Arg1:T2 Arg2:T4",
    "#1\tAnnotatorNotes T1\tsplit",
    "#2\tAnnotatorNotes E1\tthe cue",
]


def test_a_layer_is_written_as_t_e_r_and_note_lines():
    seen = Seen()
    assert ann_lines(TEXT, SPANS, RELATIONS, frozenset({"Attribution"}), seen) == LINES
    conf = annotation_conf([("Content", False), ("Attribution", True), ("Cue", False)], seen)
    assert conf == (
        "[entities]\nContent\nCue\n\n[relations]\nnear\tArg1:Source, Arg2:Cue\n\n[events]\n"
        "Attribution\tContent*:Content|Source, Cue*:Cue, Source*:Source\n\n[attributes]\n"
    )
    assert read_conf(conf) == ({"Attribution"}, {"Content", "Cue", "Source"})


def test_the_lines_read_back_as_the_layer():
    skipped: dict[str, int] = {}
    layer = parse_ann("\n".join(LINES) + "\n", TEXT, ANN, set(), skipped)
    assert layer.spans == list(SPANS)
    assert layer.relations == list(RELATIONS)  # in line order: E1's roles, then R1
    assert list(layer.triggers) == ["Attribution"]
    assert skipped == {}


def test_relations_keep_the_order_of_their_lines():
    lines = [*LINES[:4], LINES[5], LINES[4]]  # R1 before E1
    layer = parse_ann("\n".join(lines), TEXT, ANN, set(), {})
    assert layer.relations == [RELATIONS[4], *RELATIONS[:4]]
    assert layer.relation_lines == [5, 6, 6, 6, 6]


def test_an_argument_naming_an_event_ends_at_its_trigger():
    text = "Kerry said Lavrov told him."
    ann = (
        "T1\tSource 0 5\tKerry\nT2\tAttribution 6 10\tsaid\nT3\tSource 11 17\tLavrov\n"
        "T4\tAttribution 18 22\ttold\n"
        "E1\tAttribution:T2 Source:T1 Content:E2\nE2\tAttribution:T4 Source:T3\n"
    )
    layer = parse_ann(ann, text, ANN, set(), {})
    assert layer.relations == [
        ExportRelation(1, 0, "Source"),
        ExportRelation(1, 3, "Content"),
        ExportRelation(3, 2, "Source"),
    ]
    written = ann_lines(text, layer.spans, layer.relations, frozenset({"Attribution"}))
    assert written[4:] == [
        "E1\tAttribution:T2 Source:T1 Content:E2",
        "E2\tAttribution:T4 Source:T3",
    ]


def test_a_role_numbered_by_brat_is_the_role_unless_the_conf_declares_it():
    ann = "T1\tX 0 1\ta\nT2\tY 1 2\tb\nE1\tX:T1 Arg2:T2 Theme2:T2 Theme10:T2\n"
    layer = parse_ann(ann, "ab", ANN, set(), {})
    assert [r.label for r in layer.relations] == ["Arg", "Theme", "Theme"]
    layer = parse_ann(ann, "ab", ANN, {"Arg2"}, {})
    assert [r.label for r in layer.relations] == ["Arg2", "Theme", "Theme"]


def test_attributes_normalisations_and_equivalences_are_counted():
    ann = "T1\tX 0 1\ta\nA1\tNegated T1\nM1\tSpeculation T1\nN1\tRef T1 W:1\ta\n*\tEquiv T1 T1\n"
    skipped: dict[str, int] = {}
    parse_ann(ann, "ab", ANN, set(), skipped)
    assert skipped == {"A line(s)": 1, "M line(s)": 1, "N line(s)": 1, "* line(s)": 1}


@pytest.mark.parametrize(
    ("ann", "line", "reason"),
    [
        ("T1\tX 0 1;1 2\tab\n", 1, "span fragment [1, 2) touches the one before it"),
        ("T1\tX 0 1;;1 2\ta\n", 1, "expected 'LABEL START END', got 'X '"),
        ("T1\tX 0 1\ta\nE1\tX:T1 Y\n", 2, "expected ROLE:ID, got 'Y'"),
        ("T1\tX 0 1\ta\nE1\t\n", 2, "expected 'E<N><TAB>TYPE:TRIGGER ROLE:ID ...'"),
        ("T1\tX 0 1\ta\nE1\tX:T1 A:E9\n", 2, "the A argument names E9, which is not a span"),
        ("T1\tX 0 1\ta\n#1\tAnnotatorNotes E4\tn\n", 2, "a note on E4, which is not a span"),
    ],
)
def test_bad_lines_name_the_line(ann: str, line: int, reason: str):
    with pytest.raises(InputError) as error:
        parse_ann(ann, "abc", ANN, set(), {})
    assert str(error.value).startswith(f"{ANN}:{line}: {reason}")
