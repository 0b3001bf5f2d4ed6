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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.suggest import DEFAULT_SUGGESTERS, SUGGESTERS
from annotator.ui.plain import plain_label
from annotator.ui.tasks import Task

ENTITIES_MODULE = "annotator.core.suggest.entities"  # the spaCy suggester's
SAMPLE = "Secretary of State John Kerry met Sergei Lavrov of Russia in Geneva on Friday."

SUGGESTERS_KEY = "suggest/suggesters"
MODEL_KEY = "suggest/model"

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


def try_pipeline(model: str) -> str:
    """Load the spaCy pipeline `model` as the spaCy suggester does and say what it finds
    in a sample sentence, or why it cannot (slow: spaCy loads; run it in a worker)."""
    from annotator.core.suggest.entities import entity_finder  # spaCy: only when asked

    try:
        finder = entity_finder(model)
    except (AnnotatorError, ImportError, OSError, ValueError) as error:
        return f"The pipeline {model!r} cannot be used: {error}"
    if finder is None:
        return f"spaCy or the pipeline {model!r} is not installed: the spaCy suggester is idle."
    find = getattr(finder, "find", finder)
    found = [SAMPLE[start:end] for start, end in find(SAMPLE)]
    listed = ", ".join(found) if found else "no entity"
    return f"{model} finds {listed} in “{SAMPLE}”"


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
        self.try_button = QPushButton("Try the pipeline")
        self.try_button.setToolTip(f"Load it and show what it finds in: {SAMPLE}")
        self.try_button.clicked.connect(self.try_model)
        layout.addWidget(self.try_button)
        self.try_result = plain_label("")  # names a pipeline and what it found
        self.try_result.setWordWrap(True)
        layout.addWidget(self.try_result)
        self.task: Task | None = None
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

    def try_model(self) -> Task | None:
        """Load the named pipeline in a worker and say what it finds (spaCy takes seconds
        to load: the dialog stays usable)."""
        model = self.model_edit.text().strip()
        if not model:
            self.try_result.setText("Name an installed spaCy pipeline first.")
            return None
        self.try_button.setEnabled(False)
        self.try_result.setText(f"Loading {model}…")
        self.task = Task(
            self,
            "Loading the spaCy pipeline",
            lambda progress: try_pipeline(model),
            self._on_tried,
            on_failure=lambda error: self._on_tried(str(error)),
            quiet=True,
        )
        return self.task

    def _on_tried(self, message: str) -> None:
        self.try_button.setEnabled(True)
        self.try_result.setText(message)
        self.task = None

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.abort()
            self.task = None
        super().done(result)

    def chosen(self) -> tuple[str, ...]:
        return tuple(name for name in SUGGESTERS if self.boxes[name].isChecked())

    def accept(self) -> None:
        save(self.settings, self.chosen(), self.model_edit.text().strip() or None)
        super().accept()
