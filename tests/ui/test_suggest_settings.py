"""Which suggesters the app runs and the spaCy pipeline (annotator/ui/suggest_settings.py):
kept in the app's settings, chosen in Suggestions ▸ Settings, used by the next run."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest
from PySide6.QtCore import Qt

from annotator.core.suggest import DEFAULT_SUGGESTERS
from annotator.ui.suggest_settings import (
    ENTITIES_MODULE,
    SAMPLE,
    chosen_suggesters,
    save,
    spacy_model,
    try_pipeline,
)


def ready(qtbot, window):  # type: ignore[no-untyped-def]
    s = window.suggestions
    qtbot.waitUntil(lambda: s.model.loaded and not s.runner.running, timeout=20_000)
    return s


def test_settings_round_trip(settings):
    assert chosen_suggesters(settings) == DEFAULT_SUGGESTERS and spacy_model(settings) is None
    save(settings, ("spacy", "quotes"), " en_core_web_sm ".strip())
    settings.sync()
    assert chosen_suggesters(settings) == ("quotes", "spacy")  # in running order
    assert spacy_model(settings) == "en_core_web_sm"
    save(settings, (), None)
    settings.sync()
    assert chosen_suggesters(settings) == () and spacy_model(settings) is None
    settings.setValue("suggest/suggesters", "quotes,nonsense")
    assert chosen_suggesters(settings) == ("quotes",)


def test_the_dialog_chooses_what_the_next_run_does(qtbot, window, settings):
    s = ready(qtbot, window)
    assert {x.label for x in s.model.shown()} == {"QUOTE", "ACTOR"}
    dialog = s.open_settings()
    assert [name for name, box in dialog.boxes.items() if box.isChecked()] == list(
        DEFAULT_SUGGESTERS
    )
    installed = importlib.util.find_spec("spacy") is not None
    assert ("spaCy is installed" in dialog.spacy_note.text()) == installed
    dialog.boxes["quotes"].setChecked(False)
    dialog.boxes["speakers"].setChecked(False)
    dialog.model_edit.setText("my_pipeline")
    dialog.accept()  # saves, and suggests the open document again
    assert chosen_suggesters(settings) == ("actors",) and spacy_model(settings) == "my_pipeline"
    qtbot.waitUntil(lambda: s.runner.task is None and len(s.model) == 0, timeout=20_000)
    assert window.project.suggestions("doc-1") == []  # no quote, no speaker, no name known


def fake_entities(monkeypatch, finder) -> list[str]:  # type: ignore[no-untyped-def]
    """Put a stand-in for core.suggest.entities in place (engineer C writes the real
    one); returns the models it was asked for."""
    asked: list[str] = []
    module = types.ModuleType(ENTITIES_MODULE)

    def entity_finder(model: str):  # type: ignore[no-untyped-def]
        asked.append(model)
        return finder

    module.entity_finder = entity_finder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, ENTITIES_MODULE, module)
    return asked


def test_try_the_pipeline_says_what_it_finds(monkeypatch):
    def persons(text: str) -> list[tuple[int, int]]:
        start = text.index("John Kerry")
        return [(start, start + len("John Kerry"))]

    asked = fake_entities(monkeypatch, persons)
    assert try_pipeline("en_test") == f"en_test finds John Kerry in “{SAMPLE}”"
    assert asked == ["en_test"]
    fake_entities(monkeypatch, None)
    assert "is not installed" in try_pipeline("en_missing")


def test_the_dialog_tries_the_pipeline_in_a_worker(qtbot, window, monkeypatch):
    fake_entities(monkeypatch, lambda text: [])
    dialog = window.suggestions.open_settings()
    assert dialog.try_model() is None
    assert dialog.try_result.text() == "Name an installed spaCy pipeline first."
    dialog.model_edit.setText("<b>en_test</b>")
    task = dialog.try_model()
    assert task is not None and not dialog.try_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.try_result.text() == f"<b>en_test</b> finds no entity in “{SAMPLE}”"
    assert dialog.try_result.textFormat() == Qt.TextFormat.PlainText
    assert dialog.try_button.isEnabled()
    dialog.reject()


def test_a_pipeline_that_cannot_be_loaded_leaves_the_other_suggesters_running(
    qtbot, window, settings, tmp_path
):
    # Settings that name a pipeline removed since: the window's runs go on without spaCy,
    # and the status bar says what is missing.
    s = ready(qtbot, window)
    save(settings, ("quotes", "speakers", "actors", "spacy"), str(tmp_path / "removed"))
    s.suggest_again_action.trigger()
    qtbot.waitUntil(lambda: "without spaCy" in window.statusBar().currentMessage(), timeout=20_000)
    qtbot.waitUntil(lambda: not s.runner.running, timeout=20_000)
    assert {x.label for x in s.model.shown()} == {"QUOTE", "ACTOR"}
    assert window.project.suggestions("doc-1")


def test_a_real_spacy_pipeline_suggests_through_the_window(qtbot, window, settings, tmp_path):
    """A pipeline the user saved (here an entity ruler: no download), chosen in the
    settings: the window's run loads it in the store process and shows its entities."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Geneva"}])
    model = tmp_path / "pipeline"
    nlp.to_disk(model)
    s = ready(qtbot, window)
    text = window.text_view.text
    assert "Geneva" not in [text[x.start : x.end] for x in s.model.shown()]
    save(settings, ("quotes", "speakers", "spacy"), str(model))
    s.suggest_again_action.trigger()
    qtbot.waitUntil(
        lambda: "Geneva" in [text[x.start : x.end] for x in s.model.shown()], timeout=60_000
    )
    (geneva,) = [x for x in s.model.shown() if text[x.start : x.end] == "Geneva"]
    assert geneva.label == "ACTOR" and geneva.suggesters == ("spacy",)
    assert "without spaCy" not in window.statusBar().currentMessage()
