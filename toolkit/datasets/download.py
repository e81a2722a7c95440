"""Download an archive of a pinned commit, check it, unpack it into the cache.

How the bytes are checked, and why this way
-------------------------------------------
The corpora are fetched as GitHub's archive of one pinned commit
(``codeload.github.com/<repo>/tar.gz/<commit>``). The *files* of a commit
never change, but the archive around them is generated on request and its
compressed bytes have changed before (GitHub changed its compression in
January 2023 and reverted it), so a hash of the archive is not a stable pin.
The checks therefore bear on the unpacked files:

1. **Pinned file hashes.** ``checksums.json`` (package data) holds the
   SHA-256 of files whose bytes were known when this toolkit was written (the
   corpora's native samples: 20 ANT articles, one SaudiNewsNet day). A
   mismatch is an error and nothing is kept.
2. **Expected layout.** The number of article files the commit holds.
3. **Trust on first use for the rest.** Every other file's SHA-256 is
   recorded at the first download in ``<cache>/sha256.json``, with the
   archive's own hash and where it came from, and the fetcher says so.
   :func:`verify_files` compares the cache with that record later (a file
   edited or truncated in the cache is found), and a second download is
   compared with the first.

The hashes of the real archives could not be computed where this toolkit was
written (no access to GitHub), so they are not pinned rather than made up.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

CHUNK = 1 << 20
MANIFEST = "sha256.json"
#: Inside a dataset's cache folder: the unpacked files (the record of their
#: hashes sits beside it, so that it outlives a deleted or re-fetched copy).
DATA_DIR = "data"


class DatasetError(OSError):
    """A dataset could not be fetched or failed its checks."""


class ChecksumError(DatasetError):
    """Downloaded or cached bytes differ from the pinned or recorded SHA-256."""


class DataNotFoundError(DatasetError, FileNotFoundError):
    """The dataset is not in the cache and downloading was not allowed."""


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_file(path)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def download(url: str, target: Path, *, progress: bool = True, timeout: float = 60) -> str:
    """Stream ``url`` to ``target`` with a progress bar; return its SHA-256.

    The file is written under a temporary name and renamed when complete,
    so an interrupted download never looks like a finished one.

    Parameters
    ----------
    url : str
        Where from.
    target : pathlib.Path
        Where to.
    progress : bool
        Show a progress bar.
    timeout : float
        Seconds to wait for the server.

    Returns
    -------
    str
        The SHA-256 of the bytes written.

    Raises
    ------
    DatasetError
        When the server cannot be reached or answers with an error; the
        message says where to put a copy fetched by other means.
    """
    # The text bar works in a terminal and in Jupyter alike; tqdm.auto would
    # warn in a kernel without ipywidgets.
    from tqdm import tqdm

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with (
                partial.open("wb") as out,
                tqdm(
                    total=total,
                    unit="B",
                    unit_scale=True,
                    desc=target.name,
                    disable=not progress,
                    leave=False,
                ) as bar,
            ):
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        partial.unlink(missing_ok=True)
        reason = getattr(err, "reason", err)
        raise DatasetError(
            f"could not download {url}: {reason}. Fetching needs the network (only this explicit call "
            f"uses it). Without network access here, download that file elsewhere and put it at "
            f"{target}, then call again: it is used and checked as a download would be."
        ) from err
    partial.replace(target)
    return digest.hexdigest()


def _safe_members(archive: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, PurePosixPath]]:
    """Regular files of the archive, the top folder (``<repo>-<commit>/``) cut off."""
    chosen = []
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        if not member.isfile() or len(parts) < 2:
            continue
        relative = PurePosixPath(*parts[1:])
        if relative.is_absolute() or ".." in relative.parts:
            raise DatasetError(f"archive member {member.name!r} points outside its folder; not unpacked")
        chosen.append((member, relative))
    return chosen


def unpack(
    archive_path: Path,
    folder: Path,
    *,
    pinned: Mapping[str, str],
    check_layout: Callable[[list[str]], str | None],
) -> dict[str, str]:
    """Unpack a ``.tar.gz`` into ``folder`` after checking it; return each file's SHA-256.

    Parameters
    ----------
    archive_path : pathlib.Path
        The downloaded archive.
    folder : pathlib.Path
        Where the files go; written only when every check passed (the files
        are unpacked next to it and moved into place at the end).
    pinned : mapping
        ``{relative path: sha256}`` that must match.
    check_layout : callable
        Given the relative paths, returns a reason to refuse them, or None.

    Raises
    ------
    ChecksumError
        A pinned file is missing or differs, or the layout is wrong.
    """
    staging = folder.with_name(folder.name + ".unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    hashes: dict[str, str] = {}
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member, relative in _safe_members(archive):
                source = archive.extractfile(member)
                if source is None:
                    continue
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with source, target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                hashes[relative.as_posix()] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise DatasetError(
            f"{archive_path} is not a readable .tar.gz archive ({err}); delete it and fetch again"
        ) from err
    wrong = [name for name, digest in pinned.items() if hashes.get(name) != digest]
    problem = check_layout(sorted(hashes))
    if wrong or problem:
        shutil.rmtree(staging, ignore_errors=True)
        detail = (
            f"{len(wrong)} file(s) with a pinned SHA-256 are missing or differ (e.g. {wrong[:2]})"
            if wrong
            else problem
        )
        raise ChecksumError(
            f"{archive_path}: {detail}. Nothing was kept (the archive is deleted): "
            "it is not the pinned commit."
        )
    shutil.rmtree(folder, ignore_errors=True)
    staging.replace(folder)
    return hashes


def record_manifest(folder: Path, *, url: str, archive_sha256: str, files: Mapping[str, str]) -> Path:
    """Write the trust-on-first-use record of a fetched dataset."""
    path = folder / MANIFEST
    path.write_text(
        json.dumps(
            {
                "url": url,
                "archive_sha256": archive_sha256,
                "recorded": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "files": dict(sorted(files.items())),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def read_manifest(folder: Path) -> dict | None:
    """The record written by :func:`record_manifest`, or None."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def verify_files(folder: Path) -> list[str]:
    """Files of a fetched dataset that differ from the record made when it was fetched.

    Parameters
    ----------
    folder : pathlib.Path
        The dataset's cache folder (the files are in its ``data/``).

    Returns
    -------
    list of str
        Relative paths that are missing or changed; empty when all match.

    Raises
    ------
    DataNotFoundError
        When ``folder`` holds no record (it was not made by a fetcher).
    """
    manifest = read_manifest(folder)
    if manifest is None:
        raise DataNotFoundError(f"{folder} has no {MANIFEST}: not a fetched dataset")
    return [
        name
        for name, digest in manifest["files"].items()
        if not (folder / DATA_DIR / name).is_file() or sha256_file(folder / DATA_DIR / name) != digest
    ]


def compare_with_first(previous: dict | None, archive_sha256: str, files: Mapping[str, str]) -> None:
    """Warn when there is nothing to compare with; raise when a second download differs from the first."""
    if previous is None:
        warnings.warn(
            "the SHA-256 of this archive and of most of its files are not pinned in the toolkit "
            "(they could not be computed when it was written); the files with pinned hashes matched, "
            f"and every file's hash (archive {archive_sha256[:12]}…) is now recorded in the cache: "
            "later fetches and toolkit.datasets.verify() compare with it",
            stacklevel=3,
        )
        return
    changed = [n for n, d in previous["files"].items() if files.get(n) != d]
    if changed:
        raise ChecksumError(
            f"{len(changed)} file(s) differ from the first download recorded on {previous['recorded']} "
            f"(e.g. {changed[:2]}): the source changed or the download is corrupt"
        )
