"""A run of the suggesters over many documents (the whole project by default), with
progress and Cancel: what `annotator suggest` and the app's "Suggest whole project" do.

Documents are suggested in batches, each stored in one transaction: Cancel (the progress
callback returning False) stops after the batch in hand, and what was stored stays (it is
nobody's layer, so a half-done run loses nothing). The result says how far it got.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.suggest import DEFAULT_SUGGESTERS
from annotator.core.suggest.pipeline import suggest_text
from annotator.ops.changes import Changes
from annotator.ops.suggestions import suggest_config

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore

BATCH = 50  # documents per transaction


@dataclass(frozen=True)
class SuggestRun:
    documents: int  # documents suggested
    suggestions: int  # suggestions they now hold
    cancelled: bool
    changes: Changes  # `Changes.suggestions`: the documents whose suggestions were replaced


def suggest_project(
    project: ProjectStore,
    document_ids: Sequence[str] | None = None,
    suggesters: Sequence[str] = DEFAULT_SUGGESTERS,
    model: str | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> SuggestRun:
    """Suggest `document_ids` (default: every document, in the project's order) with
    `suggesters`; `model` names the spaCy pipeline of the `spacy` suggester."""
    if document_ids is None:
        document_ids = [document_id for document_id, _, _ in project.document_lengths()]
    config = suggest_config(project, suggesters)
    total = len(document_ids)
    done = stored = 0
    cancelled = False
    for first in range(0, total, BATCH):
        batch = document_ids[first : first + BATCH]
        with project.transaction():
            for document_id in batch:
                text = project.document(document_id).text
                stored += project.store_suggestions(
                    document_id, suggest_text(document_id, text, config)
                )
        done += len(batch)
        if progress is not None and not progress(done, total):
            cancelled = done < total
            break
    return SuggestRun(done, stored, cancelled, Changes(suggestions=tuple(document_ids[:done])))
