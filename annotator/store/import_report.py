"""What an import tells the user: counts, what it added, and what it could not carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_merged: int = 0
    layers: int = 0
    spans_added: int = 0
    spans_already_present: int = 0
    relations_added: int = 0
    relations_already_present: int = 0
    labels_added: list[str] = field(default_factory=list)
    relation_types_added: list[str] = field(default_factory=list)
    relation_types_widened: list[str] = field(default_factory=list)
    skipped_files: list[Path] = field(default_factory=list)
    meta_kept: list[str] = field(default_factory=list)  # meta values that differed
    # What format readers reported (lines they could not carry over, with counts).
    notes: list[str] = field(default_factory=list)
    # `--format auto`: what each path was taken to be, as "PATH: FORMAT".
    guessed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.files} file(s)",
            f"{self.documents_added} new document(s)",
            f"{self.documents_merged} already present (merged)",
            f"{self.layers} annotation layer(s)",
            f"{self.spans_added} span(s) added",
        ]
        if self.spans_already_present:
            parts.append(f"{self.spans_already_present} span(s) already present, kept once")
        if self.relations_added:
            parts.append(f"{self.relations_added} relation(s) added")
        if self.relations_already_present:
            parts.append(f"{self.relations_already_present} relation(s) already present, kept once")
        if self.labels_added:
            parts.append(f"labels added: {', '.join(self.labels_added)}")
        if self.relation_types_added:
            parts.append(f"relation types added: {', '.join(self.relation_types_added)}")
        if self.relation_types_widened:
            parts.append(
                "relation types now allowing the labels the files link: "
                + ", ".join(self.relation_types_widened)
            )
        if self.meta_kept:
            parts.append(
                f"{len(self.meta_kept)} meta value(s) differed from the project's and were "
                f"not changed (first: {self.meta_kept[0]})"
            )
        if self.skipped_files:
            skipped = f"{len(self.skipped_files)} file(s) in folders skipped (not .txt/.jsonl)"
            if any(path.suffix == ".ann" for path in self.skipped_files):
                # Found in a trial: a brat folder imported as text lost its annotations.
                skipped += (
                    "; the .ann files among them look like a brat folder: import it with "
                    "`annotator import PROJECT.db FOLDER --format brat` to keep its spans"
                )
            parts.append(skipped)
        parts.extend(self.notes)
        return "; ".join(parts)
