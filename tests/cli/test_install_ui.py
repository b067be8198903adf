"""``freqtrade install-ui``: from a zip, from a folder, refused archives, offline download."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import requests

from freqtrade.api.ui_folder import installed_version
from freqtrade.main import main


def release_zip(path: Path, wrap: str = "", extra: dict[str, str] | None = None) -> Path:
    files = {"index.html": "<html>FreqUI</html>", "assets/index-1.js": "run()",
             "favicon.ico": "icon", **(extra or {})}
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(wrap + name, text)
    return path


def test_install_from_zip_then_replace_then_erase(tmp_path):
    userdir = tmp_path / "ud"
    target = userdir / "ui" / "installed"
    first = release_zip(tmp_path / "freqUI-2.1.0.zip", extra={"old.txt": "x"})
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(first)]) == 0
    assert (target / "index.html").read_text() == "<html>FreqUI</html>"
    assert installed_version(target) == "freqUI-2.1.0"
    second = release_zip(tmp_path / "release.zip", wrap="dist/")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(second),
                 "--ui-version", "2.2.0"]) == 0
    assert installed_version(target) == "2.2.0"
    assert (target / "assets" / "index-1.js").is_file()
    assert not (target / "old.txt").exists()  # replaced, not merged
    assert main(["install-ui", "--userdir", str(userdir), "--erase"]) == 0
    assert not target.exists()


def test_install_from_folder(tmp_path):
    source = tmp_path / "unpacked"
    (source / "assets").mkdir(parents=True)
    (source / "index.html").write_text("ui")
    assert main(["install-ui", "--userdir", str(tmp_path / "ud"), "--from", str(source)]) == 0
    assert installed_version(tmp_path / "ud" / "ui" / "installed") == "local"


def test_zip_slip_and_non_ui_archives_are_refused(tmp_path, capsys):
    userdir = tmp_path / "ud"
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("index.html", "x")
        archive.writestr("../../escaped.txt", "gotcha")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(evil)]) == 1
    assert "points outside the UI folder" in capsys.readouterr().err
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (userdir / "ui" / "installed").exists()

    not_ui = tmp_path / "other.zip"
    with zipfile.ZipFile(not_ui, "w") as archive:
        archive.writestr("readme.txt", "x")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(not_ui)]) == 1
    assert "no index.html" in capsys.readouterr().err
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(garbage)]) == 1
    assert "Not a zip file" in capsys.readouterr().err


def test_failed_install_keeps_the_previous_ui(tmp_path):
    userdir = tmp_path / "ud"
    good = release_zip(tmp_path / "good.zip")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(good)]) == 0
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK broken")
    assert main(["install-ui", "--userdir", str(userdir), "--from", str(broken)]) == 1
    assert installed_version(userdir / "ui" / "installed") == "good"


class FakeResponse:
    def __init__(self, payload=None, content: bytes = b""):
        self.payload, self.content = payload, content

    def raise_for_status(self) -> None:
        pass

    def json(self):
        return self.payload


def test_download_without_internet_says_what_to_do(tmp_path, monkeypatch, capsys):
    def offline(*args, **kwargs):
        raise requests.ConnectionError("Name or service not known")

    monkeypatch.setattr(requests, "get", offline)
    assert main(["install-ui", "--userdir", str(tmp_path / "ud")]) == 1
    err = capsys.readouterr().err
    assert "Could not download FreqUI" in err and "install-ui --from freqUI.zip" in err


def test_download_installs_the_latest_release(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    release_zip(tmp_path / "x.zip")
    buffer.write((tmp_path / "x.zip").read_bytes())
    calls = []

    def fake_get(url, timeout):
        calls.append(url)
        if url.endswith("/latest"):
            return FakeResponse({"tag_name": "2.9.9", "assets": [
                {"name": "freqUI.zip", "browser_download_url": "https://example/freqUI.zip"}]})
        return FakeResponse(content=buffer.getvalue())

    monkeypatch.setattr(requests, "get", fake_get)
    assert main(["install-ui", "--userdir", str(tmp_path / "ud")]) == 0
    assert installed_version(tmp_path / "ud" / "ui" / "installed") == "2.9.9"
    assert calls[1] == "https://example/freqUI.zip"


@pytest.mark.parametrize("argv", [["install-ui", "--bogus"], ["install-ui", "--from"]])
def test_bad_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
