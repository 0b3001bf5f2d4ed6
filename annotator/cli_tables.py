"""How the commands print their reports: `annotator stats` and `annotator agreement` as
plain-text tables, and values made JSON-safe (undefined figures as null)."""

from __future__ import annotations

import math
from typing import Any


def format_stats(stats: dict[str, Any]) -> str:
    """`annotator stats` as a readable table."""
    lines = [
        f"project     {stats['project']}",
        f"documents   {stats['documents']}",
        f"spans       {stats['spans']}",
        "",
        "label         spans",
    ]
    lines += [f"{label:<12}{n:>6}" for label, n in stats["spans_per_label"].items()]
    lines += ["", "annotator             spans    done"]
    for name in stats["annotators"]:
        spans = stats["spans_per_annotator"].get(name, 0)
        done = stats["done_per_annotator"].get(name, 0)
        lines.append(f"{name:<20}{spans:>7}{done:>8}")
    if not stats["annotators"]:
        lines.append("(no annotators yet)")
    lines += format_unattributed(stats.get("unattributed", {}))
    lines += format_suggestions(stats.get("suggestions", []))
    return "\n".join(lines)


def suggestion_rows(counts: list[tuple[str, str, int, int, int]]) -> list[dict[str, Any]]:
    """`project.suggestion_counts()` as `stats`' rows: per suggester and label, the
    decisions accepted and rejected, the suggestions open (nobody decided), and the
    acceptance rate, accepted / (accepted + rejected), None before any decision."""
    rows = []
    for suggester, label, accepted, rejected, still_open in counts:
        decided = accepted + rejected
        rows.append(
            {
                "suggester": suggester,
                "label": label,
                "accepted": accepted,
                "rejected": rejected,
                "open": still_open,
                "acceptance_rate": accepted / decided if decided else None,
            }
        )
    return rows


def format_suggestions(rows: list[dict[str, Any]]) -> list[str]:
    """The acceptance table of `annotator stats`; nothing for a project without
    suggestions."""
    if not rows:
        return []
    table = [["suggester", "label", "accepted", "rejected", "open", "acceptance rate"]]
    for row in rows:
        rate = row["acceptance_rate"]
        table.append(
            [row["suggester"], row["label"]]
            + [str(row[key]) for key in ("accepted", "rejected", "open")]
            + ["-" if rate is None else f"{rate:.3f}"]
        )
    return [
        "",
        "suggestions per suggester and label",
        *_table(table),
        "acceptance rate: accepted / (accepted + rejected); - : nothing decided yet",
    ]


def format_unattributed(unattributed: dict[str, Any], shown: int = 10) -> list[str]:
    """The attribution check's lines of `annotator stats`: per required relation type, how
    many spans each annotator left without it, and the first `shown` of them."""
    lines = []
    for kind, per_annotator in unattributed.items():
        if not per_annotator:
            continue  # no annotators yet: nothing to check
        lines += ["", f"without a {kind:<12}  spans"]
        for name, spans in per_annotator.items():
            lines.append(f"{name:<20}{len(spans):>7}")
            lines += [
                f"  {s['document']}  {s['start']}–{s['end']}  {s['label']}  {s['text']}"
                for s in spans[:shown]
            ]
            if len(spans) > shown:
                lines.append(f"  … and {len(spans) - shown} more (--json lists them all)")
    return lines


