"""The spaCy suggester: a spaCy pipeline's people, organisations, groups and places as ACTORs.

`entity_finder(model)` loads the pipeline the user installed (a package name such as
`en_core_web_sm`, or the path of a folder written by `nlp.to_disk`) and returns an
`EntityFinder`: called with a text, it gives the code point [start, end) of each entity the
pipeline labels PERSON, ORG, NORP or GPE (and PER, the person label of the pipelines
trained on WikiNER: German, French, Spanish, Italian, ...), in text order. spaCy's character
offsets are indexes into the Python string, code points, like ours.

- Nothing is downloaded, ever: `spacy.load` only reads what is installed. A pipeline that
  is not there, a pipeline with no entity recognizer (no component that sets `doc.ents`,
  such as `ner` or `entity_ruler`), a pipeline that cannot be loaded, and spaCy itself not
  installed are each an AnnotatorError saying what to do.
- spaCy is imported when a finder is made, never when this module is: it takes a second
  or more, and the app and the other suggesters do not need it (`spacy_installed()` asks
  without importing it).
- Long texts are given to spaCy a paragraph at a time (a paragraph over CHUNK_CHARACTERS
  is cut at a line break, a sentence end or a space before that), so a 1 MB document never
  meets spaCy's `max_length` (1,000,000 characters) nor its memory per character; an
  entity never spans paragraphs.
- `optional_entity_finder(model)` gives (None, the reason) instead of the error, for a run
  in which the other suggesters go on without spaCy.
- A loaded pipeline is kept per process (`load_pipeline`), and a finder pickles as its
  model's name, so a pool of processes loads the pipeline once each instead of copying it.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError

# The entity labels suggested as ACTOR: OntoNotes' people, organisations, nationalities,
# religious and political groups, and countries, cities and states; WikiNER's people.
ACTOR_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "PER"})
CHUNK_CHARACTERS = 100_000  # the most spaCy is given at once, in code points

MISSING_SPACY = (
    "the spacy suggester needs spaCy, which is not installed; install the optional extra "
    "with pip install 'annotator[spacy]' and a pipeline with an entity recognizer (the "
    "other suggesters run without it)"
)
HOW_TO_INSTALL = (
    "nothing is downloaded: install a pipeline yourself (for example python -m spacy "
    "download en_core_web_sm, or pip install the pipeline's package file), or give the "
    "path of a pipeline folder"
)

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line, and the white space after
# Where a paragraph too long for one piece is best cut, best first: after a line break,
# after a sentence's end, after any white space.
_CUTS = (re.compile(r"\n"), re.compile(r"[.!?…。！？][\"'”’)\]]*\s"), re.compile(r"\s"))

Range = tuple[int, int]


def spacy_installed() -> bool:
    """Is spaCy installed? (Without importing it.)"""
    return importlib.util.find_spec("spacy") is not None


class EntityFinder:
    """A loaded pipeline's ACTOR entities: `finder(text)` or `finder.find(text)` (see the
    module docstring). Made by `entity_finder(model)`."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._nlp = load_pipeline(model)

    def __reduce__(self) -> tuple[Any, ...]:
        # A process that gets a finder loads the pipeline itself (once: load_pipeline keeps
        # it): cheaper than pickling the pipeline's weights, and always possible.
        return (EntityFinder, (self.model,))

    def __call__(self, text: str) -> list[Range]:
        return self.find(text)

    def find(self, text: str) -> list[Range]:
        """The [start, end) (code points of `text`) of each ACTOR entity, in text order."""
        limit = max(1, min(CHUNK_CHARACTERS, self._nlp.max_length))
        pieces = list(paragraphs(text, limit))
        # The store process may run the open document and a background run at once; a
        # pipeline is one object per process and spaCy does not promise it is thread-safe.
        found: list[Range] = []
        with _lock(self.model):
            docs = self._nlp.pipe(piece for _, piece in pieces)
            for (offset, piece), doc in zip(pieces, docs, strict=True):
                found.extend((offset + start, offset + end) for start, end in _actors(doc, piece))
        return found


