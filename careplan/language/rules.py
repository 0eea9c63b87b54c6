"""The plain-language checker's rules: pure functions over text, no I/O, no framework.

Parents read the plan on their phones, often with difficulty (DESIGN.md, "Who uses it"), so
every text written for them is checked for jargon, long sentences and the passive voice,
and given a reading age against the GOV.UK target of 9. The term dictionary is data
(terms.toml beside this module), loaded once at import and compiled to a few regexes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Literal

import msgspec
import textstat

# GOV.UK content guidance writes for a reading age of 9.
READING_AGE_TARGET = 9
# Reading ages outside this band mean nothing to a writer: 5 is starting school, 21 a graduate.
READING_AGE_MIN = 5
READING_AGE_MAX = 21
# GOV.UK: sentences of 25 words or more are hard to follow; we flag those over 25.
LONG_SENTENCE_WORDS = 25

FindingKind = Literal["jargon", "long_sentence", "passive_voice"]


class Term(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One entry of terms.toml (its header comment explains the fields)."""

    term: str
    kind: Literal["abbreviation", "phrase"]
    case_sensitive: bool
    plain: str
    explain: str
    forms: tuple[str, ...] = ()
    inflect: Literal["none", "noun", "verb"] = "none"
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()


class _TermFile(msgspec.Struct, forbid_unknown_fields=True):
    terms: tuple[Term, ...]


class Finding(msgspec.Struct, frozen=True):
    """Something in the text worth rewriting; text[start:end] == finding.text."""

    start: int
    end: int
    kind: FindingKind
    text: str
    term: str | None  # the dictionary term, for jargon; None otherwise
    suggestion: str
    explanation: str


class Report(msgspec.Struct, frozen=True):
    findings: tuple[Finding, ...]
    reading_age: int
    over_target: bool
    target: int = READING_AGE_TARGET


class GlossaryEntry(msgspec.Struct, frozen=True):
    term: str
    kind: Literal["abbreviation", "phrase"]
    plain: str
    explanation: str


class PlainLanguageState(msgspec.Struct, frozen=True):
    texts: int
    over_target: int
    with_jargon: int


# ------------------------------------------------------------------ loading the dictionary


def _load_terms() -> tuple[Term, ...]:
    raw = resources.files(__package__).joinpath("terms.toml").read_bytes()
    return msgspec.convert(tomllib.loads(raw.decode("utf-8")), _TermFile).terms


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(word: str) -> tuple[str, ...]:
    # Regular English only; irregular verbs (step -> stepped) are listed as forms in the data.
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return (word + "s", word + "d", word[:-1] + "ing")
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return (word[:-1] + "ies", word[:-1] + "ied", word + "ing")
    return (_plural(word), word + "ed", word + "ing")


def _inflections(form: str, how: str) -> tuple[str, ...]:
    if how == "none":
        return ()
    head, space, last = form.rpartition(" ")
    words = (_plural(last),) if how == "noun" else _verb_forms(last)
    return tuple(head + space + word for word in words)


def surface_forms(term: Term) -> tuple[str, ...]:
    """Every written form of a term: itself, its listed forms and their inflections."""
    base = (term.term, *term.forms)
    forms = [*base, *(f for form in base for f in _inflections(form, term.inflect))]
    if term.kind == "abbreviation":
        # "EHCPs", "SWs": professionals pluralise abbreviations with a small s.
        forms += [f + "s" for f in base if f[-1].isupper()]
    return tuple(dict.fromkeys(forms))


# ------------------------------------------------------------------ compiling the matcher

_DASHES = "-\u2010\u2011\u2013"
_DASH_CLASS = r"\-\u2010\u2011\u2013"  # the same, escaped for use inside [...]
# A space in a form also matches line breaks and hyphens ("step-down", "core\ngroup"); a
# hyphen also matches a space or nothing ("multiagency"); an apostrophe is optional.
_SPACE = rf"(?:\s*[{_DASH_CLASS}]\s*|\s+)"
_HYPHEN = rf"(?:\s*[{_DASH_CLASS}]\s*|\s+)?"
_APOSTROPHE = "['\u2019]?"


