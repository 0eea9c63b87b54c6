"""The plain-language checker's rules: pure functions over text, no I/O, no framework.

Parents read the plan on their phones, often with difficulty (DESIGN.md, "Who uses it"), so
every text written for them is checked for jargon, long sentences and the passive voice,
and given a reading age against the GOV.UK target of 9. The term dictionary is data
(terms.toml beside this module), loaded once at import and compiled to a few regexes.
"""

from __future__ import annotations

import functools
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
    # Optional (added for issue 14): words that can stand in the term's own place in a
    # sentence, and their plural or verb forms. Without them a finding offers no one-click
    # replacement, only a sentence to rewrite.
    replace: str = ""
    replace_plural: str = ""
    replace_forms: tuple[str, ...] = ()  # a verb's -s, -ed and -ing forms of `replace`


class _TermFile(msgspec.Struct, forbid_unknown_fields=True):
    terms: tuple[Term, ...]


class Replacement(msgspec.Struct, frozen=True):
    """Words that can go in place of text[start:end] and leave the sentence grammatical.

    The span is the whole phrase the term belongs to: "a referral" (its article too), not
    "referral" alone, so "make a referral" becomes "make a request for help".
    """

    start: int
    end: int
    text: str


class Finding(msgspec.Struct, frozen=True):
    """Something in the text worth rewriting; text[start:end] == finding.text."""

    start: int
    end: int
    kind: FindingKind
    text: str
    term: str | None  # the dictionary term, for jargon; None otherwise
    suggestion: str
    explanation: str
    # For jargon: a safe one-click replacement, or None when the sentence must be rewritten
    # by the writer (the plain words would not fit where the term stands).
    replacement: Replacement | None = None


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


# What a written form of a term is, grammatically: the term itself (or the same word spelt
# another way: "s.47", "D.O.B."), its plural, a verb form, or another word listed with it
# ("re-referral", "escalation") that its replacement does not fit.
FormKind = Literal["base", "plural", "s", "ed", "ing", "other"]
_VERB_KINDS: tuple[FormKind, FormKind, FormKind] = ("s", "ed", "ing")


def _spelling(form: str) -> str:
    return re.sub(r"[\W_]+", "", form.casefold())


def _tagged_forms(term: Term) -> list[tuple[str, FormKind]]:
    """Every written form of a term, with what it is (see FormKind), the first tag kept."""
    tagged: list[tuple[str, FormKind]] = []
    for form in (term.term, *term.forms):
        same = _spelling(form) == _spelling(term.term)
        tagged.append((form, "base" if same else "other"))
        inflected = _inflections(form, term.inflect)
        kinds: tuple[FormKind, ...] = ("plural",) if term.inflect == "noun" else _VERB_KINDS
        tagged += [(f, k if same else "other") for f, k in zip(inflected, kinds, strict=False)]
    if term.kind == "abbreviation":
        # "EHCPs", "SWs": professionals pluralise abbreviations with a small s.
        for form in (term.term, *term.forms):
            if form[-1].isupper():
                same = _spelling(form) == _spelling(term.term)
                tagged.append((form + "s", "plural" if same else "other"))
    return _first_tags(tagged)


def _first_tags(tagged: list[tuple[str, FormKind]]) -> list[tuple[str, FormKind]]:
    seen: dict[str, FormKind] = {}
    for form, kind in tagged:
        seen.setdefault(form, kind)
    return list(seen.items())


def surface_forms(term: Term) -> tuple[str, ...]:
    """Every written form of a term: itself, its listed forms and their inflections."""
    return tuple(form for form, _ in _tagged_forms(term))


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


def _compile(
    terms: tuple[Term, ...],
) -> tuple[re.Pattern[str], tuple[tuple[Term, FormKind], ...]]:
    """One regex; group n matches a form of the n-th entry of the returned tuple.

    Alternatives are grouped by first letter (one cheap lookahead rejects most of them at
    each word start) and ordered longest first within a group, so that at any position
    the longest form wins: "section 47 enquiry" before "section 47", "CP plan" before "CP".
    """
    _check_unique(terms)
    by_letter: dict[str, list[tuple[str, Term, FormKind]]] = {}
    for term in terms:
        for form, kind in _tagged_forms(term):
            by_letter.setdefault(form[0].casefold(), []).append((form, term, kind))
    owners: list[tuple[Term, FormKind]] = []
    groups = []
    for letter, entries in sorted(by_letter.items()):
        entries.sort(key=lambda entry: -len(entry[0]))
        branches = []
        for form, term, kind in entries:
            owners.append((term, kind))
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
        owner = _GROUP_OWNER[match.lastindex - 1] if match.lastindex else None
        if owner is None:  # cannot happen: every branch is a group; kept for the type checker
            continue
        term, kind = owner
        findings.append(
            Finding(
                start=match.start(),
                end=match.end(),
                kind="jargon",
                text=match.group(),
                term=term.term,
                suggestion=term.plain,
                explanation=term.explain,
                replacement=replacement(text, match.start(), match.end(), term, kind),
            )
        )
    return findings


# ------------------------------------------------------------------ replacing a term safely

