"""The built-in tokenizer, used when spaCy is not installed: a re-implementation of spaCy's
English tokenizer algorithm with rules written for ordinary English news text (see
`tokens.py`, which chooses between the two, for what it does). `Token` lives here because
both tokenizers make them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple


class Token(NamedTuple):  # a tuple: documents have hundreds, made fast
    text: str
    start: int
    end: int
    ws: bool  # one space (U+0020) follows, not part of any token


# --- character classes -------------------------------------------------------------------
# Punctuation, quotes, hyphens, currency and units as spaCy's English defaults treat them;
# letters and case come from Python's Unicode tables (uncased letters such as CJK count as
# both lower and upper, as in spaCy).

_PUNCT = ["…", "……", ",", ":", ";", "!", "?", "¿", "؟", "¡", "(", ")", "[", "]", "{", "}", "<", ">",
          "_", "#", "*", "&", "。", "？", "！", "，", "、", "；", "：", "～", "·", "।", "،",
          "۔", "؛", "٪"]  # fmt: skip
_QUOTES = ["'", '"', "”", "“", "`", "‘", "´", "’", "‚", ",", "„", "»", "«", "「", "」", "『",
           "』", "（", "）", "〔", "〕", "【", "】", "《", "》", "〈", "〉", "〈", "〉", "⟦",
           "⟧"]  # fmt: skip
_HYPHENS = ["-", "–", "—", "--", "---", "——", "~"]
_CURRENCY = ["$", "£", "€", "¥", "฿", "US$", "C$", "A$", "₽", "﷼", "₴", "₹", "₩", "₪", "₫",
             "₱", "₺", "₿", "₦", "₡", "₭", "₮", "₲", "₵", "₸", "₼", "₾"]  # fmt: skip
_UNITS = (  # noqa: SIM905 (a word list reads best as words)
    "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg "
    "t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K %"
).split()
# Symbols (Unicode category So: dingbats, arrows, emoji...) are split off like punctuation.
_ICON_RANGES = (
    "\u00a6\u00a9\u00ae\u00b0\u2100\u2101\u2103-\u2106\u2108\u2109\u2114\u2116\u2117"
    "\u211e-\u2123\u2125\u2127\u2129\u212e\u213a\u213b\u214a\u214c\u214d\u214f"
    "\u2195-\u2199\u219c-\u219f\u21a1\u21a2\u21a4\u21a5\u21a7-\u21ad\u21af-\u21cd\u21d0\u21d1"
    "\u21d3\u21d5-\u21f3\u2300-\u2307\u230c-\u231f\u2322-\u2328\u232b-\u237b\u237d-\u239a"
    "\u23b4-\u23db\u23e2-\u2426\u2440-\u244a\u249c-\u24e9\u2500-\u25b6\u25b8-\u25c0"
    "\u25c2-\u25f7\u2600-\u266e\u2670-\u2767\u2794-\u27bf\u2800-\u28ff\u2b00-\u2b2f"
    "\u2b45\u2b46\u2b4d-\u2b73\u2b76-\u2b95\u2b98-\u2bc8\u2bca-\u2bfe\u3004\u3012\u3013\u3020"
    "\u3036\u3037\u303e\u303f\u3200-\u321e\u322a-\u3247\u3250\u3260-\u327f\u328a-\u32b0"
    "\u32c0-\u32fe\u3300-\u33ff\ufffc\ufffd"
    "\U0001f000-\U0001f02b\U0001f030-\U0001f093\U0001f0a0-\U0001f0ae\U0001f0b1-\U0001f0bf"
    "\U0001f0c1-\U0001f0cf\U0001f0d1-\U0001f0f5\U0001f110-\U0001f16b\U0001f170-\U0001f1ac"
    "\U0001f1e6-\U0001f202\U0001f210-\U0001f23b\U0001f240-\U0001f248\U0001f250\U0001f251"
    "\U0001f260-\U0001f265\U0001f300-\U0001f3fa\U0001f400-\U0001f6d4\U0001f6e0-\U0001f6ec"
    "\U0001f6f0-\U0001f6f9\U0001f700-\U0001f773\U0001f780-\U0001f7d8\U0001f800-\U0001f80b"
    "\U0001f810-\U0001f847\U0001f850-\U0001f859\U0001f860-\U0001f887\U0001f890-\U0001f8ad"
    "\U0001f900-\U0001f90b\U0001f910-\U0001f93e\U0001f940-\U0001f970\U0001f973-\U0001f976"
    "\U0001f97a\U0001f97c-\U0001f9a2\U0001f9b0-\U0001f9b9\U0001f9c0-\U0001f9c2"
    "\U0001f9d0-\U0001f9ff\U0001fa60-\U0001fa6d"
)


def _alternation(items: Iterable[str]) -> str:
    return "|".join(re.escape(item) for item in items)


def _char_class(items: Iterable[str]) -> str:
    return "".join(re.escape(item) for item in items if len(item) == 1)


# No letters are assigned above plane 3 (CJK extensions end at U+323AF).
_LAST_LETTER = 0x3FFFF


def _ranges(test: Callable[[str], bool]) -> str:
    """A regex character-class body for every code point that passes `test`."""
    parts: list[str] = []
    start = None
    for code in range(_LAST_LETTER + 2):
        inside = code <= _LAST_LETTER and test(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            first, last = re.escape(chr(start)), re.escape(chr(code - 1))
            parts.append(first if start == code - 1 else f"{first}-{last}")
            start = None
    return "".join(parts)


# CJK punctuation, radicals and enclosed forms count as (uncased) letters in spaCy's classes.
_CJK_MARKS = (
    "\u2e80-\u2fff\u3000-\u303f\u31c0-\u31ef\u3200-\u33ff\ufe30-\ufe4f\U0001f200-\U0001f2ff"
)


def _is_uncased(char: str) -> bool:
    return char.isalpha() and not char.isupper() and not char.islower()


@dataclass(frozen=True)
class _Rules:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str]


@cache
def _rules() -> _Rules:
    """The compiled rules, built once (the letter tables take a moment)."""
    alpha = _ranges(str.isalpha) + _CJK_MARKS
    lower = _ranges(lambda c: c.islower() or _is_uncased(c)) + _CJK_MARKS
    upper = _ranges(lambda c: c.isupper() or _is_uncased(c)) + _CJK_MARKS
    quotes = _char_class(_QUOTES)
    punct = _char_class(_PUNCT)
    hyphens = _alternation(_HYPHENS)
    ellipses = [r"\.\.+", "…"]
    icons = f"[{_ICON_RANGES}]"
    currency = _alternation(_CURRENCY)
    units = _alternation(_UNITS)
    prefixes = (
        [re.escape(p) for p in ("§", "%", "=", "—", "–")]
        + [r"\+(?![0-9])"]
        + [re.escape(p) for p in _PUNCT]
        + ellipses
        + [re.escape(q) for q in _QUOTES]
        + [re.escape(c) for c in _CURRENCY]
        + [icons]
    )
    suffixes = (
        [re.escape(p) for p in _PUNCT]
        + ellipses
        + [re.escape(q) for q in _QUOTES]
        + [icons]
        + ["'s", "'S", "’s", "’S", "—", "–"]
        + [
            r"(?<=[0-9])\+",
            r"(?<=°[FfCcKk])\.",
            rf"(?<=[0-9])(?:{currency})",
            rf"(?<=[0-9])(?:{units})",
            rf"(?<=[0-9{lower}%²\-\+{quotes}{punct}])\.",
            rf"(?<=[{upper}][{upper}])\.",
        ]
    )
    infixes = [
        *ellipses,
        icons,
        r"(?<=[0-9])[+\-\*^](?=[0-9-])",
        rf"(?<=[{lower}{quotes}])\.(?=[{upper}{quotes}])",
        rf"(?<=[{alpha}]),(?=[{alpha}])",
        rf"(?<=[{alpha}0-9])(?:{hyphens})(?=[{alpha}])",
        rf"(?<=[{alpha}0-9])[:<>=/](?=[{alpha}])",
    ]
    # URLs and e-mail addresses: an optional scheme, an optional user@, dotted host names
    # ending in a lower-case top-level domain, an optional port and path.
    host_char = "A-Za-z0-9\u00a1-\uffff"
    url = (
        r"^(?:(?:[\w\+\-\.]{2,})://)?"
        r"(?:\S+(?::\S*)?@)?"
        r"(?:"
        r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}"
        r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"
        rf"|(?:(?:[{host_char}][{host_char}_-]{{0,62}})?[{host_char}]\.)+(?:[{lower}]{{2,63}})"
        r")"
        r"(?::\d{2,5})?"
        r"(?:[/?#]\S*)?$"
    )
    return _Rules(
        prefix=re.compile("|".join(f"^(?:{p})" for p in prefixes)),
        suffix=re.compile("|".join(f"(?:{s})$" for s in suffixes)),
        infix=re.compile("|".join(infixes)),
        url=re.compile(url),
    )


# --- special cases -----------------------------------------------------------------------
# Strings kept as one token although the rules would split them (abbreviations), or split
# differently (contractions). Each maps to its pieces, which concatenate to the string.


def _special_cases() -> dict[str, tuple[str, ...]]:
    cases: dict[str, tuple[str, ...]] = {}

    def both_cases(orth: str, pieces: tuple[str, ...]) -> None:
        cases[orth] = pieces
        title = orth[:1].upper() + orth[1:]
        cases[title] = (pieces[0][:1].upper() + pieces[0][1:], *pieces[1:])

    for apostrophe in ("'", "’"):
        # not: do n't, ca n't (can't), wo n't (won't), sha n't
        for verb in ("ai", "are", "ca", "could", "did", "does", "do", "had", "has", "have",
                     "is", "might", "must", "need", "sha", "should", "was", "were", "wo",
                     "would"):  # fmt: skip
            both_cases(f"{verb}n{apostrophe}t", (verb, f"n{apostrophe}t"))
            both_cases(f"{verb}nt", (verb, "nt"))
        for pron in ("i", "you", "he", "she", "it", "we", "they"):
            both_cases(f"{pron}{apostrophe}ll", (pron, f"{apostrophe}ll"))
            both_cases(f"{pron}{apostrophe}d", (pron, f"{apostrophe}d"))
        for pron in ("i", "you", "we", "they"):
            both_cases(f"{pron}{apostrophe}ve", (pron, f"{apostrophe}ve"))
        for pron in ("you", "we", "they"):
            both_cases(f"{pron}{apostrophe}re", (pron, f"{apostrophe}re"))
        both_cases(f"i{apostrophe}m", ("i", f"{apostrophe}m"))
        for word in ("who", "what", "when", "where", "why", "how", "there", "that"):
            both_cases(f"{word}{apostrophe}ll", (word, f"{apostrophe}ll"))
            both_cases(f"{word}{apostrophe}re", (word, f"{apostrophe}re"))
            both_cases(f"{word}{apostrophe}ve", (word, f"{apostrophe}ve"))
            both_cases(f"{word}{apostrophe}d", (word, f"{apostrophe}d"))
        both_cases(f"let{apostrophe}s", ("let", f"{apostrophe}s"))
        both_cases(f"y{apostrophe}all", (f"y{apostrophe}all",))
        for word in ("em", "cause", "bout", "til", "nuff"):
            cases[f"{apostrophe}{word}"] = (f"{apostrophe}{word}",)
        both_cases(f"o{apostrophe}clock", (f"o{apostrophe}clock",))
        both_cases(f"ma{apostrophe}am", (f"ma{apostrophe}am",))
    both_cases("cannot", ("can", "not"))
    both_cases("gonna", ("gon", "na"))
    both_cases("gotta", ("got", "ta"))
    both_cases("and/or", ("and/or",))
    for hour in range(1, 13):
        for period in ("a.m.", "am", "p.m.", "pm"):
            cases[f"{hour}{period}"] = (str(hour), period)
    abbreviations = (  # noqa: SIM905
        "Mr. Mrs. Ms. Dr. St. Mt. Jr. Sr. Gen. Gov. Sen. Rep. Rev. Col. Capt. Lt. Sgt. "
        "Adm. Cmdr. Corp. Inc. Ltd. Co. Bros. vs. etc. e.g. i.e. a.m. p.m. Ph.D. "
        "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. "
        "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. "
        "Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.C. N.D. N.H. N.J. N.M. N.Y. "
        "Okla. Ore. Pa. S.C. Tenn. Va. Wash. Wis. D.C. "
        "no. No. vol. Vol. dept. est. approx. fig. Fig. p. pp. ft. lbs. "
        "Messrs. Prof. Dept. Univ. Ave. Blvd. Rd."
    ).split()
    for abbreviation in abbreviations:
        cases[abbreviation] = (abbreviation,)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        cases[f"{letter}."] = (f"{letter}.",)
    emoticons = (  # noqa: SIM905
        ":) :-) :( :-( ;) ;-) :D :P :p <3 :/ ^_^ o.O O.o -_- (: ): :') =) xD XD :> ]= :3 =3 =] "
        ":] [: :-] <33 </3 :-P :-D xDD (-: :-/ :| :-| :O :o ;D o_o O_O (= =( =/ :)) :((( >:( "
        "8) 8-) :* :-* o.o ._. V_V V.V -__- <333 :'( ’’ ಠ_ಠ :} :-} :-O :-o :x :-x :-3"
    ).split()
    for emoticon in emoticons:  # fmt: skip
        cases[emoticon] = (emoticon,)
    for word in ("''", "C++", "a.", "\\n", "\\t", "\\\")", "<space>", "'s", "'S", "’s",
                 "’S"):  # fmt: skip
        cases[word] = (word,)
    return cases


_SPECIALS = _special_cases()


# --- the rule tokenizer ------------------------------------------------------------------


def _split_word(
    word: str, rules: _Rules, specials: Mapping[str, tuple[str, ...]] = _SPECIALS
) -> list[str]:
    """The pieces of one whitespace-free substring, in order (spaCy's affix algorithm)."""
    if word in specials:
        return list(specials[word])
    prefixes: list[str] = []
    suffixes: list[str] = []
    rest = word
    last_length = -1
    while rest and len(rest) != last_length:
        if rest in specials:
            break
        last_length = len(rest)
        match = rules.prefix.search(rest)
        pre_len = match.end() if match else 0
        if pre_len and rest[pre_len:] in specials:
            prefixes.append(rest[:pre_len])
            rest = rest[pre_len:]
            break
        match = rules.suffix.search(rest[pre_len:])
        suf_len = len(match.group()) if match else 0
        if suf_len and rest[:-suf_len] in specials:
            suffixes.append(rest[-suf_len:])
            rest = rest[:-suf_len]
            break
        if pre_len and suf_len and pre_len + suf_len <= len(rest):
            prefixes.append(rest[:pre_len])
            suffixes.append(rest[-suf_len:])
            rest = rest[pre_len:-suf_len]
        elif pre_len:
            prefixes.append(rest[:pre_len])
            rest = rest[pre_len:]
        elif suf_len:
            suffixes.append(rest[-suf_len:])
            rest = rest[:-suf_len]
    middle: list[str] = []
    if rest in specials:
        middle = list(specials[rest])
    elif rest and rules.url.match(rest):
        middle = [rest]
    elif rest:
        start = 0
        for match in rules.infix.finditer(rest):
            if match.start() == 0:
                continue  # an infix at the very start is left to the piece it starts
            if match.start() != start:
                middle.append(rest[start : match.start()])
            if match.start() != match.end():
                middle.append(match.group())
            start = match.end()
        if rest[start:]:
            middle.append(rest[start:])
    return prefixes + middle + suffixes[::-1]


# Words repeat: their pieces are kept, as spaCy's tokenizer keeps them (bounded).
_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 200_000


def _cached_split(word: str, rules: _Rules) -> tuple[str, ...]:
    pieces = tuple(_split_word(word, rules))
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[word] = pieces
    return pieces


def rule_tokenize(text: str) -> list[Token]:
    """Tokens of `text` by the built-in English rules (see the module docstring)."""
    rules = _rules()
    tokens: list[Token] = []

    def add(chunk: str, offset: int) -> None:
        if chunk.isspace():
            pieces: Sequence[str] = (chunk,)
        else:
            pieces = _CACHE.get(chunk) or _cached_split(chunk, rules)
        for piece in pieces:
            tokens.append(Token(piece, offset, offset + len(piece), False))
            offset += len(piece)

    # Runs of whitespace and of non-whitespace; a single space after a token is its `ws`.
    for match in re.finditer(r"\s+|\S+", text):
        chunk, start = match.group(), match.start()
        if chunk.isspace() and chunk[0] == " " and tokens:
            last = tokens[-1]
            tokens[-1] = Token(last.text, last.start, last.end, True)
            chunk, start = chunk[1:], start + 1
            if not chunk:
                continue
        add(chunk, start)
    return _merge_specials(tokens)


@cache
def _special_patterns() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Special cases the affix rules would split, as the token texts they split into, by
    first piece. spaCy finds these in the tokens after splitting (its special-case matcher):
    "Dr.Calif." splits at the infix "." into "Dr", ".", "Calif." before "Dr." is seen."""
    rules = _rules()
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for special in _SPECIALS:
        touched = (
            rules.prefix.search(special)
            or rules.suffix.search(special)
            or rules.infix.search(special)
        )
        pieces = tuple(_split_word(special, rules, {}))
        if touched and len(pieces) > 1:
            patterns.setdefault(pieces[0], []).append((pieces, special))
    return patterns


def _merge_specials(tokens: list[Token]) -> list[Token]:
    patterns = _special_patterns()
    matches: list[tuple[int, int, str]] = []  # (first token, after last token, special)
    for i, token in enumerate(tokens):
        for pieces, special in patterns.get(token.text, ()):
            end = i + len(pieces)
            if end > len(tokens):
                continue
            window = tokens[i:end]
            if all(t.text == p for t, p in zip(window, pieces, strict=True)) and all(
                not t.ws and t.end == u.start for t, u in itertools.pairwise(window)
            ):
                matches.append((i, end, special))
    if not matches:
        return tokens
    # As spaCy: longest first (then the earlier one), skipping any whose first or last token
    # a match looked at before has taken.
    matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: set[int] = set()
    kept: dict[int, tuple[int, str]] = {}
    for first, end, special in matches:
        if first not in taken and end - 1 not in taken:
            kept[first] = (end, special)
        taken.update(range(first, end))
    result: list[Token] = []
    i = 0
    while i < len(tokens):
        if i not in kept:
            result.append(tokens[i])
            i += 1
            continue
        end, special = kept[i]
        offset = tokens[i].start
        for piece in _SPECIALS[special]:
            result.append(Token(piece, offset, offset + len(piece), False))
            offset += len(piece)
        last = result[-1]
        result[-1] = Token(last.text, last.start, last.end, tokens[end - 1].ws)
        i = end
    return result
