"""Document ids and annotator names as file names: never outside the folder, never two
files for one name or one file for two names, and the real names restored on import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.safe_names import (
    MAX_LENGTH,
    SafeNames,
    is_safe,
    read_mapping,
    write_mapping,
)

UNSAFE = [
    "../x",
    "..",
    ".",
    "a/b",
    "a\\b",
    "con",
    "CON",
    "nul.txt",
    "com1",
    "lpt9.ann",
    "",
    " ",
    ".hidden",
    "-rf",
    "trailing.",
    "trailing ",
    "x" * (MAX_LENGTH + 1),
    "tab\there",
    "new\nline",
    "nul\x00byte",
    'a:b*c?"d<e>f|g',
    "x~0123456789",  # looks like a stand-in
]
SAFE = ["doc-1", "Kerry 😀", "克里", "a.b.c", "x" * MAX_LENGTH, "console", "e\u0301"]


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_names_get_stand_ins_inside_the_folder(name: str, tmp_path: Path):
    assert not is_safe(name)
    safe = SafeNames()(name)
    assert is_safe(safe.replace("~", "")) or safe.startswith("_")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert len(safe) <= MAX_LENGTH and not safe.startswith(".")
    path = (tmp_path / f"{safe}.txt").resolve()
    assert path.parent == tmp_path.resolve()
    path.write_text("x", encoding="utf-8")  # the file system takes it


@pytest.mark.parametrize("name", SAFE)
def test_safe_names_stay_as_they_are(name: str):
    assert is_safe(name)
    assert SafeNames()(name) == name


def test_names_that_differ_only_in_case_get_two_files():
    names = SafeNames()
    assert names("Doc") == "Doc"
    other = names("doc")
    assert other != "doc" and other.casefold() != "doc"
    assert names("doc") == other  # the same name every time


def test_mapping_round_trips_every_name(tmp_path: Path):
    names = SafeNames()
    for name in [*UNSAFE, *SAFE, "Doc", "doc"]:
        names(name)
    write_mapping(tmp_path / "ids.tsv", names)
    mapping = read_mapping(tmp_path / "ids.tsv")
    assert mapping == {safe: real for real, safe in names.by_real.items()}
    assert list(mapping.values()) == list(names.by_real)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=8, unique=True))
def test_any_names_map_to_distinct_safe_names(reals: list[str]):
    names = SafeNames()
    safes = [names(real) for real in reals]
    assert len({s.casefold() for s in safes}) == len(reals)
    for safe in safes:
        assert safe and os.sep not in safe and "/" not in safe and safe not in (".", "..")
        assert len(safe) <= MAX_LENGTH