def json_safe(value: Any) -> Any:
    """`value` with every NaN float replaced by None (JSON null)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def _number(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def _relation_lines(report: dict[str, Any]) -> list[str]:
    """The relation F1 table of `format_agreement`: per pair, overall and per type."""
    rows = [["a", "b", "relation", "F1 exact", "F1 overlap", "same", "only a", "only b"]]
    for pair in report["pairs"]:
        relations = pair["relations"]
        for name, values in [("(all)", relations), *relations["per_label"].items()]:
            counts = values["exact"]
            rows.append(
                [pair["a"], pair["b"], name]
                + [_number(values[k]) for k in ("f1_exact", "f1_overlap")]
                + [str(counts[k]) for k in ("matched", "only_a", "only_b")]
            )
    return ["", "relations per pair", *_table(rows)]


def format_agreement(report: dict[str, Any]) -> str:
    """`annotator agreement` as readable tables ("-" where a value is undefined)."""
    lines = [
        f"annotators  {', '.join(report['annotators'])}",
        f"labels      {', '.join(report['labels'])}",
        f"documents   {report['documents']} compared (at least two layers), "
        f"{report['documents_all_annotators']} with every annotator",
        "",
        "pairwise: F1 exact / F1 overlap / kappa",
    ]
    lines += _matrix(report)
    lines += ["", "pairs"]
    pair_keys = ("f1_exact", "f1_overlap", "cohen_kappa", "alpha_u")
    header = ["a", "b", "docs", "F1 exact", "F1 overlap", "kappa", "alpha_U"]
    rows: list[list[str]] = [[*header, "same", "only a", "only b"]]
    for pair in report["pairs"]:
        counts = pair["exact"]
        rows.append(
            [pair["a"], pair["b"], str(pair["documents"])]
            + [_number(pair[k]) for k in pair_keys]
            + [str(counts[k]) for k in ("matched", "only_a", "only_b")]
        )
    lines += _table(rows)
    lines += ["", "pairs per label"]
    rows = [["a", "b", "label", "F1 exact", "F1 overlap", "kappa", "alpha_U"]]
    for pair in report["pairs"]:
        for label, values in pair["per_label"].items():
            rows.append([pair["a"], pair["b"], label] + [_number(values[k]) for k in pair_keys])
    lines += _table(rows)
    lines += _relation_lines(report)
    lines += ["", "all annotators"]
    rows = [["label", "Fleiss kappa", "Krippendorff alpha", "alpha_U"]]
    keys = ("fleiss_kappa", "krippendorff_alpha", "alpha_u")
    rows.append(["(all)"] + [_number(report[k]) for k in keys])
    for label, values in report["per_label"].items():
        rows.append([label] + [_number(values[k]) for k in keys])
    lines += _table(rows)
    if "per_document" in report:
        lines += ["", "documents, most disagreements first"]
        rows = [["id", "disagreements", "relation disagreements", "alpha", "alpha_U", "annotators"]]
        ordered = sorted(report["per_document"], key=lambda d: -d["disagreements"])
        for doc in ordered:
            rows.append(
                [
                    doc["id"],
                    str(doc["disagreements"]),
                    str(doc.get("relation_disagreements", 0)),
                    _number(doc["krippendorff_alpha"]),
                    _number(doc["alpha_u"]),
                    ", ".join(doc["annotators"]),
                ]
            )
        lines += _table(rows)
    lines += [
        "",
        "same / only a / only b: spans both marked exactly, spans only a or only b marked",
        "- : undefined (no items, or a single category)",
    ]
    return "\n".join(lines)


def _matrix(report: dict[str, Any]) -> list[str]:
    """The pairs as an upper-triangular matrix, one cell "F1 exact/F1 overlap/kappa"."""
    names = report["annotators"]
    cells = {
        (pair["a"], pair["b"]): "/".join(
            _number(pair[k]) for k in ("f1_exact", "f1_overlap", "cohen_kappa")
        )
        for pair in report["pairs"]
    }
    rows = [["", *names[1:]]]
    for row, a in enumerate(names[:-1]):
        rows.append([a] + [cells[a, b] if col > row else "" for col, b in enumerate(names[1:], 1)])
    return _table(rows)


def _table(rows: list[list[str]]) -> list[str]:
    """Rows as aligned text: the first column left-aligned, numbers right-aligned."""
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.ljust(width) if not _numeric(cell) else cell.rjust(width)
            for cell, width in zip(row, widths, strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


def _numeric(cell: str) -> bool:
    return cell == "-" or cell.lstrip("-").replace(".", "", 1).isdigit()
