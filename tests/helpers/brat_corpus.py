"""A brat attribution corpus in the shape of PARC 3.0's brat release: one folder per
annotator, each with ID.txt and ID.ann; an attribution is an event whose trigger is an
`Attribution` span and whose roles are its Source, Cue and Content (a content split around
its cue is one discontinuous T line; a content may be another attribution, `Content:E2`);
`R` lines, notes and an attribute beside them. Texts with emoji, CRLF, RTL and CJK.

`write_corpus(folder)` writes it; `ann_content(path)` reads an .ann file as what its lines
say, ids aside, so that an export that renumbers ids compares equal.
"""

from __future__ import annotations

from pathlib import Path

PARTY = (
    "“We are not a party,” he said, “but a movement.” 😀\r\n"
    "Kerry told reporters that the talks would resume, Lavrov said.\r\n"
)
CAIRO = "قال كيري إن المحادثات ستستأنف. 克里说：“会谈将恢复。” Lavrov agreed.\n"

CONF = """[entities]
Source
Cue
Content

[relations]
Coref\tArg1:Source, Arg2:Source

[events]
Attribution\tSource?:Source, Cue:Cue, Content+:Content|Attribution

[attributes]
Nested\tArg:Attribution
"""


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """[start, end) of the `nth` occurrence of `word` in `text` (code points)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def t_line(t_id: str, label: str, text: str, *pieces: tuple[int, int]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    shown = " ".join(text[s:e] for s, e in pieces).replace("\r", " ").replace("\n", " ")
    return f"{t_id}\t{label} {offsets}\t{shown}"


def _party_alice() -> list[str]:
    t = PARTY
    content = (at(t, "We are not a party,")[0], at(t, "party,")[1])
    rest = at(t, "but a movement.")
    told = at(t, "told")
    return [
        t_line("T1", "Source", t, at(t, "he")),
        t_line("T2", "Cue", t, at(t, "said")),
        t_line("T3", "Content", t, content, rest),
        t_line("T4", "Attribution", t, at(t, "said")),
        t_line("T5", "Source", t, at(t, "Kerry")),
        t_line("T6", "Cue", t, told),
        t_line("T7", "Content", t, at(t, "the talks would resume")),
        t_line("T8", "Attribution", t, told),
        t_line("T9", "Source", t, at(t, "Lavrov")),
        t_line("T10", "Cue", t, at(t, "said", 1)),
        t_line("T11", "Attribution", t, at(t, "said", 1)),
        # The nested attribution is named before it is defined, as brat allows.
        "E3\tAttribution:T11 Source:T9 Cue:T10 Content:E2",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        "R1\tCoref Arg1:T1 Arg2:T5",
        "A1\tNested E3",
        "#1\tAnnotatorNotes T3\tsplit around the cue \\t “he said”",
        "#2\tAnnotatorNotes E2\tattribution reported by Lavrov",
    ]


def _party_bob() -> list[str]:
    t = PARTY
    return [
        t_line("T1", "Source", t, at(t, "he")),
        t_line("T2", "Cue", t, at(t, "said")),
        t_line("T3", "Content", t, at(t, "We are not a party,")),
        t_line("T4", "Content", t, at(t, "but a movement.")),
        t_line("T5", "Attribution", t, at(t, "said")),
        t_line("T6", "Source", t, at(t, "Kerry")),
        t_line("T7", "Cue", t, at(t, "told")),
        t_line("T8", "Content", t, at(t, "the talks would resume")),
        t_line("T9", "Attribution", t, at(t, "told")),
        "E1\tAttribution:T5 Source:T1 Cue:T2 Content:T3 Content2:T4",
        "E2\tAttribution:T9 Source:T6 Cue:T7 Content:T8",
    ]


def _cairo(annotator: str) -> list[str]:
    t = CAIRO
    lines = [
        t_line("T1", "Cue", t, at(t, "قال")),
        t_line("T2", "Source", t, at(t, "كيري")),
        t_line("T3", "Content", t, at(t, "المحادثات ستستأنف")),
        t_line("T4", "Attribution", t, at(t, "قال")),
        t_line("T5", "Source", t, at(t, "克里")),
        t_line("T6", "Cue", t, at(t, "说")),
        t_line("T7", "Content", t, at(t, "会谈"), at(t, "恢复")),
        t_line("T8", "Attribution", t, at(t, "说")),
        "E1\tAttribution:T4 Cue:T1 Source:T2 Content:T3",
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    ]
    if annotator == "carol":  # an attribution with no content marked yet, and one bare
        lines += [
            t_line("T9", "Source", t, at(t, "Lavrov")),
            t_line("T10", "Attribution", t, at(t, "agreed")),
            t_line("T11", "Attribution", t, at(t, "Lavrov")),
            "E3\tAttribution:T10 Source:T9",
            "E4\tAttribution:T11",
        ]
    return lines


# annotator -> document name -> .ann lines
LAYERS: dict[str, dict[str, list[str]]] = {
    "alice": {"party": _party_alice(), "cairo": _cairo("alice")},
    "bob": {"party": _party_bob()},
    "carol": {"cairo": _cairo("carol")},
}
TEXTS = {"party": PARTY, "cairo": CAIRO}


def write_corpus(folder: Path) -> Path:
    """The corpus under `folder` (made): annotation.conf, ANNOTATOR/NAME.txt and .ann."""
    folder.mkdir(parents=True)
    (folder / "annotation.conf").write_text(CONF, encoding="utf-8")
    for annotator, documents in LAYERS.items():
        (folder / annotator).mkdir()
        for name, lines in documents.items():
            with open(folder / annotator / f"{name}.txt", "w", encoding="utf-8", newline="") as out:
                out.write(TEXTS[name])
            with open(folder / annotator / f"{name}.ann", "w", encoding="utf-8", newline="") as out:
                out.write("".join(line + "\n" for line in lines))
    return folder


def ann_content(path: Path) -> dict[str, list[object]]:
    """The lines of an .ann file by kind, each as what it says with ids resolved: T lines
    as (label, offsets, text), E lines as their trigger and (role, argument) list, R lines
    as (type, head, tail), notes as (what they annotate, note); attributes as they are."""
    lines = path.read_text(encoding="utf-8").splitlines()
    spans: dict[str, tuple[str, str, str]] = {}
    events: dict[str, list[str]] = {}
    for line in lines:
        fields = line.split("\t")
        if line.startswith("T"):
            label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (label, offsets, fields[2])
        elif line.startswith("E"):
            events[fields[0]] = fields[1].split()

    def ref(item: str) -> object:
        if item in spans:
            return spans[item]
        return ("event", spans[events[item][0].split(":")[1]])

    result: dict[str, list[object]] = {"T": [], "E": [], "R": [], "#": [], "A": []}
    for line in lines:
        fields = line.split("\t")
        kind = line[0]
        if kind == "T":
            result["T"].append(spans[fields[0]])
        elif kind == "E":
            args = [part.split(":") for part in fields[1].split()]
            result["E"].append((ref(args[0][1]), [(role, ref(item)) for role, item in args[1:]]))
        elif kind == "R":
            kind_name, head, tail = fields[1].split()
            result["R"].append((kind_name, ref(head.split(":")[1]), ref(tail.split(":")[1])))
        elif kind == "#":
            result["#"].append((ref(fields[1].split()[1]), fields[2]))
        elif kind == "A":
            result["A"].append(fields[1])
    for values in result.values():
        values.sort(key=repr)
    return result
