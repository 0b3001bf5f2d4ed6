"""Suggestion operations: run the suggesters over documents, and accept or reject what they
proposed. Each takes the project first (the app runs it in the store process), is one
transaction, and returns the `Changes` it made.

Accepting a suggestion puts a span into the annotator's layer; accepting a QUOTE that came
with a speaker also puts the speaker's ACTOR span there (or uses the layer's ACTOR span
over the speaker, one with the same bounds or else the one overlapping it most) and
links the two with the project's `source` relation type. Accepting and rejecting are
recorded per annotator (which suggester, which decision: `annotator stats` counts them) and
undone like any other change: `ops.spans.apply(project, changes.inverse())`. A run of the
suggesters is not undone: it changes nobody's layer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotator.core.model import Fragments, Relation, Span, Suggestion
from annotator.core.span_index import SpanIndex
from annotator.core.suggest import ACTOR, QUOTE, source_type
from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.pipeline import Range, SuggestConfig
from annotator.core.suggest.shown import shown
from annotator.ops.changes import Changes, Decision, StatusChange

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def known_names(project: ProjectStore) -> list[str]:
    """Every name the known-actors suggester looks for: the text of every ACTOR span in
    every layer, and every gazetteer name and alias."""
    names = set(project.span_texts(ACTOR))
    for name, alias in project.gazetteer():
        names.add(name)
        if alias:
            names.add(alias)
    return sorted(names)


def config_of(
    suggesters: Sequence[str],
    names: Sequence[str],
    entities: Callable[[str], Sequence[Range]] | None = None,
) -> SuggestConfig:
    """A run of `suggesters` with the known-actors automaton of `names` (built only when
    `actors` runs) and a spaCy entity finder."""
    actors = ActorMatcher(names) if "actors" in suggesters else None
    return SuggestConfig(tuple(suggesters), actors, entities)


def suggest_config(
    project: ProjectStore,
    suggesters: Sequence[str],
    entities: Callable[[str], Sequence[Range]] | None = None,
) -> SuggestConfig:
    """The configuration of a run of `suggesters` over this project: its known names."""
    names = known_names(project) if "actors" in suggesters else []
    return config_of(suggesters, names, entities)


def fitting(
    suggestions: Iterable[Suggestion], labels: Collection[str], skipped: Counter[str] | None = None
) -> Iterator[Suggestion]:
    """The suggestions a project with `labels` can take: none of a label it lacks, and no
    speaker for a quote when it has no ACTOR (accepting them could only fail). The
    suggestions left out are counted in `skipped` by label."""
    for suggestion in suggestions:
        if suggestion.label not in labels:
            if skipped is not None:
                skipped[suggestion.label] += 1
            continue
        if suggestion.speaker is not None and ACTOR not in labels:
            suggestion = replace(suggestion, speaker=None)  # its ACTOR is counted itself
        yield suggestion


def shown_suggestions(project: ProjectStore, document_id: str, annotator: str) -> list[Suggestion]:
    """The document's suggestions `annotator` sees (`core.suggest.shown`), in text order."""
    return shown(
        project.suggestions(document_id),
        project.suggestion_decisions(document_id, annotator),
        project.spans(document_id, annotator),
    )


def accept_suggestion(project: ProjectStore, suggestion_id: int, annotator: str) -> Changes:
    """Put the suggestion into `annotator`'s layer (with its speaker and `source` relation
    for a quote that has one) and record it accepted."""
    with project.transaction():
        return _accept(project, [project.suggestion(suggestion_id)], annotator)


def accept_label(project: ProjectStore, document_id: str, annotator: str, label: str) -> Changes:
    """Accept every suggestion of `label` that `annotator` sees in the document, as one
    change."""
    with project.transaction():
        read = _Read(
            annotator,
            project.suggestions(document_id),
            project.suggestion_decisions(document_id, annotator),
            project.spans(document_id, annotator),
        )
        shown_now = shown(read.suggestions, read.decided, read.layer)
        wanted = [s for s in shown_now if s.label == label]
        return _accept(project, wanted, annotator, read)


def reject_suggestion(project: ProjectStore, suggestion_id: int, annotator: str) -> Changes:
    """Record the suggestion rejected by `annotator`: it is no longer shown to them."""
    with project.transaction():
        suggestion = project.suggestion(suggestion_id)
        annotator = project.ensure_annotator(annotator)
        decided = project.suggestion_decisions(suggestion.document_id, annotator)
        return Changes(decisions=_decide(project, suggestion, annotator, "rejected", decided))


def _decide(
    project: ProjectStore,
    suggestion: Suggestion,
    annotator: str,
    decision: str,
    decided: dict[int, str],
) -> tuple[Decision, ...]:
    """Record `decision`; `decided` is the annotator's decisions in the document, read
    once by the operation and kept up to date here."""
    assert suggestion.id is not None
    old = decided.get(suggestion.id)
    if old == decision:
        return ()
    project.decide_suggestion(suggestion.id, annotator, decision)
    decided[suggestion.id] = decision
    return ((suggestion.id, suggestion.document_id, annotator, old, decision),)


