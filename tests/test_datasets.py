"""toolkit.datasets: explicit fetchers, tested against a server on 127.0.0.1 only."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import socket
import tarfile
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import toolkit
from toolkit.datasets import corpora
from toolkit.paths import ANT_POLITICS, REPO, SAUDINEWSNET

FIXTURES = REPO / "tests" / "fixtures" / "native"


def _archive(folder: Path, top: str) -> bytes:
    """A .tar.gz like GitHub's archive of a commit: every file under ``<top>/``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "README.md"):
            archive.add(path, arcname=f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


class _Server:
    """Serves fixed bytes per path on 127.0.0.1 and counts the requests."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                body = outer.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ant_server(monkeypatch):
    """ANT's layout served as a commit archive; the spec pinned to the fixture."""
    remote = corpora.ANT_MULTISOURCE
    pinned = "BBC/middleEast/BB-middleEast-1-20180514.txt"
    spec = dataclasses.replace(remote, n_files=3, pins={pinned: _sha(FIXTURES / "ant" / pinned)})
    monkeypatch.setattr(corpora, "ANT_MULTISOURCE", spec)
    server = _Server(
        {"/ant.tar.gz": _archive(FIXTURES / "ant", f"antcorpus.multisource.data-{remote.commit}")}
    )
    yield server, spec
    server.close()


def test_fetch_ant_downloads_once_checks_and_loads(ant_server, tmp_path, capsys):
    server, _ = ant_server
    with pytest.warns(UserWarning, match="not pinned"):
        ant = toolkit.datasets.fetch_ant_multisource(data_home=tmp_path, url=server.url + "/ant.tar.gz")
    assert [p.name for p in ant.files] == [
        "BB-middleEast-1-20180514.txt",
        "SK-internationalNews-2-20180514.txt",
        "SK-internationalNews-3-20180515.txt",
    ]
    out = capsys.readouterr().out
    assert "CC BY" not in out and "citation licence" in out and "Chouigui" in out  # the terms, said
    corpus = ant.load(boilerplate=None)
    assert len(corpus.documents) == 3 and set(corpus.documents["outlet"]) == {"BBC", "skynews"}
    # Cached: the second call reads the cache, no request, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = toolkit.datasets.fetch_ant_multisource(
            data_home=tmp_path, url=server.url + "/ant.tar.gz", categories=["internationalNews"]
        )
    assert server.requests == ["/ant.tar.gz"] and len(again.files) == 2
    assert not list(tmp_path.rglob("*.tar.gz")), "the archive is removed once unpacked"
    # The record of every file's hash finds a file changed in the cache.
    assert toolkit.datasets.verify("ant-multisource", data_home=tmp_path) == []
    again.files[0].write_text("<DOC><TEXT>edited</TEXT></DOC>", encoding="utf-8")
    assert toolkit.datasets.verify("ant-multisource", data_home=tmp_path) == [
        "SkyNews/internationalNews/SK-internationalNews-2-20180514.txt"
    ]


def test_a_pinned_file_that_differs_keeps_nothing(ant_server, tmp_path, monkeypatch):
    server, spec = ant_server
    name = next(iter(spec.pins))
    monkeypatch.setattr(corpora, "ANT_MULTISOURCE", dataclasses.replace(spec, pins={name: "0" * 64}))
    with pytest.raises(toolkit.datasets.ChecksumError, match="pinned SHA-256"):
        toolkit.datasets.fetch_ant_multisource(
            data_home=tmp_path, url=server.url + "/ant.tar.gz", progress=False
        )
    assert not list(tmp_path.rglob("*.txt")) and not list(tmp_path.rglob(".complete"))
    with pytest.raises(toolkit.datasets.DataNotFoundError):
        toolkit.datasets.fetch_ant_multisource(data_home=tmp_path, download_if_missing=False)


def test_the_wrong_number_of_files_is_refused(ant_server, tmp_path, monkeypatch):
    server, spec = ant_server
    monkeypatch.setattr(corpora, "ANT_MULTISOURCE", dataclasses.replace(spec, n_files=31525))
    with pytest.raises(toolkit.datasets.ChecksumError, match=r"3 files match .* the pinned commit has 31525"):
        toolkit.datasets.fetch_ant_multisource(
            data_home=tmp_path, url=server.url + "/ant.tar.gz", progress=False
        )


def test_a_second_download_that_differs_from_the_first_is_refused(ant_server, tmp_path):
    server, _ = ant_server
    with pytest.warns(UserWarning):
        ant = toolkit.datasets.fetch_ant_multisource(data_home=tmp_path, url=server.url + "/ant.tar.gz")
    # The user deletes the files (not the record) and fetches again from a source that changed.
    (ant.folder.parent / ".complete").unlink()
    changed = tmp_path / "changed"
    for path in (FIXTURES / "ant").rglob("*.txt"):
        target = changed / path.relative_to(FIXTURES / "ant")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    sky = next(changed.rglob("SK-internationalNews-3-*.txt"))
    sky.write_bytes(sky.read_bytes().replace("آلاف".encode(), "مئات".encode()))
    server.files["/ant.tar.gz"] = _archive(changed, "top")
    with pytest.raises(toolkit.datasets.ChecksumError, match="differ from the first download"):
        toolkit.datasets.fetch_ant_multisource(
            data_home=tmp_path, url=server.url + "/ant.tar.gz", progress=False
        )


