"""A label's key never takes one of the window's own one-key shortcuts: Qt would make both
ambiguous and neither would work. `core.labels.APP_KEYS` names them; this checks it against
the real window's actions, so that a new one-key action cannot slip past it."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.label_files import read_label_file
from annotator.core.labels import APP_KEYS
from annotator.core.model import Label
from annotator.ops import labels as label_ops
from annotator.ui import shortcut_sheet


def test_app_keys_are_the_windows_one_letter_shortcuts(window):
    labels = {label.key for label in window.project.labels() if label.key}
    one_key = {keys for _, _, keys in shortcut_sheet.rows_of(window) if len(keys) == 1}
    assert one_key - labels == set(APP_KEYS)


@pytest.mark.parametrize("key", ["a", "A", "x", "n", "L"])
def test_a_label_cannot_take_a_key_of_the_window(ui_project, key):
    with pytest.raises(AnnotatorError, match="the window's own"):
        label_ops.set_label_key(ui_project, "ACTOR", key)
    with pytest.raises(AnnotatorError, match="the window's own"):
        label_ops.add_label(ui_project, Label("PLACE", "#123456", key))
    assert [label.name for label in ui_project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert ui_project.labels()[0].key == "1"


def test_a_labels_file_with_such_a_key_names_its_line(tmp_path):
    path = tmp_path / "labels.json"
    path.write_text('[\n{"name": "PLACE", "color": "#123456", "key": "n"}\n]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"labels.json:2: the key n is the window's own"):
        read_label_file(path)