# Accepting more suggestions than this at once reads the whole layer instead of the spans
# near each.
_READ_LAYER_FROM = 20


@dataclass
class _Read:
    """What an operation read of a document already, for `_accept` (as `annotator`)."""

    annotator: str
    suggestions: list[Suggestion]
    decided: dict[int, str]
    layer: list[Span]


def _accept(
    project: ProjectStore,
    suggestions: Sequence[Suggestion],
    annotator: str,
    read: _Read | None = None,
) -> Changes:
    if not suggestions:
        return Changes()
    annotator = project.ensure_annotator(annotator)
    if read is not None and read.annotator != annotator:  # read under another name
        read = None
    document_id = suggestions[0].document_id
    before = project.status(document_id, annotator)
    decided = project.suggestion_decisions(document_id, annotator) if read is None else read.decided
    # The layer's spans where they matter: one accepted suggestion reads those over its
    # quote and speaker (a 1 MB article's 20,000 spans take 50 ms to read), many the layer.
    held: dict[tuple[int, int, str], Span] = {}
    if read is not None:
        nearby = read.layer
    elif len(suggestions) > _READ_LAYER_FROM:
        nearby = project.spans(document_id, annotator)
    else:
        ranges = [(s.start, s.end) for s in suggestions]
        ranges += [s.speaker for s in suggestions if s.speaker is not None]
        nearby = [span for at in ranges for span in project.spans_over(document_id, annotator, *at)]
    held.update(((s.start, s.end, s.label), s) for s in nearby)
    # The layer's ACTOR spans by position, for each quote's speaker (`_actor_over`).
    actors = SpanIndex((key, key[0], key[1]) for key in held if key[2] == ACTOR)
    suggested: dict[tuple[int, int, str], Suggestion] | None = None  # read when needed
    if read is not None:
        suggested = {(s.start, s.end, s.label): s for s in read.suggestions}
    source = source_type(project.relation_types())
    linked = {
        (r.head_span_id, r.tail_span_id, r.label) for r in project.relations(document_id, annotator)
    }
    added: list[Span] = []
    relations: list[Relation] = []
    decisions: list[Decision] = []

    def span_at(start: int, end: int, label: str, fragments: Fragments = ()) -> Span:
        key = (start, end, label)
        if key not in held:
            held[key] = project.add_span(
                Span(document_id, annotator, start, end, label, fragments=fragments)
            )
            added.append(held[key])
            if label == ACTOR:
                actors.add(key, start, end)
        return held[key]

    for suggestion in suggestions:
        span = span_at(suggestion.start, suggestion.end, suggestion.label, suggestion.fragments)
        decisions.extend(_decide(project, suggestion, annotator, "accepted", decided))
        if suggestion.label != QUOTE or suggestion.speaker is None:
            continue
        speaker = _actor_over(held, actors, *suggestion.speaker)
        if speaker is None:  # the layer has no ACTOR there: the suggested one comes along
            speaker = span_at(*suggestion.speaker, ACTOR)
            if suggested is None:
                suggested = {(s.start, s.end, s.label): s for s in project.suggestions(document_id)}
            partner = suggested.get((*suggestion.speaker, ACTOR))
            if partner is not None:
                decisions.extend(_decide(project, partner, annotator, "accepted", decided))
        if source is not None:
            assert span.id is not None and speaker.id is not None
            link = (span.id, speaker.id, source.name)
            if link not in linked:
                linked.add(link)
                relations.append(
                    project.add_relation(
                        Relation(document_id, annotator, span.id, speaker.id, source.name)
                    )
                )
    after = project.status(document_id, annotator)
    statuses: tuple[StatusChange, ...] = (
        ((document_id, annotator, before, after),) if before != after else ()
    )
    return Changes(
        spans_added=tuple(added),
        relations_added=tuple(relations),
        statuses=statuses,
        decisions=tuple(decisions),
    )


def _actor_over(
    held: dict[tuple[int, int, str], Span],
    actors: SpanIndex[tuple[int, int, str]],
    start: int,
    end: int,
) -> Span | None:
    """The layer's ACTOR span for a speaker at [start, end): one with those very bounds,
    else the one overlapping it most (the annotator tagged `Kerry`, the suggester found
    `John Kerry`: the quote is linked to their span, and no second ACTOR is made).
    `actors`: the keys of `held`'s ACTOR spans, by position."""
    exact = held.get((start, end, ACTOR))
    if exact is not None:
        return exact
    overlapping = [held[key] for key in actors.overlapping(start, end)]
    return max(
        overlapping,
        key=lambda span: (min(end, span.end) - max(start, span.start), -span.start, -span.end),
        default=None,
    )
