"""The spaCy suggester, through real spaCy pipelines the tests build and save: a blank
English pipeline with an entity ruler, loaded back by path as a user's would be."""

from __future__ import annotations

import itertools
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.suggest import entities
from annotator.core.suggest.entities import (
    CHUNK_CHARACTERS,
    EntityFinder,
    entity_finder,
    load_pipeline,
    optional_entity_finder,
    paragraphs,
    spacy_installed,
)

PATTERNS = [
    {"label": "PERSON", "pattern": "John Kerry"},
    {"label": "PERSON", "pattern": "Sergei Lavrov"},
    {"label": "ORG", "pattern": "United Nations"},
    {"label": "NORP", "pattern": "Russian"},
    {"label": "GPE", "pattern": "Geneva"},
    {"label": "PER", "pattern": "Angela Merkel"},
    {"label": "LOC", "pattern": "Alps"},
    {"label": "DATE", "pattern": "Friday"},
    {"label": "PERSON", "pattern": "习近平"},
]


@pytest.fixture(autouse=True)
def fresh_pipelines():
    """Each test loads what it names: a pipeline kept from another test would hide a bug."""
    load_pipeline.cache_clear()
    yield
    load_pipeline.cache_clear()


def save_pipeline(folder: Path, patterns=PATTERNS, ruler: str | None = "entity_ruler") -> str:
    nlp = spacy.blank("en")
    if ruler is not None:
        nlp.add_pipe(ruler).add_patterns(patterns)
    nlp.add_pipe("sentencizer")
    nlp.to_disk(folder)
    return str(folder)


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    return save_pipeline(tmp_path_factory.mktemp("pipeline") / "ruler")


def spans(found, text):
    return [text[start:end] for start, end in found]


def test_people_organisations_groups_and_places_are_found(model):
    text = "John Kerry met Sergei Lavrov and Angela Merkel in Geneva on Friday, near the Alps."
    text += " The Russian delegation spoke to the United Nations."
    found = entity_finder(model)(text)
    assert spans(found, text) == [
        "John Kerry",
        "Sergei Lavrov",
        "Angela Merkel",
        "Geneva",
        "Russian",
        "United Nations",
    ]
    assert found == sorted(found)


def test_offsets_are_code_points_after_emoji(model):
    text = "😀👩‍👩‍👧 John Kerry 🇺🇸 in Geneva"
    found = entity_finder(model).find(text)
    assert found == [(7, 17), (24, 30)]  # 👩‍👩‍👧 is 5 code points, 🇺🇸 2
    assert spans(found, text) == ["John Kerry", "Geneva"]


def test_texts_in_other_scripts(model):
    text = "国家主席 习近平 会见了 John Kerry"
    assert spans(entity_finder(model)(text), text) == ["习近平", "John Kerry"]


def test_paragraphs_keep_their_offsets(model):
    text = "\n\n  John Kerry said.\r\n\r\n\r\nIn Geneva,\nSergei Lavrov   \n \n\tUnited Nations\n"
    found = entity_finder(model)(text)
    assert spans(found, text) == ["John Kerry", "Geneva", "Sergei Lavrov", "United Nations"]


def test_an_entity_is_never_found_across_a_paragraph_break(model):
    text = "John\n\nKerry and John\nKerry"
    assert spans(entity_finder(model)(text), text) == []  # the ruler's pattern is one space