def _form_regex(form: str) -> str:
    parts = []
    for char in form:
        if char == " ":
            parts.append(_SPACE)
        elif char in _DASHES:
            parts.append(_HYPHEN)
        elif char in "'\u2019":
            parts.append(_APOSTROPHE)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _alternative(form: str, term: Term) -> str:
    body = _form_regex(form)
    if not term.case_sensitive:
        body = f"(?i:{body})"
    # A word just before that means another sense ("a work placement"): one fixed-width
    # lookbehind per word and separator, as Python's re needs.
    body = (
        "".join(
            f"(?<!(?i:{re.escape(word)}){sep})" for word in term.not_after for sep in (" ", "-")
        )
        + body
    )
    tail = r"(?!\w)"
    if term.not_before:
        words = "|".join(re.escape(w) for w in term.not_before)
        tail += rf"(?!\s+(?i:{words})\b)"
    return body + tail


def _check_unique(terms: tuple[Term, ...]) -> None:
    # Two terms sharing a written form would make the glossary say two things at once.
    # Forms of two case-sensitive terms that differ only in case ("CPs", "CPS") never match
    # the same text, so they may both exist.
    exact: dict[str, str] = {}
    folded: dict[str, tuple[str, bool]] = {}
    for term in terms:
        for form in surface_forms(term):
            key = re.sub(rf"[\s{_DASH_CLASS}'\u2019]+", "", form)
            if exact.setdefault(key, term.term) != term.term:
                raise ValueError(f"{form!r} belongs to both {exact[key]!r} and {term.term!r}")
            other, other_sensitive = folded.setdefault(
                key.casefold(), (term.term, term.case_sensitive)
            )
            if other != term.term and not (term.case_sensitive and other_sensitive):
                raise ValueError(f"{form!r} belongs to both {other!r} and {term.term!r}")


def _compile(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], tuple[Term, ...]]:
    """One regex; group n matches a form of the n-th entry of the returned tuple.

    Alternatives are grouped by first letter (one cheap lookahead rejects most of them at
    each word start) and ordered longest first within a group, so that at any position
    the longest form wins: "section 47 enquiry" before "section 47", "CP plan" before "CP".
    """
    _check_unique(terms)
    by_letter: dict[str, list[tuple[str, Term]]] = {}
    for term in terms:
        for form in surface_forms(term):
            by_letter.setdefault(form[0].casefold(), []).append((form, term))
    owners: list[Term] = []
    groups = []
    for letter, entries in sorted(by_letter.items()):
        entries.sort(key=lambda entry: -len(entry[0]))
        branches = []
        for form, term in entries:
            owners.append(term)
            branches.append(f"({_alternative(form, term)})")
        guard = re.escape(letter) + re.escape(letter.upper())
        groups.append(f"(?=[{guard}])(?:{'|'.join(branches)})")
    return re.compile(rf"(?<!\w)(?:{'|'.join(groups)})"), tuple(owners)


TERMS: tuple[Term, ...] = _load_terms()
_JARGON, _GROUP_OWNER = _compile(TERMS)

# ------------------------------------------------------------------ the other patterns

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)

_IRREGULAR_PARTICIPLES = (
    "seen taken given spoken written broken chosen driven eaten fallen forgotten hidden "
    "stolen woken beaten bitten shaken shown known thrown grown drawn worn torn sworn done "
    "made told brought found held kept left put said sent set thought heard felt met paid "
    "read built caught taught bought hurt hit cut shut understood won lost fed led sold "
    "spent struck sought"
).split()
# Words in -ed that are not participles, or participles read as plain adjectives
# ("Mum is worried", "the centre is closed"): flagging these would only nag.
_NOT_PASSIVE = frozenset(
    "need speed seed feed weed bleed breed greed indeed hundred sacred naked wicked rugged "
    "ragged crooked kindred shed tired scared frightened worried excited pleased interested "
    "bored married divorced separated ashamed supposed relieved surprised shocked confused "
    "annoyed embarrassed amazed delighted determined concerned involved settled unsettled "
    "called based allowed closed".split()
)
_AUXILIARY = (
    r"(?:(?:has|have|had|will|would|shall|should|must|can|could|may|might|cannot"
    r"|can['\u2019]t|won['\u2019]t|wouldn['\u2019]t|shouldn['\u2019]t|mustn['\u2019]t"
    r"|hasn['\u2019]t|haven['\u2019]t|hadn['\u2019]t)\s+(?:not\s+)?)?"
)
_BE = r"(?:(?:am|is|are|was|were)\s+being|am|is|are|was|were|be|been|being)"
_ADVERBS = r"(?:(?:not|never|also|already|just|still|then|now|often|always|only|\w+ly)\s+)*"
_PASSIVE = re.compile(
    rf"(?i)\b{_AUXILIARY}{_BE}\s+{_ADVERBS}"
    rf"(?P<participle>\w{{2,}}ed|{'|'.join(_IRREGULAR_PARTICIPLES)})\b"
)
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")

