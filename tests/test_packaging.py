"""A plain (non-editable) install carries what the product reads, and the server's front door:
the wheel holds the bundled data and the licence files; a busy port is one clear line."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_search.cli import main
from disclosure_search.config import DATA_DIR, PROJECT_ROOT

# What a wheel is built from: the packaging files and the three packages (not tests/, .venv/...).
BUILD_INPUTS = ("setup.cfg", "pyproject.toml", "README.md", "LICENSE", "NOTICE")
PACKAGES = ("disclosure_search", "indexer", "web")


def bundled_files() -> set[str]:
    """Every file under the checkout's data folder, as its path inside the wheel."""
    return {
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in DATA_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_data_is_read_from_the_package() -> None:
    assert DATA_DIR == PROJECT_ROOT / "disclosure_search" / "data"
    assert (DATA_DIR / "authorities.csv").is_file()
    assert (DATA_DIR / "samples" / "coventry_FOI759201887.txt").is_file()


def test_wheel_carries_the_bundled_data_and_licences(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in BUILD_INPUTS:
        shutil.copy2(PROJECT_ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, source / package, ignore=ignore)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path / "out")],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "out").glob("disclosure_search-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = bundled_files()
    assert len(expected) > 30
    assert expected - names == set()
    assert "disclosure_search/data/samples/.ingestignore" in names
    licences = {Path(name).name for name in names if ".dist-info/licenses/" in name}
    assert {"LICENSE", "NOTICE"} <= licences


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something is already listening on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_busy_port_is_one_clear_line(command: str, busy_port: int, tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    result = CliRunner().invoke(main, [command, "--port", str(busy_port), "--home", home])
    assert result.exit_code == 1
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in result.output
    assert "--port" in result.output
    assert "Serving" not in result.output and "Indexing" not in result.output
    assert result.output.count("\n") == 1


def test_port_out_of_range_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "70000", "--home", str(tmp_path)])
    assert result.exit_code == 1 and "Port 70000 is not a port" in result.output
