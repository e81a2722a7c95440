"""Clitic expansion on the lexicon side.

Instead of stripping clitics from every word of the corpus, each term is
expanded once into the written forms it can take («حماس» → «وحماس»,
«لحماس», «فبحماس», …). The forms go into one Aho-Corasick automaton, so the
corpus is scanned once whatever the number of terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.arabic.normalize import normalize
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
    #: Offsets in ``key`` whose ي must be written ى in the text (``fold_ya: false``).
    strict_ya: tuple[int, ...] = ()


def _prefixes(first_word: str, term: Term, min_stem: int, article: bool) -> list[tuple[str, str]]:
    """Return ``(prefix to add, proclitics as written)`` pairs."""
    pairs = _all_prefixes(first_word, term, min_stem, article)
    if not term.skip_proclitics:
        return pairs
    kept = []
    for prefix, written in pairs:
        rest = written[1:] if written[:1] in ("و", "ف") else written
        if not any(rest.startswith(skip) for skip in term.skip_proclitics):
            kept.append((prefix, written))
    return kept


def _all_prefixes(first_word: str, term: Term, min_stem: int, article: bool) -> list[tuple[str, str]]:
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
            articles = ("", ARTICLE) if article else ("",)
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


def _stems(term: Term) -> list[tuple[str, str, bool, bool]]:
    """The term and the word forms its ``forms`` option asks for.

    Returns ``(key, clean text, takes the article, takes enclitics)``.
    """
    clean = " ".join(normalize(term.text, level="clean").split())
    stems = [(term.key, clean, term.article, term.enclitics)]

    def add(text: str, *, article: bool = term.article, enclitics: bool = term.enclitics) -> None:
        stems.append((term_key(text), text, article, enclitics))

    forms = set(term.forms)
    feminine = clean.endswith("ة")
    if "dual" in forms:
        # The dual's ن drops before a pronoun; those forms are not generated.
        stem = clean[:-1] + "ت" if feminine else clean
        add(stem + "ان", enclitics=False)
        add(stem + "ين", enclitics=False)
    if "feminine" in forms and not feminine:
        add(clean + "ة")
        add(clean + "ات")
    if "plural" in forms:
        add(clean + "ون", enclitics=False)
        add(clean + "ين", enclitics=False)
        add(clean + "و")
        add(clean + "ي")
    if "construct" in forms:
        add(clean[:-1])  # «مسلحين» → «مسلحي», «مسلحون» → «مسلحو»
    definite = clean.startswith(ARTICLE)
    if "accusative" in forms and not definite and not clean.endswith(("ة", "ا", "ى", "اء")):
        # The indefinite accusative's alef; tanween is a diacritic, removed
        # by normalization, so «هجوماً» and «هجوما» are one key.
        add(clean + "ا", article=False, enclitics=False)
    return stems


def _enclitic_stems(key: str, clean: str) -> list[str]:
    """How a stem is written before a pronoun suffix."""
    if clean.endswith("ة"):
        return [key[:-1] + "ت"]  # «أسيرة» → «أسيرتها»
    if clean.endswith("ى"):
        return [key[:-1] + "ا"]  # «قتلى» → «قتلاهم», «أسرى» → «أسرانا»
    if clean.endswith("اء"):
        # The hamza sits on the line, on و or on ي with the case:
        # «شهداءنا», «شهداؤنا», «شهدائنا».
        return [key, key[:-1] + "ؤ", key[:-1] + "ئ"]
    return [key]


def _strict_ya(key: str, suffix: str, clean: str) -> tuple[int, ...]:
    """Offsets in ``key`` of the stem's ى (aligned from the end of the stem)."""
    body_end = len(key) - len(suffix)
    out = []
    for i, ch in enumerate(clean):
        if ch == "ى":
            position = body_end - (len(clean) - i)
            if 0 <= position < len(key) and key[position] == "ي":
                out.append(position)
    return tuple(out)


def expand_forms(term: Term, *, min_stem: int) -> list[tuple[str, str, str, tuple[int, ...]]]:
    """Written forms of a term, with the positions of a strict ى.

    Parameters
    ----------
    term : Term
        The term.
    min_stem : int
        As for :func:`expand_term`.

    Returns
    -------
    list of tuple
        ``(key, proclitics, enclitic, strict_ya)``; ``strict_ya`` (offsets
        in ``key``) is empty unless the term says ``fold_ya: false``.
    """
    forms: list[tuple[str, str, str, tuple[int, ...]]] = []
    seen: set[str] = set()
    if term.min_stem is not None:
        min_stem = term.min_stem
    for stem_key, clean, article, enclitics in _stems(term):
        first_word = stem_key.split(" ")[0]
        has_article = first_word.startswith(ARTICLE) and len(first_word) > len(ARTICLE) + 1
        for prefix, written in _prefixes(first_word, term, min_stem, article):
            if has_article and prefix.endswith("ل") and written.endswith("ل"):
                key = prefix + stem_key[1:]
            else:
                key = prefix + stem_key
            candidates = [(key, "")]
            carries_article = has_article or written.endswith(ARTICLE) or written.endswith("لل")
            if enclitics and not carries_article:
                for stem in _enclitic_stems(key, clean):
                    candidates.extend((stem + suffix, suffix) for suffix in ENCLITICS)
            for form_key, suffix in candidates:
                if form_key in seen:
                    continue
                seen.add(form_key)
                strict = () if term.fold_ya else _strict_ya(form_key, suffix, clean)
                forms.append((form_key, written, suffix, strict))
    return forms


def expand_term(term: Term, *, min_stem: int) -> list[tuple[str, str, str]]:
    """Written forms of a term.

    Parameters
    ----------
    term : Term
        The term.
    min_stem : int
        Shorter first words take single-letter proclitics only with ال
        (the term's own ``min_stem`` wins where it has one).

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
    >>> t = Term("شهداء", "شهداء", "c", "v", "f", enclitics=True)
    >>> {"شهداءنا", "شهداونا", "شهدائنا"} <= {k for k, _, _ in expand_term(t, min_stem=4)}
    False
    >>> {"شهداءنا", "شهداؤنا", "شهدائنا"} <= {k for k, _, _ in expand_term(t, min_stem=4)}
    True
    >>> t = Term("رهينة", "رهينه", "c", "v", "f", forms=("dual",))
    >>> sorted(k for k, _, _ in expand_term(t, min_stem=4) if not k.startswith(("و", "ف", "ب", "ل", "ك")))
    ['الرهينتان', 'الرهينتين', 'الرهينه', 'رهينتان', 'رهينتين', 'رهينه']
    """
    return [(key, written, suffix) for key, written, suffix, _ in expand_forms(term, min_stem=min_stem)]


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
        for key, written, suffix, strict in expand_forms(term, min_stem=lexicon.min_stem):
            add(Form(key, index, written, suffix, False, strict))
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
