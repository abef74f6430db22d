"""Datasette, the serving peer, kept out of the project's own environment.

On first use it is installed from PyPI into its own virtual environment
(benchmarks/.venv-datasette, ignored by git); later runs reuse it and never download. If the
install fails (no network, no venv module) the benchmark skips the Datasette column and says
why.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

# Facets and counts that run past Datasette's defaults (200 ms, 1 s) are silently dropped;
# raise both so that it does all the work it is asked for, as our API does.
SETTINGS = {"facet_time_limit_ms": "20000", "sql_time_limit_ms": "20000", "suggest_facets": "off"}


def ensure(target: Path) -> tuple[Path | None, str]:
    """The datasette executable in `target`, installing it there if needed; else (None, why)."""
    binary = target / "bin" / "datasette"
    if binary.exists():
        return binary, ""
    try:
        if not (target / "bin" / "python").exists():
            venv.create(target, with_pip=True)
        subprocess.run(
            [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "datasette"],
            check=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"Datasette could not be installed in {target}: {exc}", file=sys.stderr)
        return None, f"pip install datasette into {target} failed: {exc}"
    return (binary, "") if binary.exists() else (None, f"no {binary} after install")


def version(binary: Path) -> str:
    """`datasette --version`, e.g. "datasette, version 0.65.1"."""
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def command(binary: Path, db: Path) -> list[str]:
    """Serve `db` read-only (immutable, as a published dataset is) on 127.0.0.1."""
    cmd = [str(binary), "serve", "-i", str(db), "--host", "127.0.0.1"]
    for name, value in SETTINGS.items():
        cmd += ["--setting", name, value]
    return cmd
