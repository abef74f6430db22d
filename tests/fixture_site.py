"""The fixture site's server (tests/fixtures/site/server.py), importable by the crawl tests.

The site lives in a fixture folder, not a package, so it is loaded from its file once.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SITE_DIR = Path(__file__).parent / "fixtures" / "site"


def load_site_module():  # noqa: ANN201
    name = "fixture_site_server"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SITE_DIR / "server.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being defined
        spec.loader.exec_module(module)
    return sys.modules[name]


FixtureSite = load_site_module().FixtureSite
