"""The two public corpora the notebooks use, fetched on request into a cache."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.datasets.download import (
    DATA_DIR,
    DataNotFoundError,
    DatasetError,
    compare_with_first,
    download,
    read_manifest,
    record_manifest,
    unpack,
)


@dataclass(frozen=True)
class Remote:
    """Where a corpus comes from and what its pinned commit holds."""

    name: str
    repository: str
    commit: str
    licence: str
    citation: str
    #: Article files the commit holds (relative paths matching ``pattern``).
    n_files: int
    pattern: str
    #: ``{relative path: sha256}`` overriding the package's ``checksums.json``
    #: (for a mirror of another snapshot, and for tests).
    pins: dict[str, str] | None = None

    @property
    def url(self) -> str:
        """GitHub's archive of the pinned commit."""
        return f"https://codeload.github.com/{self.repository}/tar.gz/{self.commit}"

    @property
    def pinned(self) -> dict[str, str]:
        """``{relative path: sha256}`` of the files known byte for byte (package data)."""
        if self.pins is not None:
            return dict(self.pins)
        text = resources.files("toolkit.datasets").joinpath("checksums.json").read_text(encoding="utf-8")
        return json.loads(text)[self.name]


ANT_MULTISOURCE = Remote(
    name="ant-multisource",
    repository="antcorpus/antcorpus.multisource.data",
    commit="f117ce44a9cfad0dcbd341b7d744e4c3cdb4fed8",
    licence=(
        'ANT Corpus v2.1: the repository\'s README states a "citation licence" (cite one of the ANT papers '
        'when you use it), shows an "Apache 2.0" badge and says "Copyright (C) 2019 All Rights Reserved" '
        "(RIADI-ENSI, Univ. Manouba, ENISo); article texts belong to the outlets. Research use with "
        "citation; do not redistribute the texts."
    ),
    citation=(
        "Chouigui, A., Ben Khiroun, O., & Elayeb, B. (2021). An Arabic Multi-source News Corpus: "
        "Experimenting on Single-document Extractive Summarization. Arabian Journal for Science and "
        "Engineering, 46(8). doi:10.1007/s13369-020-05258-z"
    ),
    n_files=31525,
    pattern="*/*/*.txt",
)

SAUDINEWSNET = Remote(
    name="saudinewsnet",
    repository="inparallel/SaudiNewsNet",
    commit="4e39239966c2ae8a3faa591201acb9cd1f51199d",
    licence=(
        "SaudiNewsNet: Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International "
        "(CC BY-NC-SA 4.0), https://creativecommons.org/licenses/by-nc-sa/4.0/; article copyright stays "
        "with each newspaper. Non-commercial research only; attribute and share alike."
    ),
    citation=(
        "Alhagri, M. A. (2015). Saudi Newspapers Arabic Corpus (SaudiNewsNet). "
        "http://github.com/ParallelMazen/SaudiNewsNet"
    ),
    n_files=18,
    pattern="dataset/*.zip",
)

#: ANT's five outlet folders and its categories.
ANT_OUTLETS = ("Alarabia", "BBC", "CNN", "France24", "SkyNews")
#: The categories of the project's ANT politics file (``toolkit.paths.ANT_POLITICS``).
ANT_POLITICS_CATEGORIES = ("middleEast", "internationalNews")


@dataclass(frozen=True)
class Dataset:
    """A fetched corpus: its files in the cache and the terms it comes under.

    ``load()`` reads ``files`` with :func:`toolkit.load_corpus` (the native
    formats are read by the loader: :mod:`toolkit.load.trec`,
    :mod:`toolkit.load.jsonzip`).
    """

    name: str
    folder: Path
    files: tuple[Path, ...]
    url: str
    commit: str
    licence: str
    citation: str
    extra: dict[str, Any] = field(default_factory=dict)

    def load(self, **options: Any):
        """The files as a :class:`toolkit.load.Corpus` (options go to :func:`toolkit.load_corpus`)."""
        from toolkit.load import load_corpus

        return load_corpus(list(self.files), **options)

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}: {len(self.files)} files in {self.folder}; commit {self.commit[:7]})"


def get_data_home(data_home: str | Path | None = None) -> Path:
    """The cache folder of fetched corpora (created if missing).

    ``data_home`` if given, else the environment variable ``FRAMING_DATA``,
    else ``~/framing_toolkit_data`` (scikit-learn's convention).

    Examples
    --------
    >>> import tempfile
    >>> get_data_home(tempfile.mkdtemp()).is_dir()
    True
    """
    home = Path(data_home or os.environ.get("FRAMING_DATA") or "~/framing_toolkit_data").expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def clear_data_home(data_home: str | Path | None = None) -> None:
    """Delete the cache folder and everything fetched into it."""
    shutil.rmtree(get_data_home(data_home))


def _folder(remote: Remote, data_home: str | Path | None) -> Path:
    return get_data_home(data_home) / f"{remote.name}-{remote.commit[:12]}"


