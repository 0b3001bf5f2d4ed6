"""annotator/core/formats/folders.py on its own: what `walk` lists, and where `read_text`
draws the line. The refusals are tested through the importer in
tests/store/test_formats_brat_conll_bad.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.formats.folders import read_text, walk


def test_walk_lists_every_file_under_the_folder_sorted(tmp_path: Path) -> None:
    for relative in ("b.ann", "a/z.txt", "a/b/c.ann", ".hidden"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link.txt").symlink_to("b.ann")
    (tmp_path / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    found = walk(tmp_path)
    names = [p.relative_to(tmp_path).as_posix() for p in found.files]
    assert names == [".hidden", "a/b/c.ann", "a/z.txt", "b.ann", "link.txt"]
    assert found.linked_folders == [tmp_path / "up"]


def test_read_text_reads_up_to_the_limit_and_not_a_byte_more(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"x" * (2 * 1024 * 1024 - 3))
    assert read_text(path, "utf-8") == "x" * (2 * 1024 * 1024 - 3)
    assert read_text(path, "utf-8", strip_bom=False)[0] == "\ufeff"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(InputError) as caught:
        read_text(path, "utf-8")
    assert str(caught.value) == (
        f"{path}: the file is larger than 2 MB, the limit for one document (is this the right "
        "file?)"
    )


def test_read_text_names_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.ann"
    path.write_bytes(b"T1\tACTOR 0 1\tx\nT2\tACTOR 0 1\t\xff\n")
    with pytest.raises(InputError) as caught:
        read_text(path, "utf-8")
    assert (caught.value.line, caught.value.reason[:33]) == (2, "not valid utf-8: byte 0xff at byt")


def test_read_text_of_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot be read \(No such file or directory\)"):
        read_text(tmp_path / "gone.txt", "utf-8")