# ------------------------------------------------------------------ the checks


def find_jargon(text: str) -> list[Finding]:
    findings = []
    for match in _JARGON.finditer(text):
        term = _GROUP_OWNER[match.lastindex - 1] if match.lastindex else None
        if term is None:  # cannot happen: every branch is a group; kept for the type checker
            continue
        findings.append(
            Finding(
                start=match.start(),
                end=match.end(),
                kind="jargon",
                text=match.group(),
                term=term.term,
                suggestion=term.plain,
                explanation=term.explain,
            )
        )
    return findings


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of sentences, trimmed of surrounding spaces; a line break also ends one."""
    for match in _SENTENCE.finditer(text):
        chunk = match.group()
        start = match.start() + len(chunk) - len(chunk.lstrip())
        end = match.end() - len(chunk) + len(chunk.rstrip())
        if start < end:
            yield start, end


def find_long_sentences(text: str) -> list[Finding]:
    findings = []
    for start, end in _sentences(text):
        words = len(_WORD.findall(text, start, end))
        if words > LONG_SENTENCE_WORDS:
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    kind="long_sentence",
                    text=text[start:end],
                    term=None,
                    suggestion="Split this into two or three shorter sentences.",
                    explanation=(
                        f"This sentence has {words} words. Sentences of "
                        f"{LONG_SENTENCE_WORDS} words or fewer are easier to read."
                    ),
                )
            )
    return findings


def find_passive_voice(text: str) -> list[Finding]:
    findings = []
    for match in _PASSIVE.finditer(text):
        if match.group("participle").casefold() in _NOT_PASSIVE:
            continue
        findings.append(
            Finding(
                start=match.start(),
                end=match.end(),
                kind="passive_voice",
                text=match.group(),
                term=None,
                suggestion='Say who did it: "the nurse saw Sam", not "Sam was seen".',
                explanation="It is clearer to say who did something.",
            )
        )
    return findings


def _syllables(word: str) -> int:
    # textstat's own English syllable count needs NLTK's cmudict, which it downloads at
    # first use: a network call inside a request, and it fails offline. Vowel groups with
    # the common silent endings are close enough for a reading age.
    lower = word.casefold()
    count = len(_VOWEL_GROUPS.findall(lower))
    if count > 1 and lower.endswith("e") and not lower.endswith(("le", "ee", "ye")):
        count -= 1  # silent e: "home", "make"
    elif (
        count > 1
        and lower.endswith(("es", "ed"))
        and not lower.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "shes", "ches", "xes"))
    ):
        count -= 1  # "moves", "raised"
    return max(1, count)


def reading_age(text: str) -> int:
    """Flesch-Kincaid grade + 5 (US grade 1 is age 6), clamped; 0 for text with no words."""
    words = _WORD.findall(text)
    if not words:
        return 0
    words_per_sentence = textstat.words_per_sentence(text) or len(words)
    syllables_per_word = sum(map(_syllables, words)) / len(words)
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    return max(READING_AGE_MIN, min(READING_AGE_MAX, round(grade + 5)))


def check(text: str) -> Report:
    findings = [*find_jargon(text), *find_long_sentences(text), *find_passive_voice(text)]
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    age = reading_age(text)
    return Report(
        findings=tuple(findings),
        reading_age=age,
        over_target=age > READING_AGE_TARGET,
    )


def has_jargon(text: str) -> bool:
    return _JARGON.search(text) is not None


_GLOSSARY = tuple(
    sorted(
        (GlossaryEntry(t.term, t.kind, t.plain, t.explain) for t in TERMS),
        key=lambda entry: (entry.term.casefold(), entry.term),
    )
)


def glossary() -> list[GlossaryEntry]:
    """Every term with its plain words and explanation, for the family portal's tap-a-term."""
    return list(_GLOSSARY)


def summarise(texts: Iterable[str]) -> PlainLanguageState:
    count = over = jargon = 0
    for text in texts:
        count += 1
        over += reading_age(text) > READING_AGE_TARGET
        jargon += has_jargon(text)
    return PlainLanguageState(texts=count, over_target=over, with_jargon=jargon)
