"""How the app writes a relation in words, without Qt: the relations list's rows
(`QUOTE “We will talk” → source → ACTOR Kerry`) and the hover text of a span ("said by
Kerry"). Every string here is plain text: the widgets show it as such."""

from __future__ import annotations

from annotator.core.model import Relation, Span
from annotator.ui.layer_model import LayerModel

# (from the head, from the tail): "said by Kerry", "said “We will talk”".
VERBS = {
    "source": ("said by", "said"),
    "claimant": ("claimed by", "claims"),
    "participant": ("with", "takes part in"),
}
SNIPPET = 40
QUOTE_MARKS = "“”„‟\"'‘’‚«»‹›「『"


def snippet(text: str, span: Span, width: int = SNIPPET) -> str:
    """The span's text on one line (fragments joined by " … "), cut to `width`."""
    words = " ".join(span.text_of(text).split())
    return words if len(words) <= width else words[: width - 1] + "…"


def quoted(text: str, span: Span) -> str:
    """An ACTOR as its name (`Kerry`), anything longer in quotes (`“We will talk”`)."""
    words = snippet(text, span)
    if span.label == "ACTOR" or words[:1] in QUOTE_MARKS:
        return words  # a name, or a quote with its own marks
    return f"“{words}”"


def relation_line(layer: LayerModel, relation: Relation) -> str:
    """`QUOTE “We will talk” → source → ACTOR Kerry`."""
    head, tail = layer.span(relation.head_span_id), layer.span(relation.tail_span_id)
    return f"{_end(layer, head)} → {relation.label} → {_end(layer, tail)}"


def _end(layer: LayerModel, span: Span | None) -> str:
    return "(gone)" if span is None else f"{span.label} {quoted(layer.text, span)}"


def hover_lines(layer: LayerModel, span: Span) -> list[str]:
    """What hovering `span` says of its relations: "said by Kerry" on a QUOTE, "said
    “We will talk”" on its speaker; another type names itself ("cue: CUE said")."""
    lines = []
    for relation in layer.relations_of(span.id):
        verbs = VERBS.get(relation.label)
        if relation.head_span_id == span.id:
            other = layer.span(relation.tail_span_id)
            words = quoted(layer.text, other) if other else "(gone)"
            lines.append(f"{verbs[0]} {words}" if verbs else f"{relation.label}: {words}")
        else:
            other = layer.span(relation.head_span_id)
            words = f"{other.label} {quoted(layer.text, other)}" if other else "(gone)"
            if verbs:
                lines.append(f"{verbs[1]} {quoted(layer.text, other) if other else words}")
            else:
                lines.append(f"{relation.label} of {words}")
    return lines