def test_a_text_over_spacy_s_length_limit(model):
    """A 1.2 MB document: in paragraphs, and as one paragraph with no line break at all."""
    paragraph = "The talks in Geneva went on. " * 40 + "John Kerry spoke. " + "x " * 200
    text = "\n\n".join([paragraph] * (1_200_000 // len(paragraph)))
    assert len(text) > spacy.blank("en").max_length
    finder = entity_finder(model)
    found = finder(text)
    assert len(found) == (1_200_000 // len(paragraph)) * 41
    assert set(spans(found, text)) == {"Geneva", "John Kerry"}
    one_line = text.replace("\n\n", " ")
    assert spans(finder(one_line), one_line) == spans(found, text)


def test_a_paragraph_without_white_space_is_cut_hard(model):
    text = "John Kerry " + "x" * (CHUNK_CHARACTERS * 2 + 7) + " Sergei Lavrov"
    assert spans(entity_finder(model)(text), text) == ["John Kerry", "Sergei Lavrov"]


def test_long_paragraphs_are_cut_at_a_line_break_then_a_sentence_end():
    text = "a" * 60 + "\n" + "b" * 60 + ". " + "c" * 70 + " d"
    pieces = list(paragraphs(text, 100))
    assert [piece for _, piece in pieces] == ["a" * 60 + "\n", "b" * 60 + ". ", "c" * 70 + " d"]
    assert [offset for offset, _ in pieces] == [0, 61, 123]


@given(st.text(st.sampled_from("ab .\n\t😀"), max_size=300), st.integers(3, 40))
@settings(max_examples=300, deadline=None)
def test_pieces_are_the_text_s_own_and_short(text, limit):
    covered = []
    for offset, piece in paragraphs(text, limit):
        assert text[offset : offset + len(piece)] == piece
        assert 0 < len(piece) <= limit
        assert piece.strip()
        covered.append((offset, offset + len(piece)))
    assert covered == sorted(covered)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(covered))
    outside = set(range(len(text))) - {i for start, end in covered for i in range(start, end)}
    assert all(text[i].isspace() for i in outside)  # only white space is left out


def test_an_entity_ruler_among_other_pipes_and_a_future_ruler(tmp_path):
    model = save_pipeline(tmp_path / "future", ruler="future_entity_ruler")
    assert spans(entity_finder(model)("John Kerry"), "John Kerry") == ["John Kerry"]


def test_a_pipeline_without_an_entity_recognizer_is_refused(tmp_path):
    model = save_pipeline(tmp_path / "plain", ruler=None)
    with pytest.raises(AnnotatorError) as caught:
        entity_finder(model)
    assert str(caught.value) == (
        f"the spaCy pipeline {model!r} has no entity recognizer (its pipes: sentencizer); "
        "the spacy suggester needs one, such as ner or entity_ruler"
    )


def test_a_disabled_recognizer_does_not_count(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    nlp.disable_pipe("entity_ruler")
    nlp.to_disk(tmp_path / "disabled")
    with pytest.raises(AnnotatorError, match=r"its pipes: entity_ruler \(disabled\)"):
        entity_finder(str(tmp_path / "disabled"))


def test_a_pipeline_that_is_not_installed_is_not_downloaded(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("something tried the network")

    monkeypatch.setattr("socket.socket.connect", no_network)
    with pytest.raises(AnnotatorError) as caught:
        entity_finder("xx_no_such_pipeline_sm")
    message = str(caught.value)
    assert message.startswith("the spaCy pipeline 'xx_no_such_pipeline_sm' is not installed; ")
    assert "nothing is downloaded" in message
    assert "python -m spacy download en_core_web_sm" in message


def test_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(
        AnnotatorError, match=r"there is no spaCy pipeline at .* \(no such folder\)"
    ):
        entity_finder(str(tmp_path / "missing"))


def test_a_folder_that_is_not_a_pipeline(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "config.cfg").write_text("[nlp\nlang = \n", encoding="utf-8")
    with pytest.raises(AnnotatorError) as caught:
        entity_finder(str(tmp_path / "junk"))
    assert str(caught.value).startswith(
        f"the spaCy pipeline {str(tmp_path / 'junk')!r} cannot be loaded ("
    )
    (tmp_path / "empty").mkdir()
    with pytest.raises(AnnotatorError, match="cannot be loaded"):
        entity_finder(str(tmp_path / "empty"))


def test_no_pipeline_named():
    with pytest.raises(AnnotatorError, match="no spaCy pipeline named; nothing is downloaded"):
        entity_finder("  ")


def test_without_spacy_installed_the_message_says_what_to_install(monkeypatch, model):
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` raises ImportError
    with pytest.raises(AnnotatorError) as caught:
        entity_finder(model)
    assert "pip install 'annotator[spacy]'" in str(caught.value)
    assert str(caught.value) == entities.MISSING_SPACY


def test_spacy_installed_asks_without_importing():
    code = (
        "import sys; from annotator.core.suggest import entities, pipeline; "
        "print(entities.spacy_installed(), 'spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["True", "False"]
    assert spacy_installed()


def test_a_pipeline_is_loaded_once_per_process(model, monkeypatch):
    calls = []
    real = spacy.load
    monkeypatch.setattr(spacy, "load", lambda name: calls.append(name) or real(name))
    first, second = entity_finder(model), entity_finder(model)
    assert calls == [model]
    assert first("John Kerry") == second("John Kerry") == [(0, 10)]


def test_a_finder_pickles_as_its_model_s_name(model):
    finder = entity_finder(model)
    data = pickle.dumps(finder)
    assert len(data) < 500  # the name, not the pipeline
    load_pipeline.cache_clear()
    copy = pickle.loads(data)
    assert isinstance(copy, EntityFinder)
    assert copy.model == model
    assert copy("in Geneva") == [(3, 9)]


def test_a_finder_in_another_process(model):
    """What a pool of worker processes does with a finder it is sent."""
    code = (
        "import pickle, sys; finder = pickle.loads(sys.stdin.buffer.read()); "
        "print(finder('😀 John Kerry'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(entity_finder(model)),
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.decode().strip() == "[(2, 12)]"


def test_a_statistical_recognizer_counts(tmp_path):
    """A `ner` component (initialised, untrained: what it predicts is noise) is accepted,
    and whatever it finds is ranges of the text with ACTOR labels."""
    import warnings

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in ("PERSON", "DATE"):
        ner.add_label(label)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no lexeme normalization tables: fine here
        nlp.initialize()
    nlp.to_disk(tmp_path / "ner")
    text = "John Kerry met Sergei Lavrov in Geneva on Friday. " * 20
    found = entity_finder(str(tmp_path / "ner"))(text)
    assert found == sorted(found)
    assert all(0 <= start < end <= len(text) for start, end in found)


def test_two_threads_share_one_pipeline(model):
    """The store process may run the open document and a background run at once."""
    from concurrent.futures import ThreadPoolExecutor

    text = "John Kerry met Sergei Lavrov in Geneva.\n\n" * 200
    finder = entity_finder(model)
    expected = finder(text)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: entity_finder(model)(text), range(8)))
    assert results == [expected] * 8
    assert len(expected) == 600


def test_the_pipeline_merges_its_entities_with_the_known_actors(model):
    """What `annotator suggest --suggesters actors,spacy --model M` runs over a text."""
    from annotator.core.suggest.actors import ActorMatcher
    from annotator.core.suggest.pipeline import SuggestConfig, suggest_text

    config = SuggestConfig(
        ("actors", "spacy"), ActorMatcher(["Geneva", "Kerry"]), entity_finder(model)
    )
    text = "😀 John Kerry arrived in Geneva; Kerry spoke."
    made = [
        (text[s.start : s.end], s.start, s.suggesters) for s in suggest_text("d1", text, config)
    ]
    # (whether the matcher's Kerry inside spaCy's John Kerry stays is the pipeline's merge)
    assert ("John Kerry", 2, ("spacy",)) in made
    assert ("Geneva", 24, ("actors", "spacy")) in made
    assert ("Kerry", 32, ("actors",)) in made


@given(
    st.text(st.sampled_from("😀🇺🇸👩‍👧\u0301é 习"), max_size=8),
    st.lists(
        st.sampled_from(["John Kerry", "Geneva", "Friday", "talks", "\n\n", "."]), max_size=12
    ),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_entities_shift_with_a_prefix_of_emoji(model, prefix, words):
    """Offsets are code points: a prefix (its own paragraph) moves each by its length."""
    finder = entity_finder(model)
    text = " ".join(words)
    moved = finder(prefix + "\n\n" + text)
    assert moved == [(s + len(prefix) + 2, e + len(prefix) + 2) for s, e in finder(text)]


def test_an_optional_finder_says_why_there_is_none(model, monkeypatch):
    finder, reason = optional_entity_finder(model)
    assert isinstance(finder, EntityFinder) and reason == ""
    assert optional_entity_finder(None) == (
        None,
        f"no spaCy pipeline named; {entities.HOW_TO_INSTALL}",
    )
    finder, reason = optional_entity_finder("xx_no_such_pipeline_sm")
    assert finder is None and "is not installed; nothing is downloaded" in reason
    monkeypatch.setitem(sys.modules, "spacy", None)
    load_pipeline.cache_clear()
    assert optional_entity_finder(model) == (None, entities.MISSING_SPACY)
