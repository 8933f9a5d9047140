"""Names that look alike but are not the same: invisible characters, and letters of other scripts that look
like Latin ones.

* **Invisible characters** — zero-width spaces and joiners, the word joiner, the byte-order mark, soft
  hyphens and the bidirectional controls (embeddings, overrides such as U+202E, isolates) — change nothing a
  reader sees, or (the overrides) show text in another order than it is stored, so "Mind\\u200b" would be a
  second "Mind". :func:`strip_invisible` removes them (a zero-width joiner or non-joiner stays where it
  shapes the letters or emoji around it: between two characters outside Latin, Greek and Cyrillic, as in
  Persian, Indic scripts and emoji sequences). The direction marks (LRM, RLM, ALM) place punctuation in
  mixed-direction text and stay in a name, but :func:`without_marks` drops them where names are compared.
* **Confusable letters** — the Cyrillic "о" in "Turning Pоint", a Greek "Α", a full-width "Ｍｉｎｄ" — make a
  different name that looks the same. :func:`skeleton` maps a name to the form two look-alike names share
  (after UTS #39's idea of a skeleton: invisible characters removed, compatibility forms folded by NFKC,
  case folded, and the Cyrillic, Greek and Armenian letters that look like Latin ones replaced by those);
  :func:`differences` says, character by character, what tells two names apart.

>>> strip_invisible("Mind\\u200b"), strip_invisible("\\u202eevil")
('Mind', 'evil')
>>> skeleton("Turning P\\u043eint") == skeleton("turning point")
True
>>> differences("Turning P\\u043eint", "Turning Point")
"character 10 is 'о' (U+043E CYRILLIC SMALL LETTER O) where 'Turning Point' has 'o' (U+006F LATIN SMALL LETTER O)"
"""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["DIRECTION_MARKS", "INVISIBLE", "describe", "differences", "skeleton", "strip_invisible", "without_marks"]

#: Characters that show nothing (or reorder what is shown) and are removed from names.
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b"
    "\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)
#: Direction marks (left-to-right, right-to-left, Arabic letter mark): kept in a name, where they place
#: punctuation in mixed-direction text, but ignored when names are compared (:func:`without_marks`).
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
_NO_MARKS = {ord(c): None for c in DIRECTION_MARKS}
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: meaningful between some characters
_STRIP = re.compile("[" + re.escape("".join(sorted(INVISIBLE))) + "]")
_JOINER = re.compile("[\u200c\u200d]")
_ANY = re.compile("[" + re.escape("".join(sorted(INVISIBLE)) + _JOINERS) + "]")

# Letters of other scripts (case-folded) that look like a Latin letter, and that letter: Cyrillic, Greek,
# Armenian and a few Latin look-alikes (UTS #39 confusables with a Latin prototype).
_CONFUSABLE = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "ë", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i", "ї": "ï", "ј": "j",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɡ": "g", "ᴄ": "c", "ѡ": "w", "ҫ": "ç",
    "ӕ": "æ", "ә": "e", "ӧ": "ö", "ӱ": "ü", "ԍ": "g", "ꙇ": "i",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ϵ": "e", "ί": "i",
    "ό": "ó", "ύ": "ú",
    # Armenian
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "զ": "q", "ա": "w", "ք": "p",
    # Latin look-alikes
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʀ": "r", "ʏ": "y", "ǀ": "l", "ℓ": "l",
})


def _keeps_joiner(text: str, i: int) -> bool:
    """Whether the joiner at ``text[i]`` shapes its neighbours: both exist and one is outside Latin, Greek
    and Cyrillic (U+0590 onwards: Hebrew, Arabic, Indic scripts, emoji…)."""
    if i == 0 or i == len(text) - 1:
        return False
    before, after = text[i - 1], text[i + 1]
    if before.isspace() or after.isspace():
        return False
    return ord(before) >= 0x0590 or ord(after) >= 0x0590


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters (see the module docstring); everything else as it was."""
    if not _ANY.search(text):
        return text
    text = _STRIP.sub("", text)
    if _JOINER.search(text):
        text = "".join(ch for i, ch in enumerate(text) if ch not in _JOINERS or _keeps_joiner(text, i))
    return text


def without_marks(text: str) -> str:
    """``text`` without direction marks (U+200E, U+200F, U+061C): the form names are compared in."""
    return text.translate(_NO_MARKS)


def skeleton(text: str) -> str:
    """The form look-alike names share: invisible characters removed, NFKC, case folded, confusable letters
    replaced by the Latin letters they look like, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", without_marks(strip_invisible(text))).casefold()
    return " ".join(unicodedata.normalize("NFC", folded.translate(_CONFUSABLE)).split())


def describe(ch: str) -> str:
    """A character as a message shows it: ``'о' (U+043E CYRILLIC SMALL LETTER O)``."""
    name = unicodedata.name(ch, "")
    shown = repr(ch) if unicodedata.category(ch)[0] not in "CZ" or ch == " " else "an invisible character"
    return f"{shown} (U+{ord(ch):04X}{' ' + name if name else ''})"


def differences(given: str, known: str, most: int = 2) -> str:
    """What tells ``given`` from ``known``, character by character (at most ``most`` differences), as a
    message says it; empty when they are equal."""
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, given, known, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                parts.append(f"character {i1 + k + 1} is {describe(given[i1 + k])} where {known!r} has "
                             f"{describe(known[j1 + k])}")
        elif op == "delete" or op == "replace":
            extra = ", ".join(describe(c) for c in given[i1:i2][:3])
            parts.append(f"character {i1 + 1} is {extra}, which {known!r} does not have"
                         if i2 - i1 == 1 else f"characters {i1 + 1}–{i2} ({extra}) are not in {known!r}")
            if op == "replace":
                parts.append(f"{known!r} has {', '.join(describe(c) for c in known[j1:j2][:3])} there")
        else:  # insert
            parts.append(f"{known!r} has {', '.join(describe(c) for c in known[j1:j2][:3])} after character {i1}")
    shown = parts[:most]
    if len(parts) > most:
        shown.append(f"{len(parts) - most} more difference(s)")
    return "; ".join(shown)
