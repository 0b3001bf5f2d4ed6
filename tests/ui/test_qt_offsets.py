import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from annotator.ui.qt_offsets import OffsetMap, to_display_text

# -- helpers ---------------------------------------------------------------------------


@pytest.fixture
def edit(qtbot) -> QPlainTextEdit:
    widget = QPlainTextEdit()
    qtbot.addWidget(widget)
    return widget


def boundaries(text: str) -> list[int]:
    """Code-point offsets that are not strictly inside a \\r\\n pair."""
    return [i for i in range(len(text) + 1) if text[i - 1 : i + 1] != "\r\n"]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def qt_view(text: str, start: int = 0, end: int | None = None) -> str:
    """What QTextCursor.selectedText() returns for ``text[start:end]`` of a loaded document."""
    part = text[start:end]
    # Only the document's first character gets the leading-BOM treatment: prefix a neutral one.
    display = to_display_text(part) if start == 0 else to_display_text("x" + part)[1:]
    return display.replace("\n", "\u2029")


def qt_selected(widget: QPlainTextEdit, qt_start: int, qt_end: int) -> str:
    cursor = QTextCursor(widget.document())
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def load(widget: QPlainTextEdit, text: str) -> OffsetMap:
    """Build the map, put its display text into ``widget`` and check the document shape."""
    m = OffsetMap(text)
    widget.setPlainText(m.display_text)
    doc = widget.document()
    assert doc.characterCount() - 1 == m.qt_length == utf16_len(m.display_text)
    assert doc.blockCount() == m.display_text.count("\n") + 1
    assert qt_selected(widget, 0, m.qt_length) == qt_view(text)
    return m


def check_pure(m: OffsetMap, text: str) -> None:
    """Every property that does not need Qt, checked against brute-force oracles."""
    bounds = boundaries(text)
    qt_of = {i: utf16_len(to_display_text(text[:i])) for i in bounds}
    for i in bounds:
        assert m.to_qt(i) == qt_of[i]
        assert m.from_qt(m.to_qt(i)) == i
    for i in set(range(len(text) + 1)) - set(bounds):  # inside \r\n: floor to the separator
        assert m.to_qt(i) == qt_of[i - 1]
    for q in range(m.qt_length + 1):
        floor = max(i for i in bounds if qt_of[i] <= q)
        assert m.from_qt(q) == floor
    assert m.from_qt(m.qt_length + 5) == len(text)
    assert m.from_qt(-3) == 0
    # Any Qt selection -> the tightest covering stored span.
    for a in range(m.qt_length + 1):
        for b in range(a, m.qt_length + 1):
            s, e = m.span_from_qt(a, b)
            assert s == max(i for i in bounds if qt_of[i] <= a)
            assert e == min(i for i in bounds if qt_of[i] >= b)
            assert m.to_qt(s) <= a and m.to_qt(e) >= b
            assert m.span_from_qt(b, a) == (s, e)


def check_span(widget: QPlainTextEdit, m: OffsetMap, text: str, start: int, end: int) -> None:
    qs, qe = m.span_to_qt(start, end)
    assert qt_selected(widget, qs, qe) == qt_view(text, start, end)
    assert m.span_from_qt(qs, qe) == (start, end)


# -- examples --------------------------------------------------------------------------

EXAMPLES = {
    "empty": "",
    "ascii": "Hello, world.",
    "emoji": "a😀b😀😀c",
    "zwj family": "x👩‍👩‍👧y",
    "flag": "🇩🇪🇫🇷!",
    "combining": "cafe\u0301 e\u0301",
    "crlf": "one\r\ntwo\r\n\r\nthree",
    "starts and ends with crlf": "\r\nmiddle\r\n",
    "only crlf": "\r\n",
    "lone cr": "a\rb\r\r\nc\r",
    "tabs": "\tcol1\tcol2\t",
    "line separator": "a\u2028b\u2028",
    "paragraph separator": "a\u2029b\u2029",
    "arabic": "قال الرئيس: «مرحبا» 😀\r\nثم",
    "hebrew": "שלום עולם, 123 abc",
    "cjk": "中文文本，日本語のテキスト、한국어 𠀋𠮟",
    "nbsp": "a\xa0b\u202fc",
    "controls": "a\x00b\x0bc\x0cd\x1ce\x1df\x1eg\x85h",
    "frame markers": "a\ufdd0b\ufdd1c",
    "leading bom": "\ufeffHello\ufeff world",
    "leading reversed bom": "\ufffeab\ufffe",
    "only bom": "\ufeff",
    "mixed": "\r\n😀\r\n\u2029e\u0301\r\r\n🇩🇪",
}


