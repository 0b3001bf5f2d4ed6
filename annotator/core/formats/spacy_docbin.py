"""spaCy's binary training format: a `.spacy` DocBin, one `Doc` per document layer (write
only; needs the optional extra: `pip install 'annotator[spacy]'`).

Each Doc's tokens are `tokens.tokenize` (spaCy's English tokenizer) cut at every span
boundary, so `doc.text` is the document text exactly and every span is whole tokens.
`doc.spans["sc"]` holds all spans (overlaps kept); `doc.ents` the outermost ones that do not
overlap (longest, then earliest, as spaCy's `filter_spans`), the others counted in the report.
`doc.user_data` holds `id`, `annotator`, `title`, `meta` and `notes` (`[start, end, label,
note]` for each span that has a note: spaCy's spans have no place for one), `relations`
(`[head, tail, label]`, `head` and `tail` indexes into `doc.spans["sc"]`) and `fragments`
(`[index, [[start, end], ...]]` for each discontinuous span: spaCy's spans are contiguous, so
`doc.spans` and `doc.ents` hold its outer span, and the report counts them; the tokens are
cut at every fragment boundary too, so `doc.char_span` of each piece is whole tokens).
Offsets are code points, which is what spaCy's character offsets are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.formats.base import (
    ExportDocument,
    Format,
    Report,
    write_bytes_atomically,
)
from annotator.core.formats.conll_writer import outermost
from annotator.core.formats.linking import pieces
from annotator.core.formats.tokens import Tally, split_at, tokenize
from annotator.core.jsonl import SpanRecord
from annotator.core.model import Label

SPAN_KEY = "sc"  # what spaCy's spancat component reads by default
MISSING = (
    "the spacy format needs spaCy, which is not installed; install the optional extra with "
    "pip install 'annotator[spacy]'"
)


def _spacy() -> Any:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise AnnotatorError(MISSING) from None
    return spacy, DocBin


def _span(doc: Any, span: SpanRecord, doc_id: str) -> Any:
    made = doc.char_span(span.start, span.end, span.label, alignment_mode="strict")
    if made is None:  # split_at made every span boundary a token boundary
        raise AssertionError(f"span {span} of {doc_id!r} does not align with its tokens")
    return made


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    spacy, doc_bin_class = _spacy()
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    doc_bin = doc_bin_class(store_user_data=True)
    tally = Tally()
    for document in documents:
        report.documents += 1
        text = document.text
        base = tokenize(text)
        for layer in document.layers:
            report.layers += 1
            report.spans += len(layer.spans)
            where = f"document {document.id!r} ({layer.annotator or 'no annotator'})"
            bounds = [piece for span in layer.spans for piece in pieces(span)]
            tokens, cut = split_at(base, text, (b[0] for b in bounds), (b[1] for b in bounds))
            tally.add("token(s) cut at span boundaries", cut, where)
            doc = Doc(vocab, words=[t.text for t in tokens], spaces=[t.ws for t in tokens])
            if doc.text != text:  # the tokens partition the text; this would be a bug
                raise AssertionError(f"tokens do not rebuild the text of {document.id!r}")
            doc.spans[SPAN_KEY] = [_span(doc, span, document.id) for span in layer.spans]
            kept, dropped = outermost(layer.spans)
            tally.add("overlapping span(s) left out of doc.ents (kept in doc.spans)",
                      dropped, where)  # fmt: skip
            doc.ents = [_span(doc, span, document.id) for span in kept]
            doc.user_data["id"] = document.id
            doc.user_data["annotator"] = layer.annotator
            doc.user_data["title"] = document.title
            doc.user_data["meta"] = document.meta
            # spaCy spans have no notes: [start, end, label, note] for each span that has one
            doc.user_data["notes"] = [list(s[:4]) for s in layer.spans if s.note is not None]
            doc.user_data["relations"] = [[r.head, r.tail, r.label] for r in layer.relations]
            doc.user_data["fragments"] = [
                [index, [list(f) for f in s.fragments]]
                for index, s in enumerate(layer.spans)
                if s.fragments
            ]
            tally.add(
                "discontinuous span(s) written as their outer span (fragments in "
                "doc.user_data['fragments'])",
                len(doc.user_data["fragments"]),
                where,
            )
            doc_bin.add(doc)
    write_bytes_atomically(target, doc_bin.to_bytes())
    report.files += 1
    report.notes.extend(tally.notes())


FORMAT = Format(
    name="spacy",
    description="a spaCy DocBin (.spacy): doc.spans['sc'] all spans, doc.ents the outermost",
    suffixes=(".spacy",),
    write=write,
    carries_relations=True,
)
