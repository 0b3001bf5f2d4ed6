"""core/model.py: what the store process sends the window survives the trip whole."""

from __future__ import annotations

import dataclasses
import pickle

from annotator.core import model
from annotator.core.model import Span


def test_a_span_pickles_with_every_field():
    # Span pickles by a field list of its own (fast): a new field must be in it.
    assert tuple(field.name for field in dataclasses.fields(Span)) == model._SPAN_FIELDS
    span = Span("d", "alice", 1, 9, "QUOTE", "a note", 7, ((1, 3), (5, 9)))
    assert pickle.loads(pickle.dumps(span)) == span
    plain = Span("d", "a", 0, 1, "ACTOR")
    assert pickle.loads(pickle.dumps(plain)) == plain
