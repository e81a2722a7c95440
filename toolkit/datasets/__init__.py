"""Public corpora, fetched only when asked (scikit-learn's ``fetch_*`` convention).

Nothing here runs on import and nothing is downloaded implicitly: a
``fetch_*`` call downloads a corpus once into a cache folder
(:func:`get_data_home`), checks it (:mod:`toolkit.datasets.download` says
how), and returns a :class:`Dataset` whose ``load()`` reads the native files
with :func:`toolkit.load_corpus`.

>>> import toolkit
>>> politics = ["middleEast", "internationalNews"]
>>> ant = toolkit.datasets.fetch_ant_multisource(categories=politics)  # doctest: +SKIP
>>> corpus = ant.load()  # doctest: +SKIP

:func:`find_corpus` is what the notebooks use: the shared copy beside the
checkout, else the cache, else None with the exact call that fetches it.
"""

from __future__ import annotations

from pathlib import Path

from toolkit import paths
from toolkit.datasets.corpora import (
    ANT_MULTISOURCE,
    ANT_OUTLETS,
    ANT_POLITICS_CATEGORIES,
    SAUDINEWSNET,
    Dataset,
    Remote,
    clear_data_home,
    fetch_ant_multisource,
    fetch_saudinewsnet,
    get_data_home,
)
from toolkit.datasets.download import ChecksumError, DataNotFoundError, DatasetError, verify_files

#: What :func:`find_corpus` knows: the shared file, how to fetch it, and the
#: fetcher's arguments for the same selection.
CORPORA = {
    "ant-politics": (
        lambda: paths.ANT_POLITICS,
        fetch_ant_multisource,
        {"categories": list(ANT_POLITICS_CATEGORIES)},
        'toolkit.datasets.fetch_ant_multisource(categories=["middleEast", "internationalNews"])',
    ),
    "saudinewsnet": (
        lambda: paths.SAUDINEWSNET,
        fetch_saudinewsnet,
        {},
        "toolkit.datasets.fetch_saudinewsnet()",
    ),
}


def find_corpus(
    name: str, *, data_home: str | Path | None = None, say: bool = True
) -> Path | list[Path] | None:
    """Where a corpus can be read from here, without downloading anything.

    Parameters
    ----------
    name : {"ant-politics", "saudinewsnet"}
        The corpus.
    data_home : path, optional
        Cache folder of fetched corpora.
    say : bool
        Print where it was found, or the call that fetches it.

    Returns
    -------
    path, list of paths or None
        The shared copy beside the checkout (``toolkit.paths``), else the
        fetched files in the cache, else None. Pass it to
        :func:`toolkit.load_corpus`.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> with mock.patch("toolkit.paths.ANT_POLITICS", Path("/nowhere")):
    ...     find_corpus("ant-politics", data_home=tempfile.mkdtemp())
    ant-politics: not found here. Fetch it once (it downloads; read its licence first) with:
        toolkit.datasets.fetch_ant_multisource(categories=["middleEast", "internationalNews"])
    """
    if name not in CORPORA:
        raise ValueError(f"unknown corpus {name!r}; known: {sorted(CORPORA)}")
    shared, fetch, arguments, call = CORPORA[name]
    if shared().exists():
        if say:
            print(f"{name}: the shared copy, {shared()}")
        return shared()
    try:
        dataset = fetch(data_home=data_home, download_if_missing=False, progress=False, **arguments)
    except DataNotFoundError:
        if say:
            print(
                f"{name}: not found here. Fetch it once (it downloads; read its licence first) "
                f"with:\n    {call}"
            )
        return None
    if say:
        print(f"{name}: {len(dataset.files)} fetched files in {dataset.folder}")
    return list(dataset.files)


def verify(name: str, *, data_home: str | Path | None = None) -> list[str]:
    """Files of a fetched corpus that changed since it was fetched (empty: all match).

    Parameters
    ----------
    name : {"ant-multisource", "saudinewsnet"}
        The fetched corpus.
    data_home : path, optional
        Cache folder.
    """
    remote = {r.name: r for r in (ANT_MULTISOURCE, SAUDINEWSNET)}.get(name)
    if remote is None:
        raise ValueError(f"unknown dataset {name!r}; known: ['ant-multisource', 'saudinewsnet']")
    return verify_files(get_data_home(data_home) / f"{remote.name}-{remote.commit[:12]}")


__all__ = [
    "ANT_MULTISOURCE",
    "ANT_OUTLETS",
    "ANT_POLITICS_CATEGORIES",
    "SAUDINEWSNET",
    "ChecksumError",
    "DataNotFoundError",
    "Dataset",
    "DatasetError",
    "Remote",
    "clear_data_home",
    "fetch_ant_multisource",
    "fetch_saudinewsnet",
    "find_corpus",
    "get_data_home",
    "verify",
]
