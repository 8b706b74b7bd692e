"""Danish text analysis: tokens, stems, compounds, misspellings, everyday words, themes.

Plain Python (PyStemmer, rapidfuzz), no Django. The guide's ranking and the catalog's
overlap analysis both read text through it:

    from indgang.danish import Analyzer, THEMES, content_words

    analyzer = Analyzer(catalog_texts)          # fitted once on the catalog's own text
    analyzer.analyze_query("sælge til Tyskland")  # weighted terms, recognised themes
    analyzer.index_terms(offer_text)            # the terms an offer is indexed by

:mod:`.text` is the analyser; :mod:`.lexicon` the hand-written domain vocabulary (the
catalog's themes and the everyday words companies use for them).
"""

from .lexicon import FORMAT_WORDS, INSTRUMENT_WORDS, THEME_WORDS, THEMES, UNCITED_WORDS
from .text import Analyzer, QueryAnalysis, content_words, normalize, tokenize

__all__ = [
    "FORMAT_WORDS",
    "INSTRUMENT_WORDS",
    "THEMES",
    "THEME_WORDS",
    "UNCITED_WORDS",
    "Analyzer",
    "QueryAnalysis",
    "content_words",
    "normalize",
    "tokenize",
]
