"""The suggestion benchmarks: their evaluation on hand-made cases, the corpus's build (its
markup errors stop it), the corpus through the real CLI, and both scripts at a tiny size so
that they cannot rot."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
DATA = BENCHMARKS / "data" / "suggest"


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


quality = _module("bench_suggest_quality", BENCHMARKS / "bench_suggest_quality.py")
build = _module("suggest_corpus_build", DATA / "build.py")
Article, Figures, Found, GoldQuote = (
    quality.Article,
    quality.Figures,
    quality.Found,
    quality.GoldQuote,
)


# -- matching and scores -------------------------------------------------------------------


def test_overlap_is_a_shared_character_between_any_two_pieces():
    assert quality.overlaps(((0, 5),), ((4, 9),))
    assert not quality.overlaps(((0, 5),), ((5, 9),))  # touching is not overlapping
    assert quality.overlaps(((0, 3), (10, 14)), ((12, 20),))  # the second fragment
    assert not quality.overlaps(((0, 3), (10, 14)), ((4, 9),))  # in the gap only


def test_matching_is_one_to_one_and_maximum():
    # Two suggestions over one gold quote: one match, the other is a false positive.
    assert quality.match([((0, 10),)], [((0, 4),), ((6, 10),)], quality.overlaps) == {0: 0}
    # Greedy would give gold 0 the first suggestion and leave gold 1 unmatched.
    gold = [((0, 10),), ((8, 12),)]
    found = [((9, 11),), ((0, 2),)]
    assert quality.match(gold, found, quality.overlaps) == {0: 1, 1: 0}
    assert quality.match(gold, [], quality.overlaps) == {}


def test_exact_needs_every_fragment():
    split = ((0, 5), (10, 15))
    assert quality.exact(split, ((0, 5), (10, 15)))
    assert not quality.exact(split, ((0, 15),))
    assert not quality.exact(split, ((0, 5),))


def test_scores_and_undefined_values():
    score = quality.Score(matched=3, found=4, gold=6)
    assert (score.precision, score.recall, score.f1) == (0.75, 0.5, 0.6)
    empty = quality.Score()
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)
    assert quality.Share().value is None
    assert quality.percent(None) == "-" and quality.percent(0.5) == "50.0%"


TEXT = (
    "Secretary of State John Kerry met the press. “We are ready,” Kerry said, “to talk.” "
    "Then he added: “Not today.” “Nobody knows,” a sign read."
)


def _article() -> Article:
    def at(words: str, after: int = 0) -> tuple[int, int]:
        start = TEXT.index(words, after)
        return start, start + len(words)

    first_kerry, cue_kerry = at("John Kerry"), at("Kerry", 40)
    ready, talk, today, nobody = (
        at("We are ready,"),
        at("to talk."),
        at("Not today."),
        at("Nobody knows,"),
    )
    return Article(
        "kerry",
        TEXT,
        (
            GoldQuote((ready, talk), cue_kerry, "kerry"),
            GoldQuote((today,), cue_kerry, "kerry", pronoun=True),
            GoldQuote((nobody,)),
        ),
        (cue_kerry,),
        {"kerry": (first_kerry, cue_kerry)},
    )


def test_evaluation_of_one_article():
    article = _article()
    ready, talk, today, _ = (q for quote in article.quotes for q in quote.pieces)
    first_kerry, cue_kerry = article.entities["kerry"]
    found = [
        Found((ready, talk), cue_kerry),  # exact, speaker exact
        Found((today,), first_kerry),  # right by entity, not by range
        Found(((0, 9),), (0, 9)),  # "Secretary": not a quote, a wrong speaker
    ]
    figures = Figures()
    quality.evaluate(article, found, figures)
    assert (figures.quotes_overlap.matched, figures.quotes_overlap.found) == (2, 3)
    assert figures.quotes_overlap.gold == 3
    assert figures.quotes_exact.matched == 2
    assert (figures.speaker_entity.right, figures.speaker_entity.total) == (2, 2)
    assert (figures.speaker_exact.right, figures.speaker_exact.total) == (1, 2)
    assert (figures.pronoun_entity.right, figures.pronoun_entity.total) == (1, 1)
    # Speaker ACTORs: three distinct ranges suggested, one gold, and it is among them.
    assert (figures.actors_exact.matched, figures.actors_exact.found) == (1, 3)
    assert figures.actors_exact.gold == 1
    assert figures.actors_overlap.matched == 1
    # By where the cue names the speaker, and by language.
    assert [quality.kind(q) for q in article.quotes[:2]] == ["after", "pronoun"]
    assert {k: (s.right, s.total) for k, s in figures.by_kind.items()} == {
        "after": (1, 1),
        "pronoun": (1, 1),
    }
    assert figures.lang_quotes["en"].matched == 2 and figures.lang_speakers["en"].total == 2


def test_a_speaker_named_before_the_quote():
    text = "Kerry said: “We are ready to talk.”"
    quote = GoldQuote(((13, 34),), (0, 5), "kerry")
    assert quality.kind(quote) == "before"
    figures = Figures()
    article = Article("k", text, (quote,), ((0, 5),), {"kerry": ((0, 5),)}, "fr")
    quality.evaluate(article, [Found(((13, 34),), (0, 5))], figures)
    assert figures.by_kind["before"].value == 1.0 and figures.lang_quotes["fr"].f1 == 1.0


def test_a_missed_quote_counts_its_speaker_wrong():
    article = _article()
    figures = Figures()
    quality.evaluate(article, [], figures)
    assert (figures.speaker_entity.right, figures.speaker_entity.total) == (0, 2)
    assert figures.quotes_overlap.recall == 0 and figures.quotes_overlap.precision is None


def test_the_regex_baseline():
    found = quality.baseline(_article())
    texts = [TEXT[s:e] for quote in found for s, e in quote.pieces]
    assert texts == ["We are ready,", "to talk.", "Not today.", "Nobody knows,"]
    assert TEXT[slice(*found[0].speaker)] == "Kerry"
    assert [quote.speaker for quote in found[1:]] == [None, None, None]


def test_known_names_are_the_gold_actor_texts():
    assert quality.known_names([_article()]) == ["Kerry"]


# -- the corpus ------------------------------------------------------------------------------

FILLER = " ".join(["word"] * 260)


def _write(tmp_path: Path, body: str, header: str = "# topic: politics\n# lang: en\n") -> Path:
    path = tmp_path / "01-test.txt"
    path.write_text(f"{header}\nA headline\n\n{body}\n\n{FILLER}\n", encoding="utf-8")
    return path


def test_an_article_builds_into_a_gold_layer(tmp_path):
    path = _write(
        tmp_path,
        "{@kerry|John Kerry} arrived. “{Q1|We are ready,}” {@kerry>Q1,Q2|Kerry} said, "
        "“{Q1|to talk.}” “{Q2|Not today, not tomorrow,}” {~Q2|he} added.\n\n"
        "“{Q3|First paragraph.}\n\n“{Q3|Second paragraph.}”",
    )
    record = build.record(build.parse_article(path))
    text = record["text"]
    assert record["meta"]["title"] == "A headline"
    spans = {span["text"]: span for span in record["spans"]}
    assert list(spans) == [  # in text order: a split quote starts before its cue
        "We are ready, … to talk.",
        "Kerry",
        "Not today, not tomorrow,",
        "First paragraph. … Second paragraph.",
    ]
    assert text[slice(*spans["We are ready, … to talk."]["fragments"][1])] == "to talk."
    kerry = spans["Kerry"]["id"]
    assert record["relations"] == [
        {"head": spans["We are ready, … to talk."]["id"], "tail": kerry, "label": "source"},
        {"head": spans["Not today, not tomorrow,"]["id"], "tail": kerry, "label": "source"},
    ]
    assert [text[s:e] for s, e in record["meta"]["entities"]["kerry"]] == ["John Kerry", "Kerry"]
    assert record["meta"]["pronoun_quotes"] == [spans["Not today, not tomorrow,"]["id"]]
    counts = build.counts([record])
    assert counts["quotes"] == 3 and counts["split"] == 1 and counts["multi-paragraph"] == 1
    assert counts["split mid-sentence"] == 1 and counts["pronoun-attributed"] == 1
    assert counts["unattributed"] == 1


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("“{Q1|Not closed,” Kerry said.", 6, "'{' not closed in its paragraph"),
        ("“Closed twice,}” Kerry said.", 6, "'}' with no '{' before it"),
        ("“{X1|Bad head,}” Kerry said.", 6, "bad markup"),
        ("He said {Q1|not after a mark}.", 6, "Q1 does not follow a quotation mark"),
        ("“{Q1|No closing mark},” he said.", 6, "Q1 is not followed by a closing mark"),
        ("“{Q1| spaced}”", 6, "white space at an end"),
        ("“{Q2|Numbered from two.}”", 1, "number them 1..n"),
        ("“{Q1|A pronoun first.}” {~Q1|he} said, {@k>Q1|Kerry} said.", 6, "comes after it"),
        ("“{Q1|No speaker.}” {~Q1|he} said.", 6, "pronoun cue of Q1: no speaker"),
        ("“{Q1|Two.}” {@a>Q1|Ann} and {@b>Q1|Bob} said.", 6, "Q1 has two speakers"),
        ("“{Q1|One.}” {@a>Q2|Ann} said.", 6, "Q2 is no quote of the article"),
        ("“{Q1|Open {@a|Ann} {Q2|nested.}}”", 6, "a quote inside a quote"),
        ("“{Q1|The last piece ends the paragraph open.}", 6, "ends its paragraph open"),
    ],
)
def test_markup_errors_stop_the_build_at_their_line(tmp_path, body, line, reason):
    path = _write(tmp_path, body)
    with pytest.raises(build.MarkupError) as caught:
        build.parse_article(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert reason in str(caught.value)


def test_bad_headers_and_lengths_stop_the_build(tmp_path):
    with pytest.raises(build.MarkupError, match=r"01-test.txt:1: no '# lang:' header line"):
        build.parse_article(_write(tmp_path, "Body.", header="# topic: x\n"))
    with pytest.raises(build.MarkupError, match=r"lang 'es' is not one of"):
        build.parse_article(_write(tmp_path, "Body.", header="# topic: x\n# lang: es\n"))
    short = tmp_path / "02-short.txt"
    short.write_text("# topic: x\n# lang: en\n\nHeadline\n\nToo short.\n", encoding="utf-8")
    with pytest.raises(build.MarkupError, match=r"02-short.txt:1: 3 words: an article has"):
        build.parse_article(short)


def test_french_cues_may_stand_inside_the_open_marks(tmp_path):
    body = "« {Q1|Nous sommes prêts}, a déclaré {@d>Q1|Dupont}. {Q1|Le reste suivra.} »"
    record = build.record(build.parse_article(_write(tmp_path, body, "# topic: x\n# lang: fr\n")))
    assert [s["text"] for s in record["spans"]] == [
        "Nous sommes prêts … Le reste suivra.",
        "Dupont",
    ]
    with pytest.raises(build.MarkupError, match="not followed by a closing mark"):
        build.parse_article(_write(tmp_path, body))  # not in English


def test_the_committed_corpus_is_current_and_large_enough(capsys):
    assert build.main(["--check"]) == 0
    counts = dict(line.split(": ") for line in capsys.readouterr().out.splitlines())
    assert int(counts["articles"]) >= 40
    articles = quality.load(build.CORPUS)
    assert len(articles) == int(counts["articles"])
    assert sum(len(a.quotes) for a in articles) == int(counts["quotes"])
    for article in articles:
        assert 250 <= len(article.text.split()) <= 700, article.id
        for quote in article.quotes:
            if quote.speaker is not None:
                assert quote.speaker in article.entities[quote.entity or ""], article.id


def test_the_corpus_imports_into_a_project_and_exports_the_same_bytes(tmp_path, capsys):
    project = tmp_path / "corpus.db"
    assert cli(["init", str(project)]) == 0
    assert cli(["import", str(project), str(build.CORPUS)]) == 0
    out = tmp_path / "out.jsonl"
    assert cli(["export", str(project), "-o", str(out)]) == 0
    assert out.read_bytes() == build.CORPUS.read_bytes()


# -- the scripts, at a tiny size -------------------------------------------------------------


def _run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_quality_benchmark_prints_its_tables():
    out = _run(str(BENCHMARKS / "bench_suggest_quality.py"))
    assert "Quotes on the held-out corpus" in out and "Speakers on the held-out corpus" in out
    assert "regex baseline" in out
    assert out.rstrip().splitlines()[-1].startswith("RESULT: quotes F1 ")


def test_the_speed_benchmark_runs_at_a_tiny_size():
    out = _run(str(BENCHMARKS / "bench_suggest_speed.py"), "--bytes", "20000", "--runs", "1")
    assert "0.02 MB" in out and "RESULT: 0.02 MB in" in out


def test_the_build_script_reports_errors_without_a_traceback(tmp_path):
    bad = tmp_path / "articles"
    bad.mkdir()
    (bad / "01-bad.txt").write_text("# topic: x\n# lang: en\n\nHead\n\n{Q1|x\n", encoding="utf-8")
    script = tmp_path / "build.py"
    script.write_text((DATA / "build.py").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"{bad / '01-bad.txt'}:6: '{{' not closed in its paragraph"
    assert not (tmp_path / "corpus.jsonl").exists()


def test_misses_lists_what_went_wrong(capsys):
    article = _article()
    ready, talk = article.quotes[0].pieces
    first_kerry, _ = article.entities["kerry"]

    def system(_: Article) -> list[Found]:
        return [Found((ready, talk), first_kerry), Found(((0, 9),))]

    quality.misses([article], system)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "kerry: speaker 'John Kerry' for 'Kerry': 'We are ready,' … 'to talk.'",
        "kerry: missed 'Not today.'",
        "kerry: missed 'Nobody knows,'",
        "kerry: not a gold quote 'Secretary'",
    ]
