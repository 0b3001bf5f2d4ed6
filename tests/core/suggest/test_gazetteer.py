"""Reading gazetteer files: names, aliases, encodings, and every bad input refused cleanly.

The bad files are fixtures in tests/data/bad/gazetteer/ (expected.json gives the line and a
part of the reason each must be refused with); inputs that cannot be checked in (over the
size limit, a device, a folder, a missing file) are made here.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import limits
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.gazetteer import MAX_NAME_LENGTH, read_gazetteer

BAD = Path(__file__).resolve().parents[2] / "data" / "bad" / "gazetteer"
BAD_CASES = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))

GAZETTEER = (
    "# Who is who\n"
    "John Kerry\tKerry\n"
    "Sergei Lavrov\n"
    "\n"
    "   # an indented comment\n"
    "  \t  \n"
    "Sergei Lavrov\tLavrov\n"
    "Ministry  of\u00a0Defence\t  MoD \n"
    "Sergei Lavrov\n"
    "习近平\n"
    "Emmanuel Macron\tEmmanuel Macron\n"
    "Kerry\t\n"
)
ROWS = [
    ("John Kerry", "Kerry"),
    ("Sergei Lavrov", ""),
    ("Sergei Lavrov", "Lavrov"),
    ("Ministry of Defence", "MoD"),
    ("习近平", ""),
    ("Emmanuel Macron", ""),
    ("Kerry", ""),
]


def write(tmp_path: Path, data: bytes, name: str = "names.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_names_and_aliases_in_file_order_each_once(tmp_path):
    """Comments and blank lines skipped, white space collapsed, an alias that is the name
    itself or empty is no alias, a repeated row is kept once."""
    assert read_gazetteer(write(tmp_path, GAZETTEER.encode())) == ROWS


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16-le BOM", "utf-16-be BOM", "crlf", "utf-16 crlf"],
)
def test_encodings_and_line_ends(tmp_path, encode):
    assert read_gazetteer(write(tmp_path, encode(GAZETTEER))) == ROWS


def test_another_encoding_when_told(tmp_path):
    path = write(tmp_path, "François Hollande\tHollande\n".encode("latin-1"))
    assert read_gazetteer(path, "latin-1") == [("François Hollande", "Hollande")]


def test_an_empty_file_and_only_comments_give_no_names(tmp_path):
    assert read_gazetteer(write(tmp_path, b"")) == []
    assert read_gazetteer(write(tmp_path, codecs.BOM_UTF8 + b"# nothing\n\n  \n")) == []


def test_the_last_line_needs_no_line_end(tmp_path):
    assert read_gazetteer(write(tmp_path, b"Kerry\nLavrov")) == [("Kerry", ""), ("Lavrov", "")]


def test_a_name_of_the_longest_length_is_accepted(tmp_path):
    name = "N" * MAX_NAME_LENGTH
    assert read_gazetteer(write(tmp_path, f"{name}\t{name[:-1]}\n".encode())) == [(name, name[:-1])]


def test_names_the_matcher_ignores_are_still_read(tmp_path):
    """A one-letter name is the user's data; the matcher just never looks for it."""
    rows = read_gazetteer(write(tmp_path, b"X\n-\nKerry\n"))
    assert rows == [("X", ""), ("-", ""), ("Kerry", "")]
    assert len(ActorMatcher(name for row in rows for name in row if name)) == 1


def test_a_gazetteer_feeds_the_matcher_with_names_and_aliases(tmp_path):
    rows = read_gazetteer(write(tmp_path, GAZETTEER.encode()))
    matcher = ActorMatcher(name for row in rows for name in row if name)
    text = "John Kerry met Lavrov; the MoD and the Ministry of\nDefence said. Kerry's aide"
    assert [text[s:e] for s, e in matcher.find(text)] == [
        "John Kerry",
        "Lavrov",
        "MoD",
        "Ministry of\nDefence",
        "Kerry",
    ]


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_files_name_the_file_and_line(name):
    line, reason = BAD_CASES[name]
    path = BAD / name
    with pytest.raises(InputError) as caught:
        read_gazetteer(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == line
    assert reason in error.reason
    assert str(error).startswith(f"{path}:{line}: ")


def test_every_bad_fixture_is_listed():
    assert sorted(p.name for p in BAD.iterdir() if p.name != "expected.json") == sorted(BAD_CASES)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1000)
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(40 * 1024 * 1024)  # sparse: 40 MB of NULs, never read whole
    with pytest.raises(InputError) as caught:
        read_gazetteer(path)
    assert str(caught.value) == (
        f"{path}: the file is larger than 1000 bytes, the limit for a gazetteer "
        "(is this the right file?)"
    )
    path.write_bytes(b"Kerry\n" * 166)  # 996 bytes: under the limit
    assert read_gazetteer(path) == [("Kerry", "")]


def test_the_real_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(limits.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(InputError, match="larger than 4 MB, the limit for a gazetteer"):
        read_gazetteer(path)


def test_a_device_that_never_ends_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 4096)
    with pytest.raises(InputError, match="larger than 4096 bytes"):
        read_gazetteer(Path("/dev/zero"))


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(InputError) as caught:
        read_gazetteer(tmp_path / "missing.txt")
    assert (
        str(caught.value)
        == f"{tmp_path / 'missing.txt'}: cannot be read (No such file or directory)"
    )
    with pytest.raises(InputError, match=r": cannot be read \(Is a directory\)"):
        read_gazetteer(tmp_path)


def test_an_unknown_encoding(tmp_path):
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_gazetteer(write(tmp_path, b"Kerry\n"), "klingon")


def test_the_error_survives_the_store_process():
    """The app reads a gazetteer in the store process; its error crosses to the window."""
    import pickle

    with pytest.raises(InputError) as caught:
        read_gazetteer(BAD / "two_tabs.txt")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, AnnotatorError)
    assert str(copy) == str(caught.value)


# -- any text --------------------------------------------------------------------------------

name_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="#"), max_size=30
)


@given(st.lists(st.tuples(name_text, name_text), max_size=20))
@settings(max_examples=200, deadline=None)
def test_any_rows_written_are_read_back(tmp_path_factory, rows):
    """Whatever the names (any character but a control one), what is read is each row with
    its white space collapsed, the blank ones skipped, or a clean InputError for a long
    name: never a traceback."""
    path = tmp_path_factory.mktemp("gazetteer") / "names.txt"
    path.write_text(
        "".join(f"{name}\t{alias}\n" if alias else f"{name}\n" for name, alias in rows),
        encoding="utf-8",
    )
    expected, seen = [], set()
    for name, alias in rows:
        name, alias = " ".join(name.split()), " ".join(alias.split())
        if not name:
            if alias:  # "\talias": an empty name
                with pytest.raises(InputError, match="the name before the tab is empty"):
                    read_gazetteer(path)
                return
            continue
        row = (name, "" if alias == name else alias)
        if row not in seen:
            seen.add(row)
            expected.append(row)
    assert read_gazetteer(path) == expected
