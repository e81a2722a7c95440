"""Display labels of concepts and variants: Arabic, an English gloss, or both.

Tables carry identifiers (``the_dead``, ``martyrs``); a reader needs the
words. The lexicon holds a display label (``label``, Arabic) and a gloss
(``label_en``) for every concept and variant; figure functions take
``labels="ar" | "en" | "both"`` and a lexicon and ask this module for the
text to print.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

LABEL_CHOICES = ("ar", "en", "both")


def _check(labels: str) -> None:
    if labels not in LABEL_CHOICES:
        raise ValueError(f"labels is one of {LABEL_CHOICES}; got {labels!r}")


def readable(ident: object) -> str:
    """An identifier as words: ``the_dead`` → ``the dead``."""
    return str(ident).replace("_", " ")


def _compose(ar: object, en: object, ident: str, labels: str) -> str:
    # A label equal to its identifier is the model's fallback: shown as words.
    ar = ar if isinstance(ar, str) and ar.strip() and ar != ident else readable(ident)
    en = en if isinstance(en, str) and en.strip() and en != ident else readable(ident)
    if labels == "ar":
        return ar
    if labels == "en":
        return en
    return ar if ar == en else f"{ar} ({en})"


def variant_names(lexicon: object | None, *, labels: str = "ar") -> dict[tuple[str, str], str]:
    """``(concept, variant)`` → display text, from a lexicon's ``variants`` table.

    Parameters
    ----------
    lexicon : Lexicon or None
        None gives an empty mapping (identifiers are shown).
    labels : {"ar", "en", "both"}
        Arabic label, English gloss, or both («شهداء (martyrs)»).

    Returns
    -------
    dict

    Examples
    --------
    >>> from toolkit.lexicon import load_lexicon
    >>> names = variant_names(load_lexicon({"name": "x", "concepts": {"dead": {"variants": {
    ...     "martyrs": {"frame": "f", "label_en": "martyrs", "terms": ["شهداء"]}}}}}), labels="both")
    >>> names[("dead", "martyrs")]
    'شهداء (martyrs)'
    """
    _check(labels)
    if lexicon is None:
        return {}
    table: pd.DataFrame = lexicon.variants
    ar = table["label"] if "label" in table.columns else table["variant"]
    en = table["label_en"] if "label_en" in table.columns else table["variant"]
    return {
        (str(c), str(v)): _compose(a, e, str(v), labels)
        for c, v, a, e in zip(table["concept"], table["variant"], ar, en, strict=True)
    }


def concept_names(lexicon: object | None, *, labels: str = "ar") -> dict[str, str]:
    """Concept id → display text (see :func:`variant_names`).

    Parameters
    ----------
    lexicon : Lexicon or None
        Gives the labels (``Lexicon.concept_labels``); None gives an empty mapping.
    labels : {"ar", "en", "both"}
        The Arabic label, the English gloss, or both.

    Returns
    -------
    dict
        Concept id → text.

    Examples
    --------
    >>> from toolkit.lexicon import load_lexicon
    >>> concept_names(load_lexicon({"name": "x", "concepts": {"dead": {"label": "القتلى",
    ...     "label_en": "the dead", "variants": {"m": {"frame": "f", "terms": ["شهداء"]}}}}}), labels="en")
    {'dead': 'the dead'}
    """
    _check(labels)
    if lexicon is None:
        return {}
    table = getattr(lexicon, "concept_labels", None)
    if table is None or not len(table):
        return {str(c): str(c) for c in getattr(lexicon, "concepts", {})}
    return {
        str(c): _compose(a, e, str(c), labels)
        for c, a, e in zip(table["concept"], table["label"], table["label_en"], strict=True)
    }


def name_of(names: Mapping, key: object, default: object) -> str:
    """The display text of ``key``, or ``default`` as a string."""
    return str(names.get(key, default))
