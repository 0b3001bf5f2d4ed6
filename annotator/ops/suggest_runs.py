"""A run of the suggesters over many documents (the whole project by default), with
progress and Cancel: what `annotator suggest` and the app's "Suggest whole project" do.

Documents are suggested in batches of `BATCH`, each stored in one transaction, in document
order. A large run computes the batches in worker processes (`spawn`ed: never forked from
a process that may hold SQLite connections or Qt), each of which builds the known-actors
automaton and the spaCy pipeline once from what it is sent (the names, the model's name);
the calling process alone reads texts and writes to the store. A small run (the open
document, a few hundred articles) stays in the calling process: starting workers would
cost more than it saves.

Cancel (the progress callback returning False) stops after the batch in hand and ends the
workers at once; what was stored stays (it is nobody's layer, so a half-done run loses
nothing). The result says how far it got.

Suggestions of a label the project lacks are left out and counted (`SuggestRun.skipped`):
accepting one could only fail. So is a quote's speaker when the project has no ACTOR.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion
from annotator.core.suggest import ACTOR, DEFAULT_SUGGESTERS, SUGGESTERS, unknown_suggester
from annotator.core.suggest.pipeline import Range, SuggestConfig, suggest_text
from annotator.ops.changes import Changes
from annotator.ops.suggestions import config_of, fitting, known_names

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore

BATCH = 50  # documents per transaction, and per task of a worker
# A run over at most this many code points of text stays in the calling process: about a
# second's work, against the half second that starting the workers costs.
IN_PROCESS_CHARS = 1_000_000
# Batches handed to the workers ahead of the one being stored, per worker: enough to keep
# them busy while the store writes, few enough to keep memory flat.
AHEAD = 2

EntityFinder = Callable[[str], Sequence[Range]]


@dataclass(frozen=True)
class SuggestRun:
    documents: int  # documents suggested
    suggestions: int  # suggestions they now hold
    cancelled: bool
    changes: Changes  # `Changes.suggestions`: the documents whose suggestions were replaced
    by_label: dict[str, int] = field(default_factory=dict)  # suggestions stored, per label
    # Suggestions left out because the project lacks their label, per label (without
    # ACTOR, quotes are stored without their speakers too).
    skipped: dict[str, int] = field(default_factory=dict)
    workers: int = 1  # processes that computed the suggestions (1: the calling process)
    # Why the spacy suggester was left out (`spacy_optional`), or "".
    notice: str = ""


def suggest_project(
    project: ProjectStore,
    document_ids: Sequence[str] | None = None,
    suggesters: Sequence[str] = DEFAULT_SUGGESTERS,
    model: str | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
    workers: int | None = None,
    spacy_optional: bool = False,
) -> SuggestRun:
    """Suggest `document_ids` (default: every document, in the project's order) with
    `suggesters`; `model` names the spaCy pipeline of the `spacy` suggester (a package
    name or a folder). `progress(done, total)` is called after each stored batch; False
    (not None) cancels. `workers`: processes computing suggestions (None: one per core for a large
    run, the calling process for a small one; 1: the calling process).

    AnnotatorError, and nothing written, for an unknown suggester or document id, `spacy`
    without a model, or a model spaCy cannot load; with `spacy_optional` (the app's runs,
    whose settings may name a pipeline removed since), those two leave the spacy suggester
    out instead, and the run's `notice` says why."""
    suggesters = tuple(dict.fromkeys(suggesters))
    problem = unknown_suggester(suggesters)
    if problem:
        raise AnnotatorError(problem)
    if not suggesters:
        raise AnnotatorError(f"no suggester chosen (the suggesters are {', '.join(SUGGESTERS)})")
    lengths = {document_id: length for document_id, _, length in project.document_lengths()}
    if document_ids is None:
        document_ids = list(lengths)
    else:
        document_ids = list(dict.fromkeys(document_ids))
        missing = [document_id for document_id in document_ids if document_id not in lengths]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise AnnotatorError(f"no document with id {missing[0]!r}{more}; nothing was suggested")
    entities, notice = None, ""
    if "spacy" in suggesters:
        try:
            entities = _entity_finder(model)
        except AnnotatorError as error:
            if not spacy_optional or suggesters == ("spacy",):
                raise
            suggesters = tuple(name for name in suggesters if name != "spacy")
            notice = f"without spaCy: {error}"
    labels = {label.name for label in project.labels()}
    names = known_names(project) if "actors" in suggesters and ACTOR in labels else []
    total = len(document_ids)
    chars = sum(lengths[document_id] for document_id in document_ids)
    if workers is None:
        workers = _cores() if chars > IN_PROCESS_CHARS else 1
    workers = max(1, min(workers, -(-total // BATCH)))

    run = _Run(project, labels, progress, total)
    batches = [document_ids[first : first + BATCH] for first in range(0, total, BATCH)]
    if workers == 1:
        config = config_of(suggesters, names, entities)
        for batch in batches:
            texts = [(document_id, project.document(document_id).text) for document_id in batch]
            if not run.store(batch, [suggest_text(d, text, config) for d, text in texts]):
                break
    else:
        del entities  # loaded to check the model; each worker loads its own
        _in_workers(run, batches, workers, (suggesters, names, model))
    return replace(run.result(), workers=workers, notice=notice)


class _Run:
    """What the calling process does with each computed batch: keep what the project can
    hold, store it in one transaction, count, and ask `progress` whether to go on."""

    def __init__(
        self,
        project: ProjectStore,
        labels: set[str],
        progress: Callable[[int, int], bool | None] | None,
        total: int,
    ) -> None:
        self.project = project
        self.labels = labels
        self.progress = progress
        self.total = total
        self.done: list[str] = []
        self.stored = 0
        self.by_label: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.cancelled = False

    def store(self, batch: Sequence[str], found: Sequence[Sequence[Suggestion]]) -> bool:
        """Store one batch; False when the run is to stop (cancelled)."""
        # A batch stored is a batch counted and reported: Ctrl+C between the commit and the
        # count would make `annotator suggest` name fewer documents than it kept.
        with _interrupt_after():
            with self.project.transaction():
                for document_id, suggestions in zip(batch, found, strict=True):
                    kept = list(fitting(suggestions, self.labels, self.skipped))
                    self.stored += self.project.store_suggestions(document_id, kept)
                    self.by_label.update(suggestion.label for suggestion in kept)
            self.done.extend(batch)
            going_on = self.progress is None or self.progress(len(self.done), self.total)
        if going_on is False:
            self.cancelled = len(self.done) < self.total
            return not self.cancelled
        return True

    def result(self) -> SuggestRun:
        return SuggestRun(
            len(self.done),
            self.stored,
            self.cancelled,
            Changes(suggestions=tuple(self.done)),
            dict(sorted(self.by_label.items())),
            dict(sorted(self.skipped.items())),
        )


def _in_workers(
    run: _Run,
    batches: list[list[str]],
    workers: int,
    setup: tuple[tuple[str, ...], list[str], str | None],
) -> None:
    """Compute the batches in `workers` worker processes; store them here, in order."""
    from annotator.ops.suggest_workers import Workers  # only a large run needs them

    # Leaving the `with` ends the workers at once: Cancel, an error or Ctrl+C leaves no
    # process computing.
    with Workers(workers, setup) as pool:
        ahead = iter(batches)
        pending: deque[list[str]] = deque()

        def hand_out() -> None:
            batch = next(ahead, None)
            if batch is not None:
                pool.send([(d, run.project.document(d).text) for d in batch])
                pending.append(batch)

        for _ in range(workers * AHEAD):
            hand_out()
        while pending:
            batch = pending.popleft()
            found = pool.receive()
            hand_out()
            if not run.store(batch, found):
                return


def worker_config(
    suggesters: tuple[str, ...], names: list[str], model: str | None
) -> SuggestConfig:
    """A worker process's configuration, built once from what the run sends it."""
    entities = _entity_finder(model) if "spacy" in suggesters else None
    return config_of(suggesters, names, entities)


# -- shared ----------------------------------------------------------------------------------


def _entity_finder(model: str | None) -> EntityFinder:
    """The spaCy suggester's finder for `model` (`core.suggest.entities`, which imports
    spaCy: only when the suggester runs)."""
    if not model:
        raise AnnotatorError(
            "the spacy suggester needs an installed spaCy pipeline: name it (--model NAME, "
            "or the app's suggestion settings)"
        )
    from annotator.core.suggest.entities import entity_finder  # imports spaCy

    return entity_finder(model)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl+C (SIGINT) during the block is raised once the block is done. Only in the main
    thread, where Python handles signals; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