def test_offline_is_a_clear_error_and_a_copy_put_by_hand_is_used(ant_server, tmp_path):
    server, _ = ant_server
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/ant.tar.gz"
    with pytest.raises(toolkit.datasets.DatasetError, match=r"could not download .* put it at") as caught:
        toolkit.datasets.fetch_ant_multisource(data_home=tmp_path, url=closed, progress=False)
    target = Path(str(caught.value).split("put it at ")[1].split(", then")[0])
    assert not target.exists() and not list(tmp_path.rglob("*.part"))
    target.write_bytes(server.files["/ant.tar.gz"])  # downloaded elsewhere
    with pytest.warns(UserWarning, match="not pinned"):
        ant = toolkit.datasets.fetch_ant_multisource(data_home=tmp_path, url=closed, progress=False)
    assert len(ant.files) == 3 and server.requests == []


def test_fetch_saudinewsnet_by_day(tmp_path, monkeypatch):
    remote = corpora.SAUDINEWSNET
    day = "dataset/2015-07-23.zip"
    spec = dataclasses.replace(remote, n_files=1, pins={day: _sha(FIXTURES / "saudinewsnet" / day)})
    monkeypatch.setattr(corpora, "SAUDINEWSNET", spec)
    server = _Server({"/snn.tar.gz": _archive(FIXTURES / "saudinewsnet", f"SaudiNewsNet-{remote.commit}")})
    try:
        with pytest.warns(UserWarning):
            snn = toolkit.datasets.fetch_saudinewsnet(
                data_home=tmp_path, url=server.url + "/snn.tar.gz", days=["2015-07-23"], progress=False
            )
    finally:
        server.close()
    assert [p.name for p in snn.files] == ["2015-07-23.zip"]
    assert "CC BY-NC-SA 4.0" in snn.licence and "Alhagri" in snn.citation
    assert len(snn.load(boilerplate=None).documents) == 4
    with pytest.raises(ValueError, match="no day"):
        toolkit.datasets.fetch_saudinewsnet(data_home=tmp_path, days=["2015-09-01"])


def test_find_corpus_prefers_the_shared_copy_then_the_cache_and_else_says_what_to_run(
    ant_server, tmp_path, monkeypatch, capsys
):
    server, _ = ant_server
    monkeypatch.setattr(toolkit.paths, "ANT_POLITICS", tmp_path / "absent.jsonl.gz")
    assert toolkit.datasets.find_corpus("ant-politics", data_home=tmp_path) is None
    out = capsys.readouterr().out
    assert 'toolkit.datasets.fetch_ant_multisource(categories=["middleEast", "internationalNews"])' in out
    assert server.requests == [], "finding never downloads"
    with pytest.warns(UserWarning):
        toolkit.datasets.fetch_ant_multisource(
            data_home=tmp_path, url=server.url + "/ant.tar.gz", progress=False
        )
    found = toolkit.datasets.find_corpus("ant-politics", data_home=tmp_path)
    assert [p.name for p in found] == [
        "BB-middleEast-1-20180514.txt",
        "SK-internationalNews-2-20180514.txt",
        "SK-internationalNews-3-20180515.txt",
    ]
    monkeypatch.setattr(toolkit.paths, "ANT_POLITICS", ANT_POLITICS)
    if ANT_POLITICS.exists():
        assert toolkit.datasets.find_corpus("ant-politics", data_home=tmp_path) == ANT_POLITICS


def test_the_pinned_hashes_are_those_of_the_native_samples():
    """checksums.json was made from the corpora's native samples; they still match."""
    samples = {
        "ant-multisource": ANT_POLITICS.parent / "native-sample",
        "saudinewsnet": SAUDINEWSNET.parent / "native-sample",
    }
    if not all(p.is_dir() for p in samples.values()):
        pytest.skip("the shared corpora's native samples are not here")
    ant = corpora.ANT_MULTISOURCE.pinned
    assert len(ant) == 20
    for name, digest in ant.items():
        assert _sha(samples["ant-multisource"] / name) == digest
    ((name, digest),) = corpora.SAUDINEWSNET.pinned.items()
    assert name == "dataset/2015-07-23.zip"
    assert _sha(samples["saudinewsnet"] / "2015-07-23.zip") == digest


def test_nothing_is_downloaded_on_import(tmp_path):
    import subprocess
    import sys

    code = (
        "import socket\n"
        "def refuse(*a, **k): raise AssertionError('network use on import')\n"
        "socket.socket.connect = refuse\n"
        "import toolkit, toolkit.datasets\n"
        "print(toolkit.datasets.get_data_home.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