# Words that may follow a noun phrase without being the noun it describes: after them, a
# long replacement ("request for help") still reads right. After any other word the term
# may be describing the next noun ("FGC referral"), where only a short name fits.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those and or but nor so yet if when while whereas whether
    because although though unless until since after before as than then also not
    for to with at in on by from of about into onto over under through without within
    between during against among around across along near off out up down like per via
    is are was were be been being am will would can could should shall may might must
    has have had do does did isn't aren't wasn't weren't won't wouldn't can't couldn't
    shouldn't hasn't haven't hadn't don't doesn't didn't who whom whose which where why how
    we they i you he she it us them him her me our their my your his its there here
    """.split()
)
_DETERMINERS = frozenset("a an the your our their his her my its this that".split())
_ARTICLE_BEFORE = re.compile(r"(?<![\w'\u2019])(a|an|the)\s+$", re.IGNORECASE)
_OWNER_BEFORE = re.compile(
    r"(?:(?<![\w'\u2019])(?:this|that|these|those|his|her|their|my|your|our|its|each|every"
    r"|some|any|no)|\w['\u2019]s|\ws['\u2019])\s+$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?(?!\w)")
_NEXT_WORD = re.compile(r"[ \t]*([^\W_]+(?:['\u2019][^\W_]+)?)")
_ENDS_PHRASE = re.compile(r"[ \t]*(?:$|[.,;:!?)\]\n\u2013\u2014]|-\s)")
_AN_SOUNDS = ("hour", "honest", "honour", "heir")
_A_SOUNDS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")


def article_for(words: str) -> str:
    """ "a" or "an" before these (plain, spelt-out) words."""
    first = words.split()[0].casefold() if words.split() else ""
    if first.startswith(_AN_SOUNDS):
        return "an"
    if first[:1] in "aeiou" and not first.startswith(_A_SOUNDS):
        return "an"
    return "a"


def _leading_determiner(words: str) -> str | None:
    first = words.split(" ", 1)[0]
    return first if first.casefold() in _DETERMINERS else None


def _long(words: str) -> bool:
    """Words that cannot stand before a noun as its describer: "request for help",
    "family support worker" (three words or more, or a small word inside them)."""
    tokens = words.split()
    if tokens and tokens[0].casefold() in _DETERMINERS:
        tokens = tokens[1:]
    return len(tokens) >= 3 or any(t.casefold() in FUNCTION_WORDS for t in tokens[1:])


def _ends_phrase(text: str, end: int) -> bool:
    """Does the term's phrase end here: at the end, at punctuation or before a small word?"""
    if _ENDS_PHRASE.match(text, end):
        return True
    found = _NEXT_WORD.match(text, end)
    return found is not None and found.group(1).casefold() in FUNCTION_WORDS


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return before == "" or before[-1] in ".!?\n"


def _words_for(term: Term, kind: FormKind) -> str:
    if kind == "base":
        return term.replace
    if kind == "plural":
        return term.replace_plural
    if kind in _VERB_KINDS and term.replace:
        forms = term.replace_forms
        if not forms and " " not in term.replace:
            forms = _verb_forms(term.replace)
        if len(forms) == 3:
            return forms[_VERB_KINDS.index(kind)]
    return ""


def replacement(text: str, start: int, end: int, term: Term, kind: FormKind) -> Replacement | None:
    """The words to put in place of the term at text[start:end], over the whole phrase it
    belongs to, or None where no safe replacement can be made (the writer rewrites it).

    Safe means: the dictionary gives words for this form of the term (its plural, its verb
    forms); an "a" or "an" before it is made to agree ("an FGC" -> "a family meeting"); a
    replacement with its own article takes the place of the one there ("the LA" -> "the
    council") and is refused after another owner ("Leo's LA"); a long replacement is refused
    where the term describes the next word ("FGC referral") or owns something ("FGC's");
    and the first word gets a capital at the start of a sentence.
    """
    words = _words_for(term, kind)
    if not words:
        return None
    if _POSSESSIVE_AFTER.match(text, end) and (_long(words) or words.endswith("s")):
        return None
    if _long(words) and not _ends_phrase(text, end):
        return None
    before = text[:start]
    own = _leading_determiner(words)
    article = _ARTICLE_BEFORE.search(before)
    if article is not None:
        said = article.group(1)
        if own is not None:
            start = article.start(1)  # "the LA" -> "the council": theirs replaces ours
        elif said.casefold() in ("a", "an"):
            if kind == "plural":
                return None
            start = article.start(1)
            words = f"{article_for(words)} {words}"
    elif own is not None and _OWNER_BEFORE.search(before):
        return None
    if _sentence_start(text, start):
        words = words[:1].upper() + words[1:]
    return Replacement(start=start, end=end, text=words)


def sentence_around(text: str, at: int) -> tuple[int, int]:
    """The span of the sentence that holds position `at` (for a rewrite)."""
    for start, end in _sentences(text):
        if start <= at < end:
            return start, end
    return at, at


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


# The checks are pure functions of the text and of the dictionary, which is fixed when the
# module loads, and their results are immutable: a page that shows the same texts again (the
# plan editor shows 19, each checked and summarised on every render) reuses them. Bounded, per
# process; it holds texts the process has shown already.
CHECKED_TEXTS = 4096


@functools.lru_cache(maxsize=CHECKED_TEXTS)
def reading_age(text: str) -> int:
    """Flesch-Kincaid grade + 5 (US grade 1 is age 6), clamped; 0 for text with no words."""
    words = _WORD.findall(text)
    if not words:
        return 0
    words_per_sentence = textstat.words_per_sentence(text) or len(words)
    syllables_per_word = sum(map(_syllables, words)) / len(words)
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    return max(READING_AGE_MIN, min(READING_AGE_MAX, round(grade + 5)))


@functools.lru_cache(maxsize=CHECKED_TEXTS)
def check(text: str) -> Report:
    findings = [*find_jargon(text), *find_long_sentences(text), *find_passive_voice(text)]
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    age = reading_age(text)
    return Report(
        findings=tuple(findings),
        reading_age=age,
        over_target=age > READING_AGE_TARGET,
    )


@functools.lru_cache(maxsize=CHECKED_TEXTS)
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
