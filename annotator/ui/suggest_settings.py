"""Which suggesters the app runs and the spaCy pipeline's name: kept with the app's settings
(QSettings, as the layout is), chosen in Suggestions ▸ Settings.

Nobody chose: the suggesters that need nothing installed (`DEFAULT_SUGGESTERS`). The
`spacy` suggester needs spaCy and a pipeline with an entity recognizer that the user has
installed; the dialog says whether spaCy is there without importing it (importing spaCy
takes seconds).
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.suggest import DEFAULT_SUGGESTERS, SUGGESTERS
from annotator.ui.plain import plain_label

SUGGESTERS_KEY = "suggest/suggesters"
MODEL_KEY = "suggest/model"
SHOW_KEY = "suggest/show"

DESCRIPTIONS = {
    "quotes": "Quotes: direct quotations by their marks",
    "speakers": "Speakers: each quote's speaker by the attribution patterns",
    "actors": "Known actors: every ACTOR name tagged in the project, and the gazetteer",
    "spacy": "spaCy: the entities of an installed pipeline (PERSON, ORG, NORP, GPE)",
}


def chosen_suggesters(settings: QSettings) -> tuple[str, ...]:
    """The suggesters to run, in their running order (unknown names in the file ignored)."""
    value = settings.value(SUGGESTERS_KEY)
    if value is None:
        return DEFAULT_SUGGESTERS
    names = value.split(",") if isinstance(value, str) else list(value)
    return tuple(name for name in SUGGESTERS if name in names)


def spacy_model(settings: QSettings) -> str | None:
    value = settings.value(MODEL_KEY, "", type=str)
    return str(value).strip() or None


def save(settings: QSettings, suggesters: tuple[str, ...], model: str | None) -> None:
    # Joined: an empty list would read back as None (the defaults) from an INI file.
    settings.setValue(SUGGESTERS_KEY, ",".join(suggesters) if suggesters else ",")
    settings.setValue(MODEL_KEY, model or "")


class SuggestSettingsDialog(QDialog):
    """Check the suggesters to run; name the spaCy pipeline."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Suggestion settings")
        chosen = chosen_suggesters(settings)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for name in SUGGESTERS:
            box = QCheckBox(DESCRIPTIONS.get(name, name))
            box.setChecked(name in chosen)
            self.boxes[name] = box
            layout.addWidget(box)
        form = QFormLayout()
        self.model_edit = QLineEdit(spacy_model(settings) or "")
        self.model_edit.setPlaceholderText("e.g. en_core_web_sm (installed by you)")
        form.addRow("spaCy pipeline:", self.model_edit)
        layout.addLayout(form)
        installed = importlib.util.find_spec("spacy") is not None
        self.spacy_note = plain_label(
            "spaCy is installed: the pipeline named here is loaded when suggestions run."
            if installed
            else "spaCy is not installed: the spaCy suggester suggests nothing (nothing is "
            "downloaded); the others run."
        )
        self.spacy_note.setWordWrap(True)
        layout.addWidget(self.spacy_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[str, ...]:
        return tuple(name for name in SUGGESTERS if self.boxes[name].isChecked())

    def accept(self) -> None:
        save(self.settings, self.chosen(), self.model_edit.text().strip() or None)
        super().accept()