def _fetch(
    remote: Remote,
    *,
    data_home: str | Path | None,
    download_if_missing: bool,
    progress: bool,
    url: str | None,
) -> Path:
    """The unpacked files of ``remote`` (their folder), downloading them if allowed."""
    folder = _folder(remote, data_home)
    files = folder / DATA_DIR
    if (folder / ".complete").is_file():
        return files
    archive = folder / "downloads" / f"{remote.commit}.tar.gz"
    if not archive.is_file() and not download_if_missing:
        raise DataNotFoundError(
            f"{remote.name} is not in the cache ({folder}) and download_if_missing=False; "
            f"fetch it with toolkit.datasets.fetch_{remote.name.replace('-', '_')}()"
        )
    source = url or remote.url
    if archive.is_file():  # put there by hand, or left by an interrupted unpacking
        from toolkit.datasets.download import sha256_file

        archive_sha256 = sha256_file(archive)
    else:
        if progress:
            print(f"Downloading {remote.name} ({remote.repository}@{remote.commit[:7]}) from {source}")
            print(f"By using it you accept its terms: {remote.licence}\nCite: {remote.citation}")
        archive_sha256 = download(source, archive, progress=progress)

    def layout(names: list[str]) -> str | None:
        found = [n for n in names if Path(n).match(remote.pattern)]
        if len(found) != remote.n_files:
            return f"{len(found)} files match {remote.pattern!r} where the pinned commit has {remote.n_files}"
        return None

    try:
        hashes = unpack(archive, files, pinned=remote.pinned, check_layout=layout)
        compare_with_first(read_manifest(folder), archive_sha256, hashes)
    except DatasetError:
        # A refused archive is not left where the next call would take it up.
        archive.unlink(missing_ok=True)
        shutil.rmtree(files, ignore_errors=True)
        raise
    if read_manifest(folder) is None:
        record_manifest(folder, url=source, archive_sha256=archive_sha256, files=hashes)
    archive.unlink()
    (folder / ".complete").write_text(remote.commit + "\n", encoding="utf-8")
    return files


def fetch_ant_multisource(
    *,
    data_home: str | Path | None = None,
    outlets: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    download_if_missing: bool = True,
    progress: bool = True,
    url: str | None = None,
) -> Dataset:
    """The ANT multi-source corpus (v2.1), from its pinned commit, in its native format.

    One TREC-like ``<DOC>`` file per article under ``<Outlet>/<category>/``
    (31,525 articles from Al Arabiya, BBC Arabic, CNN Arabic, France 24 and
    Sky News Arabia, 2018). Downloaded once (GitHub's archive of commit
    ``f117ce4``) into the cache, checked, unpacked; later calls read the
    cache. Calling this accepts the corpus's terms (``Dataset.licence``) and
    its citation (``Dataset.citation``).

    Parameters
    ----------
    data_home : path, optional
        Cache folder (see :func:`get_data_home`).
    outlets : sequence of str, optional
        Outlet folders to return (default all: :data:`ANT_OUTLETS`).
    categories : sequence of str, optional
        Categories to return, e.g. :data:`ANT_POLITICS_CATEGORIES` for the
        project's politics file; default all.
    download_if_missing : bool
        When False and the corpus is not cached, raise
        :class:`~toolkit.datasets.download.DataNotFoundError` instead of
        downloading.
    progress : bool
        Show a progress bar and the terms while downloading.
    url : str, optional
        A mirror of the same archive (tests use a local server).

    Returns
    -------
    Dataset
        ``files``: the selected article files, sorted; ``load()`` reads them.

    Raises
    ------
    toolkit.datasets.DatasetError
        Offline, or the download does not match (see
        :mod:`toolkit.datasets.download` for the checks).
    """
    remote = ANT_MULTISOURCE
    root = _fetch(
        remote, data_home=data_home, download_if_missing=download_if_missing, progress=progress, url=url
    )
    available = sorted(p.name for p in root.iterdir() if p.is_dir())
    chosen_outlets = list(outlets) if outlets is not None else available
    unknown = sorted(set(chosen_outlets) - set(available))
    if unknown:
        raise ValueError(f"unknown outlet folder(s) {unknown}; ANT has {available}")
    files = []
    for outlet in chosen_outlets:
        for folder in sorted(p for p in (root / outlet).iterdir() if p.is_dir()):
            if categories is None or folder.name in categories:
                files.extend(sorted(folder.glob("*.txt")))
    if categories is not None and not files:
        raise ValueError(f"no files in categories {list(categories)}")
    return Dataset(
        remote.name, root, tuple(files), remote.url, remote.commit, remote.licence, remote.citation
    )


def fetch_saudinewsnet(
    *,
    data_home: str | Path | None = None,
    days: Sequence[str] | None = None,
    download_if_missing: bool = True,
    progress: bool = True,
    url: str | None = None,
) -> Dataset:
    """SaudiNewsNet (31,030 articles, 14 Saudi outlets, July–August 2015) from its pinned commit.

    The repository's 18 files ``dataset/<day>.zip``, each a JSON array,
    read natively by the loader. Downloaded once (GitHub's archive of commit
    ``4e39239``) into the cache, checked, unpacked. Calling this accepts the
    corpus's licence, CC BY-NC-SA 4.0 (``Dataset.licence``), and its
    citation.

    Parameters
    ----------
    data_home : path, optional
        Cache folder (see :func:`get_data_home`).
    days : sequence of str, optional
        Crawl days to return (``"2015-07-23"``); default all.
    download_if_missing, progress, url
        As for :func:`fetch_ant_multisource`.

    Returns
    -------
    Dataset
        ``files``: the selected zip files, sorted.
    """
    remote = SAUDINEWSNET
    root = _fetch(
        remote, data_home=data_home, download_if_missing=download_if_missing, progress=progress, url=url
    )
    zips = {p.stem: p for p in sorted((root / "dataset").glob("*.zip"))}
    chosen = list(days) if days is not None else sorted(zips)
    unknown = sorted(set(chosen) - set(zips))
    if unknown:
        raise ValueError(f"no day(s) {unknown} in SaudiNewsNet; it has {sorted(zips)}")
    return Dataset(
        remote.name,
        root,
        tuple(zips[d] for d in sorted(chosen)),
        remote.url,
        remote.commit,
        remote.licence,
        remote.citation,
    )
