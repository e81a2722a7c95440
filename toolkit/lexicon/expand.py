"""Clitic expansion on the lexicon side.

Instead of stripping clitics from every word of the corpus, each term is
expanded once into the written forms it can take («حماس» → «وحماس»,
«لحماس», «فبحماس», …). The forms go into one Aho-Corasick automaton, so the
corpus is scanned once whatever the number of terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.lexicon.model import Lexicon, Term, term_key

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ل", "ك")
ARTICLE = "ال"
#: Pronoun suffixes tried when a term allows enclitics.
ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "نا", "ك", "كم", "كما", "كن", "ي")


@dataclass(frozen=True)
class Form:
    """One written form of a term (or of an exception phrase)."""

    key: str
    term_index: int
    proclitics: str
    enclitic: str
    is_exception: bool


def _prefixes(first_word: str, term: Term, min_stem: int) -> list[tuple[str, str]]:
    """Return ``(prefix to add, proclitics as written)`` pairs."""
    if not term.proclitics:
        return [("", "")]
    has_article = first_word.startswith(ARTICLE) and len(first_word) > len(ARTICLE) + 1
    single_word = " " not in term.key
    pairs: list[tuple[str, str]] = []
    for conj in CONJUNCTIONS:
        for prep in PREPOSITIONS:
            if has_article:
                # ل + ال is written لل: «الاحتلال» → «للاحتلال».
                if prep == "ل":
                    pairs.append((conj + "ل", conj + "ل"))
                else:
                    pairs.append((conj + prep, conj + prep))
                continue
            articles = ("", ARTICLE) if term.article else ("",)
            for art in articles:
                if not art and (conj or prep) and single_word and len(first_word) < min_stem:
                    # A short word split off a longer one («ليد» in «وليد»)
                    # is a coincidence, not a clitic. In a phrase the next
                    # words anchor the match («لجيش الاحتلال»).
                    continue
                if art and prep == "ل":
                    pairs.append((conj + "لل", conj + "لل"))
                else:
                    pairs.append((conj + prep + art, conj + prep + art))
    return pairs


def expand_term(term: Term, *, min_stem: int) -> list[tuple[str, str, str]]:
    """Written forms of a term.

    Parameters
    ----------
    term : Term
        The term.
    min_stem : int
        Shorter first words take single-letter proclitics only with ال.

    Returns
    -------
    list of tuple
        ``(key, proclitics, enclitic)``: the search key of the form, the
        proclitics it carries, the pronoun suffix it carries.

    Examples
    --------
    >>> from toolkit.lexicon.model import Term
    >>> t = Term("الاحتلال", "الاحتلال", "c", "v", "f")
    >>> sorted(k for k, _, _ in expand_term(t, min_stem=4))[:4]
    ['الاحتلال', 'بالاحتلال', 'فالاحتلال', 'فبالاحتلال']
    >>> "للاحتلال" in {k for k, _, _ in expand_term(t, min_stem=4)}
    True
    """
    first_word = term.key.split(" ")[0]
    has_article = first_word.startswith(ARTICLE) and len(first_word) > len(ARTICLE) + 1
    if term.min_stem is not None:
        min_stem = term.min_stem
    forms: list[tuple[str, str, str]] = []
    for prefix, written in _prefixes(first_word, term, min_stem):
        if has_article and prefix.endswith("ل") and written.endswith("ل"):
            key = prefix + term.key[1:]
        else:
            key = prefix + term.key
        forms.append((key, written, ""))
        carries_article = has_article or written.endswith(ARTICLE) or written.endswith("لل")
        if term.enclitics and not carries_article:
            stem = key[:-1] + "ت" if term.text.rstrip().endswith("ة") else key
            forms.extend((stem + suffix, written, suffix) for suffix in ENCLITICS)
    return forms


def expand_lexicon(lexicon: Lexicon) -> dict[str, Form]:
    """All written forms of all terms and exceptions, keyed by form.

    Where two terms produce the same form, the one that needs fewer
    proclitics keeps it (the more literal reading).
    """
    forms: dict[str, Form] = {}

    def add(form: Form) -> None:
        current = forms.get(form.key)
        if current is None or (
            not current.is_exception
            and not form.is_exception
            and len(form.proclitics) < len(current.proclitics)
        ):
            forms[form.key] = form
        elif form.is_exception and not current.is_exception and current.key == form.key:
            forms[form.key] = form

    for index, term in enumerate(lexicon.terms):
        for key, written, suffix in expand_term(term, min_stem=lexicon.min_stem):
            add(Form(key, index, written, suffix, False))
    for index, term in enumerate(lexicon.terms):
        for exception in term.exceptions:
            pseudo = Term(
                exception, term_key(exception), term.concept, term.variant, term.frame, article=term.article
            )
            for key, written, suffix in expand_term(pseudo, min_stem=lexicon.min_stem):
                add(Form(key, index, written, suffix, True))
    return forms


@dataclass(frozen=True)
class AnchorForm:
    """One written form of the anchors of the lexicon's scopes.

    ``scopes`` and ``exceptions`` are bit masks over the lexicon's scopes (in
    file order): the scopes this form is an anchor of, and those where it is
    an exception phrase («بني إسرائيل»), which removes the anchor it covers.
    """

    key: str
    scopes: int
    exceptions: int


def expand_scopes(lexicon: Lexicon) -> dict[str, AnchorForm]:
    """All written forms of all scope anchors and their exceptions, keyed by form.

    Examples
    --------
    >>> from toolkit.lexicon.model import load_lexicon
    >>> lex = load_lexicon({"name": "x", "scopes": {"ip": [{"term": "غزة", "min_stem": 3}]},
    ...     "concepts": {"c": {"variants": {"v": {"frame": "f", "terms": ["قتلى"], "context": "sentence"}}}}})
    >>> forms = expand_scopes(lex)
    >>> forms["وبغزه"]
    AnchorForm(key='وبغزه', scopes=1, exceptions=0)
    """
    anchors: dict[str, int] = {}
    exceptions: dict[str, int] = {}
    for position, scope in enumerate(lexicon.scopes.values()):
        bit = 1 << position
        for term in scope.terms:
            for key, _, _ in expand_term(term, min_stem=lexicon.min_stem):
                anchors[key] = anchors.get(key, 0) | bit
            for exception in term.exceptions:
                pseudo = Term(exception, term_key(exception), scope.name, "", "", article=term.article)
                for key, _, _ in expand_term(pseudo, min_stem=lexicon.min_stem):
                    exceptions[key] = exceptions.get(key, 0) | bit
    return {
        key: AnchorForm(key, anchors.get(key, 0) & ~exceptions.get(key, 0), exceptions.get(key, 0))
        for key in dict.fromkeys([*anchors, *exceptions])
    }
