"""Which suggesters the app runs and the spaCy pipeline (annotator/ui/suggest_settings.py):
kept in the app's settings, chosen in Suggestions ▸ Settings, used by the next run."""

from __future__ import annotations

import importlib.util

from annotator.core.suggest import DEFAULT_SUGGESTERS
from annotator.ui.suggest_settings import chosen_suggesters, save, spacy_model


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
