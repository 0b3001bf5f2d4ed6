"""`annotator search`: hits in context from the real command line."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from tests.helpers.projects import make_project


def test_search_prints_one_line_a_hit_and_a_summary(tmp_path, capsys):
    path = tmp_path / "p.db"
    make_project(path, {"d1": "Kerry met 😀 Lavrov.\nKERRY left.", "d2": "No one."}).close()
    assert main(["search", str(path), "kerry"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "d1:0-5  Kerry met 😀 Lavrov.  [Kerry] met 😀 Lavrov. KERRY left.",
        "d1:20-25  Kerry met 😀 Lavrov.  Kerry met 😀 Lavrov. [KERRY] left.",
    ]
    assert err.strip() == "2 hits in 1 document"


def test_search_json_limit_and_exact(tmp_path, capsys):
    path = tmp_path / "p.db"
    make_project(path, {"d1": "Kerry met Lavrov.\nKERRY left.", "d2": "kerry."}).close()
    assert main(["search", str(path), "kerry", "--json", "--limit", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False and result["documents"] == 2
    assert result["hits"] == [
        {
            "document": "d1",
            "title": "Kerry met Lavrov.",
            "start": 0,
            "end": 5,
            "before": "",
            "text": "Kerry",
            "after": " met Lavrov. KERRY left.",
        }
    ]
    assert main(["search", str(path), "KERRY", "--exact", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert [(h["document"], h["start"]) for h in hits] == [("d1", 18)]


def test_bad_queries_and_limits_are_one_line_errors(tmp_path, capsys):
    path = tmp_path / "p.db"
    make_project(path, {"d1": "Kerry."}).close()
    assert main(["search", str(path), '"(*)"']) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: nothing to search for") and "Traceback" not in err
    assert main(["search", str(path), "AND OR NOT"]) == 0  # words, not syntax
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["search", str(path), "kerry", "--limit", "0"])
    assert exited.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err
