"""Colour arithmetic: CIEDE2000 distances, WCAG contrast, and
new labels' colours that stay apart from the others."""

from __future__ import annotations

import itertools

import pytest

from annotator.core.colors import (
    CANDIDATES,
    blend,
    contrast,
    delta_e,
    most_distinct,
    nearest_distance,
    relative_luminance,
    rgb,
)
from annotator.core.labels import default_labels, new_label


def test_contrast_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    assert contrast(rgb("#767676"), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance((255, 255, 255)) == pytest.approx(1)


def test_delta_e_is_ciede2000():
    # Zero for equal, symmetric, 100 from black to white, and ordered as the eye sees.
    assert delta_e("#F28E2B", "#F28E2B") == 0
    assert delta_e("#F28E2B", "#4E79A7") == pytest.approx(delta_e("#4E79A7", "#F28E2B"))
    assert delta_e("#000000", "#FFFFFF") == pytest.approx(100, abs=0.5)
    assert delta_e("#F28E2B", "#E69F00") < 15  # two oranges
    assert delta_e("#F28E2B", "#4E79A7") > 40  # orange and blue


def test_most_distinct_takes_the_farthest_candidate():
    assert most_distinct([]) == CANDIDATES[0]
    assert most_distinct(["#000000"], ["#111111", "#EEEEEE"]) == "#EEEEEE"


def test_new_labels_stay_apart_from_every_label_so_far():
    labels = default_labels()
    for n in range(8):
        label = new_label(f"L{n}", labels)
        assert nearest_distance(label.color, [lab.color for lab in labels]) > 15
        labels.append(label)
    assert len({label.color for label in labels}) == len(labels)
    assert [label.key for label in labels[4:9]] == ["5", "6", "7", "8", "9"]


def test_every_candidate_shows_on_white():
    for color in CANDIDATES:
        assert contrast(rgb(color), (255, 255, 255)) > 1.9


def test_blend():
    assert blend((255, 0, 0), 0.5, (255, 255, 255)) == (255, 128, 128)
    for a, b in itertools.combinations(CANDIDATES[:5], 2):
        assert delta_e(a, b) > 0