@pytest.mark.parametrize("text", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_examples_against_qt(edit: QPlainTextEdit, text: str) -> None:
    m = load(edit, text)
    check_pure(m, text)
    bounds = boundaries(text)
    for start in bounds:
        for end in bounds:
            if start <= end:
                check_span(edit, m, text, start, end)


def test_emoji_positions() -> None:
    m = OffsetMap("a😀b")
    assert m.display_text == "a😀b"
    assert m.qt_length == 4
    assert [m.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert [m.from_qt(q) for q in range(5)] == [0, 1, 1, 2, 3]
    assert m.span_to_qt(1, 2) == (1, 3)
    assert m.span_from_qt(2, 2) == (1, 2)  # half a surrogate pair covers the whole emoji
    assert m.span_from_qt(0, 2) == (0, 2)
    assert m.span_from_qt(2, 4) == (1, 3)


def test_crlf_positions() -> None:
    m = OffsetMap("a\r\nb")
    assert m.display_text == "a\nb"
    assert m.qt_length == 3
    assert [m.to_qt(i) for i in range(5)] == [0, 1, 1, 2, 3]
    assert [m.from_qt(q) for q in range(4)] == [0, 1, 3, 4]
    assert m.span_to_qt(1, 3) == (1, 2)
    assert m.span_from_qt(1, 2) == (1, 3)  # ending after the separator covers \r and \n
    assert m.span_from_qt(0, 1) == (0, 1)
    # Offsets inside the pair have no Qt position: the start floors, the end ceils.
    assert m.span_to_qt(2, 2) == (1, 2)
    assert m.span_to_qt(0, 2) == (0, 2)
    assert m.span_to_qt(2, 4) == (1, 3)


def test_display_text() -> None:
    assert to_display_text("a\r\nb\rc\nd\u2029e\u2028f") == "a\nb\nc\nd\ne\u2028f"
    assert to_display_text("\r\r\n\n") == "\n\n\n"
    assert to_display_text("\ufdd0\ufdd1") == "\ufffd\ufffd"
    assert to_display_text("\ufeffa\ufeff") == "\u2060a\ufeff"
    assert to_display_text("\ufffea\ufffe") == "\ufffda\ufffe"
    assert to_display_text("\r\n\ufeff") == "\n\ufeff"
    plain = "no specials 😀\t\xa0"
    assert to_display_text(plain) is plain


def test_empty_text() -> None:
    m = OffsetMap("")
    assert m.display_text == ""
    assert m.qt_length == 0
    assert m.to_qt(0) == 0
    assert m.from_qt(0) == 0
    assert m.from_qt(7) == 0
    assert m.span_to_qt(0, 0) == (0, 0)
    assert m.span_from_qt(0, 3) == (0, 0)


@pytest.mark.parametrize("bad", [-1, 4])
def test_to_qt_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        OffsetMap("abc").to_qt(bad)


@pytest.mark.parametrize("span", [(-1, 2), (2, 1), (0, 4)])
def test_span_to_qt_rejects_invalid_spans(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        OffsetMap("abc").span_to_qt(*span)


def test_pure_bmp_is_identity() -> None:
    text = "plain text, no emoji, no CR\n" * 40_000
    m = OffsetMap(text)
    assert m.display_text is text
    assert m.qt_length == len(text)
    assert m.to_qt(12345) == 12345
    assert m.from_qt(12345) == 12345


# -- properties ------------------------------------------------------------------------

TRICKY = [
    "\r\n", "\r", "\n", "\u2028", "\u2029", "\ufdd0", "\ufdd1", "\t", "\x00", "\x0b", "\x0c",
    "\x1c", "\x1d", "\x1e", "\x85", "\xa0", "\ufeff", "\ufffe", "\ufffc", "\uffff", "\U0010ffff",
    "😀", "👩‍👩‍👧", "🇩🇪", "e\u0301", "\u200d", "ع", "ש", "中", "𠀋", "a", " ",
]  # fmt: skip

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
tricky_text = st.lists(st.sampled_from(TRICKY), max_size=25).map("".join)
mixed_text = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=("Cs",))), max_size=30
).map("".join)
texts = st.one_of(any_text, tricky_text, mixed_text)

QT_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@QT_SETTINGS
@given(text=texts, data=st.data())
def test_property_spans_against_qt(edit: QPlainTextEdit, text: str, data: st.DataObject) -> None:
    m = load(edit, text)
    bounds = boundaries(text)
    for i in bounds:
        assert m.from_qt(m.to_qt(i)) == i
    for _ in range(8):
        start, end = sorted(data.draw(st.lists(st.sampled_from(bounds), min_size=2, max_size=2)))
        check_span(edit, m, text, start, end)


@QT_SETTINGS
@given(text=texts, data=st.data())
def test_property_qt_selection_is_covered(
    edit: QPlainTextEdit, text: str, data: st.DataObject
) -> None:
    m = load(edit, text)
    positions = st.integers(0, m.qt_length)
    for _ in range(8):
        a, b = sorted(data.draw(st.lists(positions, min_size=2, max_size=2)))
        s, e = m.span_from_qt(a, b)
        assert 0 <= s <= e <= len(text)
        assert text[s - 1 : s + 1] != "\r\n" and text[e - 1 : e + 1] != "\r\n"
        qs, qe = m.span_to_qt(s, e)
        assert qs <= a and qe >= b
        # The stored span's Qt selection contains the user's selection.
        assert qt_selected(edit, a, b) in qt_selected(edit, qs, qe)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(tricky_text, st.text(st.characters(exclude_categories=("Cs",)), max_size=12)))
def test_property_pure_oracles(text: str) -> None:
    check_pure(OffsetMap(text), text)
