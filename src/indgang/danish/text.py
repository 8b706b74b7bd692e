"""Danish text analysis for the guide and the catalog: tokens, stems, compounds, misspellings,
synonyms.

The :class:`Analyzer` is fitted once on the catalog's own text. It turns a text into index
terms (for offers) or into a weighted :class:`QueryAnalysis` (for a company's request):

* words are lower-cased, NFC-normalised and split; hyphenated words ("e-handel",
  "SaaS-virksomhed") are kept joined and also yield their parts;
* every word is stemmed with Snowball's Danish stemmer (PyStemmer); a noun in ``-ning`` /
  ``-ing`` also yields the verb stem ("rekruttering" -> "rekrut", like "rekruttere");
* compounds are split with the catalog's vocabulary and the linking morphemes ``-s-`` and
  ``-e-`` ("eksportrådgivning" -> eksport + rådgivning, "generationsskifte" -> generation +
  skifte); the whole word is kept too;
* a word the catalog does not know is corrected to the nearest known word (rapidfuzz,
  Levenshtein distance 1 for short words, 2 for long ones), after trying the ASCII spellings
  "aa", "ae", "oe" for "å", "æ", "ø";
* everyday words and phrases ("penge", "sælge til Tyskland", "hire") are looked up in the
  domain lexicon (:mod:`.lexicon`) and yield themes and extra catalog words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .lexicon import LINKING_MORPHEMES, NUMBER_WORDS, SHORT_WORDS, STOPWORDS, SYNONYMS

_WORD_RE = re.compile(r"[0-9a-zæøåäöüéè]+(?:[-'’][0-9a-zæøåäöüéè]+)*")
_HYPHEN_RE = re.compile(r"[-'’]")
_ASCII_FOLDS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))

MIN_PART = 4  # shortest compound part, except the SHORT_WORDS
MIN_COMPOUND = 7  # shortest word worth splitting
MAX_PARTS = 3
MAX_QUERY_WORDS = 300  # a request longer than this is read up to here
SHORT_STEM = 3  # stems this short trigger synonyms only in the forms the lexicon lists

# Weights of the kinds of query terms, relative to a word as typed.
PART_WEIGHT = 0.6
VARIANT_WEIGHT = 0.8
FUZZY_WEIGHT = 0.8
EXPANSION_WEIGHT = 0.35


def normalize(text: str) -> str:
    """Lower-case, NFC-normalised text."""
    return unicodedata.normalize("NFC", text or "").lower()


class Token(NamedTuple):
    """One word of a text as written (lower-cased), with its position."""

    surface: str
    position: int
    is_stop: bool
    is_number: bool


def _is_number(word: str) -> bool:
    return _HYPHEN_RE.sub("", word).isdigit() or word in NUMBER_WORDS


def tokenize(text: str) -> list[Token]:
    """Split a text into words; stopwords are marked, not dropped (phrases need positions)."""
    return [
        Token(word, position, word in STOPWORDS, _is_number(word))
        for position, word in enumerate(_WORD_RE.findall(normalize(text)))
    ]


def content_words(text: str) -> list[str]:
    """The words of a text without stopwords (the fast path for indexing)."""
    return [word for word in _WORD_RE.findall(normalize(text)) if word not in STOPWORDS]


class Word(NamedTuple):
    """A word of a request as the analyzer reads it (the same wherever it occurs).

    ``correction``: (as written, corrected) for a misspelling; ``terms``: (stem, weight)
    pairs; ``main``: the stem phrases are matched on; ``synonyms``: the lexicon entries
    (numbers in ``SYNONYMS``) the word triggers on its own.
    """

    correction: tuple[str, str] | None
    terms: tuple[tuple[str, float], ...]
    main: str
    synonyms: tuple[int, ...]


@dataclass
class QueryAnalysis:
    """A request as the ranker sees it.

    ``terms``: stem -> weight; ``term_words``: stem -> the words of the request it came from
    (for explanations); ``themes``: theme -> strength in (0, 1]; ``theme_words``: theme ->
    the words that signalled it; ``corrections``: misspelled word -> corrected word.
    """

    terms: dict[str, float] = field(default_factory=dict)
    term_words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    themes: dict[str, float] = field(default_factory=dict)
    theme_words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    corrections: dict[str, str] = field(default_factory=dict)

    def add_term(self, stem: str, weight: float, word: str | None) -> None:
        if not stem or weight <= 0:
            return
        if weight > self.terms.get(stem, 0.0):
            self.terms[stem] = weight
        if word:
            self.term_words[stem].add(word)


class Analyzer:
    """Danish analysis fitted on a catalog's vocabulary; see the module docstring."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("danish")
        self._stem_cache: dict[str, str] = {}
        counts: Counter[str] = Counter()
        for text in texts:
            for word in content_words(text):
                if word.isdigit():
                    continue
                for form in self._surface_forms(word):
                    counts[form] += 1
        self.catalog_words: Counter[str] = counts
        lexicon_words: Counter[str] = Counter()
        for synonym in SYNONYMS:
            for phrase in (*synonym.triggers, synonym.expansions):
                for token in tokenize(phrase):
                    if not token.is_stop:
                        for word in self._surface_forms(token.surface):
                            lexicon_words[word] += 1
        self.lexicon_words = lexicon_words
        # words that may be parts of compounds, with their frequency
        self._parts: Counter[str] = Counter(
            {
                word: count
                for word, count in (counts + lexicon_words).items()
                if word not in STOPWORDS
                and (len(word) >= MIN_PART or word in SHORT_WORDS)
                and word.isalpha()
            }
        )
        self._part_stems: set[str] = {self.stem(word) for word in self._parts}
        self.decompound = lru_cache(maxsize=200_000)(self._decompound)
        self._word_terms_cache: dict[str, tuple[str, ...]] = {}
        self.known_stems: set[str] = set()
        for word in counts:
            self.known_stems.update(self.word_terms(word))
        self._synonym_index = self._build_synonym_index()
        self._fuzzy_choices = sorted(
            (w for w in (counts + lexicon_words) if len(w) >= 4 and w.isalpha()),
            key=lambda w: (-(counts[w] + lexicon_words[w]), w),
        )
        self._fuzzy_by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._fuzzy_choices:
            self._fuzzy_by_length[len(word)].append(word)
        # a word's correction and a synonym's expansion terms depend on the catalog alone:
        # worked out once per word (the fuzzy search scans the vocabulary) and then reused
        self.correct = lru_cache(maxsize=100_000)(self._correct)
        self.read_word = lru_cache(maxsize=100_000)(self._read_word)
        self._expansion_terms: dict[object, tuple[str, ...]] = {}

    # -- words ----------------------------------------------------------------------------

    @staticmethod
    def _surface_forms(word: str) -> list[str]:
        """A hyphenated word as one joined word plus its parts; a plain word as itself."""
        if "-" not in word and "'" not in word and "’" not in word:
            return [word]
        parts = [part for part in _HYPHEN_RE.split(word) if len(part) >= 2]
        return [_HYPHEN_RE.sub("", word), *parts]

    def stem(self, word: str) -> str:
        stem = self._stem_cache.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word)
            self._stem_cache[word] = stem
        return stem

    def variant(self, word: str) -> str | None:
        """The verb stem behind a noun in -ning/-ing ("rekruttering" -> "rekrut")."""
        for suffix in ("ningen", "ninger", "ning", "ingen", "inger", "ing"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 5:
                stem = self.stem(word[: -len(suffix)])
                return stem if len(stem) >= 5 and stem != self.stem(word) else None
        return None

    def _is_head(self, part: str) -> bool:
        return (len(part) >= MIN_PART or part in SHORT_WORDS) and (
            part in self._parts or self.stem(part) in self._part_stems
        )

    def _is_modifier(self, part: str) -> bool:
        return (len(part) >= MIN_PART or part in SHORT_WORDS) and part in self._parts

    def _decompound(self, word: str) -> tuple[str, ...]:
        """Split a compound into known words; ``()`` when it is no compound we can split."""
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return ()
        best: tuple[int, float, tuple[str, ...]] | None = None

        def search(start: int, parts: tuple[str, ...], score: float) -> None:
            nonlocal best
            rest = word[start:]
            if parts and self._is_head(rest):
                found = (len(parts) + 1, -(score + self._parts.get(rest, 1)), (*parts, rest))
                if best is None or found[:2] < best[:2]:
                    best = found
            if len(parts) + 1 >= MAX_PARTS:
                return
            for end in range(start + 3, len(word) - 2):
                for link in LINKING_MORPHEMES:
                    if link and not word[start:end].endswith(link):
                        continue
                    modifier = word[start : end - len(link)] if link else word[start:end]
                    if self._is_modifier(modifier):
                        search(end, (*parts, modifier), score + self._parts[modifier])

        search(0, (), 0.0)
        return best[2] if best else ()

    def word_terms(self, word: str) -> list[str]:
        """Index terms of one surface word: its stem, verb variant, compound parts' stems."""
        cached = self._word_terms_cache.get(word)
        if cached is None:
            cached = tuple(self._word_terms(word))
            if len(self._word_terms_cache) < 500_000:
                self._word_terms_cache[word] = cached
        return list(cached)

    def _word_terms(self, word: str) -> list[str]:
        terms = [self.stem(word)]
        variant = self.variant(word)
        if variant:
            terms.append(variant)
        for part in self.decompound(word):
            terms.append(self.stem(part))
            part_variant = self.variant(part)
            if part_variant:
                terms.append(part_variant)
        return terms

    def index_terms(self, text: str) -> list[str]:
        """The terms a text is indexed under (stopwords dropped)."""
        terms: list[str] = []
        for word in content_words(text):
            for form in self._surface_forms(word):
                terms.extend(self.word_terms(form))
        return terms

    def correct(self, word: str) -> str | None:  # replaced per instance by a cached one
        """The catalog word nearest to an unknown word, or ``None``."""
        return self._correct(word)

    def _correct(self, word: str) -> str | None:
        if len(word) < 4 or not word.isalpha():
            return None
        for ascii_form, letter in _ASCII_FOLDS:
            if ascii_form in word:
                folded = word.replace(ascii_form, letter)
                if folded in self.catalog_words or folded in self.lexicon_words:
                    return folded
        max_distance = 1 if len(word) <= 6 else 2
        choices = [
            choice
            for length in range(len(word) - max_distance, len(word) + max_distance + 1)
            for choice in self._fuzzy_by_length.get(length, ())
        ]
        if not choices:
            return None
        found = process.extractOne(
            word, choices, scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        return found[0] if found else None

    def is_known(self, word: str) -> bool:
        if word in self.catalog_words or word in self.lexicon_words:
            return True
        stem = self.stem(word)
        return (
            stem in self.known_stems or stem in self._synonym_stems or bool(self.decompound(word))
        )

    # -- synonyms -------------------------------------------------------------------------

    def _phrase_key(self, phrase: str) -> tuple[str, ...]:
        words = [
            word
            for token in tokenize(phrase)
            if not token.is_stop
            for word in self._surface_forms(token.surface)[:1]
        ]
        return tuple(self.stem(word) for word in words)

    def _build_synonym_index(self) -> dict[tuple[str, ...], list[int]]:
        index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        # a stem of three letters or fewer is ambiguous ("ledere" and "ledige" are both
        # "led"): such a single-word trigger matches only the forms written in the lexicon
        self._short_trigger_forms: dict[tuple[str, int], set[str]] = defaultdict(set)
        for number, synonym in enumerate(SYNONYMS):
            for trigger in synonym.triggers:
                key = self._phrase_key(trigger)
                if key and number not in index[key]:
                    index[key].append(number)
                if len(key) == 1 and len(key[0]) <= SHORT_STEM:
                    form = _HYPHEN_RE.sub("", normalize(trigger))
                    self._short_trigger_forms[(key[0], number)].add(form)
        self._synonym_stems = {stem for key in index for stem in key}
        self._size_nouns = {
            key[0]
            for synonym in SYNONYMS
            if synonym.size_noun
            for key in map(self._phrase_key, synonym.triggers)
            if len(key) == 1
        }
        self._max_phrase = max((len(key) for key in index), default=1)
        return dict(index)

    # -- requests -------------------------------------------------------------------------

    def analyze_query(self, text: str) -> QueryAnalysis:
        """Terms (with weights), themes and corrections of a request in the company's words."""
        analysis = QueryAnalysis()
        tokens = tokenize(text)[:MAX_QUERY_WORDS]
        # the content words, each as read by ``read_word``
        content: list[tuple[Token, Word]] = []
        for index, token in enumerate(tokens):
            if token.is_stop or token.is_number:
                continue
            after_number = index > 0 and tokens[index - 1].is_number
            if after_number and self.stem(token.surface) in self._size_nouns:
                continue  # "6 ansatte", "40 medarbejdere": the company's size, not a need
            word = self.read_word(token.surface)
            if word.correction:
                analysis.corrections[word.correction[0]] = word.correction[1]
            for stem, weight in word.terms:
                analysis.add_term(stem, weight, token.surface)
            content.append((token, word))

        # synonyms: the longest phrase first at each word, each synonym once per word
        for start in range(len(content)):
            matched: set[int] = set()
            for length in range(min(self._max_phrase, len(content) - start), 1, -1):
                window = content[start : start + length]
                key = tuple(word.main for _token, word in window)
                for number in self._synonym_index.get(key, ()):
                    if number not in matched:
                        matched.add(number)
                        words = " ".join(token.surface for token, _word in window)
                        self._apply_synonym(analysis, SYNONYMS[number], words)
            token, word = content[start]
            for number in word.synonyms:
                if number not in matched:
                    matched.add(number)
                    self._apply_synonym(analysis, SYNONYMS[number], token.surface)
        return analysis

    def read_word(self, surface: str) -> Word:  # replaced per instance by a cached one
        """One word of a request: its weighted terms, correction and one-word synonyms."""
        return self._read_word(surface)

    def _read_word(self, surface: str) -> Word:
        forms = self._surface_forms(surface)
        main = forms[0]
        if not self.is_known(main) and len(forms) == 1:
            corrected = self.correct(main)
            if corrected and corrected != main:
                stems = self.word_terms(corrected)
                terms = tuple(dict.fromkeys((stem, FUZZY_WEIGHT) for stem in stems))
                return self._with_synonyms(
                    surface, (main, corrected), terms, self.stem(corrected), stems
                )
        terms: list[tuple[str, float]] = []
        stems: list[str] = []
        for number, form in enumerate(forms):
            form_terms = self.word_terms(form)
            variant = self.variant(form) if number == 0 else None
            for rank, stem in enumerate(form_terms):
                if number == 0 and rank == 0:
                    weight = 1.0
                elif stem == variant:
                    weight = VARIANT_WEIGHT
                else:
                    weight = PART_WEIGHT
                terms.append((stem, weight))
            stems.extend(form_terms)
        return self._with_synonyms(surface, None, tuple(terms), self.stem(main), stems)

    def _with_synonyms(
        self,
        surface: str,
        correction: tuple[str, str] | None,
        terms: tuple[tuple[str, float], ...],
        main: str,
        stems: list[str],
    ) -> Word:
        """The word, with the lexicon entries its stems trigger on their own."""
        keys = dict.fromkeys([main, *stems])
        synonyms = tuple(
            dict.fromkeys(
                number
                for stem in keys
                for number in self._synonym_index.get((stem,), ())
                if self._trigger_allowed(stem, number, surface)
            )
        )
        return Word(correction, terms, main, synonyms)

    def _trigger_allowed(self, stem: str, number: int, surface: str) -> bool:
        forms = self._short_trigger_forms.get((stem, number))
        if not forms:
            return True
        word = _HYPHEN_RE.sub("", surface)
        return word in forms or any(part in forms for part in self.decompound(word))

    def _apply_synonym(self, analysis: QueryAnalysis, synonym, words: str) -> None:
        for theme, strength in synonym.themes:
            analysis.themes[theme] = min(1.0, analysis.themes.get(theme, 0.0) + strength)
            analysis.theme_words[theme].add(words)
        terms = self._expansion_terms.get(synonym)
        if terms is None:
            terms = tuple(
                stem
                for word in tokenize(synonym.expansions)
                if not word.is_stop
                for form in self._surface_forms(word.surface)
                for stem in self.word_terms(form)[:2]
            )
            self._expansion_terms[synonym] = terms
        for stem in terms:
            analysis.add_term(stem, EXPANSION_WEIGHT, None)
