"""Label names: what every export format can carry on one line between tabs."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.labels import check_label_name, default_labels


@pytest.mark.parametrize("name", ["ACTOR", "MY LABEL", "É😀", "per-son_2", "引用", "a\u200db"])
def test_good_names(name: str):
    assert check_label_name(name) == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "a label needs a name"),
        (" \t", "a label needs a name"),
        ("A\tB", "the label name 'A\\tB' contains a tab; a label must fit on one line"),
        ("A\nB", "the label name 'A\\nB' contains a line break;"),
        ("A\rB", "contains a carriage return;"),
        ("A\x00B", "contains a control character (U+0000);"),
        ("A\x85B", "contains a control character (U+0085);"),
        ("A\x1eB", "contains a control character (U+001E);"),
        ("A\u2028B", "contains a line separator (U+2028);"),
        ("A\u2029B", "contains a paragraph separator (U+2029);"),
        ("A\ud800B", "contains a lone surrogate (U+D800);"),
        (" ACTOR", "the label name ' ACTOR' starts or ends with whitespace"),
        ("ACTOR\u00a0", "starts or ends with whitespace"),
        ("ACTOR\t", "contains a tab"),
    ],
)
def test_bad_names_say_why(name: str, reason: str):
    with pytest.raises(AnnotatorError) as caught:
        check_label_name(name)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_default_labels_pass():
    for label in default_labels():
        check_label_name(label.name)