def _actors(doc: Any, text: str) -> Iterator[Range]:
    """The ACTOR entities of a Doc of `text`, their white space trimmed."""
    for entity in doc.ents:
        if entity.label_ not in ACTOR_ENTITY_LABELS:
            continue
        start, end = entity.start_char, entity.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def entity_finder(model: str) -> EntityFinder:
    """The finder of the installed spaCy pipeline `model` (a package name or a folder's
    path); AnnotatorError when spaCy or the pipeline is missing, when the pipeline cannot
    be loaded, or when it has no entity recognizer. Never downloads anything."""
    return EntityFinder(model)


def optional_entity_finder(model: str | None) -> tuple[EntityFinder | None, str]:
    """(the finder, "") of `model`, or (None, why not) when spaCy or the pipeline is
    missing or unusable: the other suggesters run without it (the reason is for a notice,
    as `entity_finder`'s error would say)."""
    try:
        return entity_finder(model or ""), ""
    except AnnotatorError as error:
        return None, str(error)


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Any:
    """The spaCy pipeline `model`, loaded once per process (see `entity_finder`)."""
    model = model.strip()
    if not model:
        raise AnnotatorError(f"no spaCy pipeline named; {HOW_TO_INSTALL}")
    try:
        import spacy
    except ImportError:
        raise AnnotatorError(MISSING_SPACY) from None
    try:
        nlp = spacy.load(model)
    except OSError as error:
        if "[E050]" in str(error):  # neither a package nor a folder
            raise AnnotatorError(_not_found(model)) from None
        raise AnnotatorError(_unloadable(model, error)) from None
    except Exception as error:  # a pipeline is the user's input, of any make: never a traceback
        raise AnnotatorError(_unloadable(model, error)) from None
    if not any("doc.ents" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names):
        pipes = ", ".join(
            f"{name} (disabled)" if name in nlp.disabled else name for name in nlp.component_names
        )
        raise AnnotatorError(
            f"the spaCy pipeline {model!r} has no entity recognizer (its pipes: "
            f"{pipes or 'none'}); the spacy suggester needs one, such as ner or entity_ruler"
        )
    return nlp


@cache
def _lock(model: str) -> threading.Lock:
    return threading.Lock()


def _not_found(model: str) -> str:
    if _looks_like_a_path(model):
        return f"there is no spaCy pipeline at {model!r} (no such folder); {HOW_TO_INSTALL}"
    return f"the spaCy pipeline {model!r} is not installed; {HOW_TO_INSTALL}"


def _unloadable(model: str, error: BaseException) -> str:
    reason = " ".join(str(error).split()) or type(error).__name__
    return f"the spaCy pipeline {model!r} cannot be loaded ({reason})"


def _looks_like_a_path(model: str) -> bool:
    return "/" in model or "\\" in model or model.startswith((".", "~")) or Path(model).exists()


def paragraphs(text: str, limit: int = CHUNK_CHARACTERS) -> Iterator[tuple[int, str]]:
    """(offset, piece) for each paragraph of `text` that is not only white space, none
    longer than `limit` code points: `text[offset:offset + len(piece)] == piece`."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _pieces(text, start, match.start(), limit)
        start = match.end()
    yield from _pieces(text, start, len(text), limit)


def _pieces(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, str]]:
    """[start, end) of `text` in pieces of at most `limit`, cut where _CUTS say."""
    while end - start > limit:
        cut = start + limit  # no better place: a hard cut
        for pattern in _CUTS:
            end_of_last = None
            for match in pattern.finditer(text, start + limit // 2, start + limit):
                end_of_last = match.end()
            if end_of_last is not None:
                cut = end_of_last
                break
        if text[start:cut].strip():
            yield start, text[start:cut]
        start = cut
    if text[start:end].strip():
        yield start, text[start:end]
