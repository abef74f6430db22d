"""Every command, walked with bad data homes, bad paths, bad settings and bad options: each
ends in one clear line (naming the path or setting, and the fix) with a non-zero exit code,
never a traceback.

Tests run as root, whom permissions do not stop, so the bad homes are ones that fail for
anyone: a folder under /proc (which cannot hold new entries), a regular file, a path
beneath a regular file, and a home whose state database is not a database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from disclosure_search.cli import main

# The arguments each command needs to get as far as touching its data home. A command added
# to the CLI must be added here (test_every_command_is_walked), so none escapes the walk.
ARGS: dict[str, tuple[str, ...]] = {
    "ingest": ("{inbox}",),
    "search": ("potholes",),
    "show": ("FOI-2024-1",),
    "stats": (),
    "export": (),
    "failures": (),
    # A refused home must fail before any server starts or any URL is fetched; were it not
    # refused, the impossible address still stops the server (no test hangs serving).
    "serve": ("--host", "256.0.0.1"),
    "demo": ("--host", "256.0.0.1"),
    "crawl": ("http://127.0.0.1:9/log",),
    "sources": (),
    "changes": (),
    "group": ("--list",),
    "gaps": (),
    "alerts": ("list",),
    "evaluate-search": ("{queries}",),
    "evaluate": ("{truth}",),  # takes no home: walked with bad label files below
}
NO_HOME = {"evaluate"}
# Commands that work before the home exists (serve answers "no index yet" pages until the
# first ingest; sources lists the configured logs; changes says no crawl has recorded any)
# are walked with the file homes only.
WORK_WITHOUT_A_HOME = {"serve", "sources", "changes"}


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "letter.txt").write_text("FOI-2024-1: our response about potholes.\n")
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"q": "potholes", "relevant": ["letter.txt"], "k": 3}\n')
    truth = tmp_path / "truth.jsonl"
    truth.write_text('{"file": "inbox/letter.txt", "request_id": "FOI-2024-1"}\n')
    return {"inbox": str(inbox), "queries": str(queries), "truth": str(truth)}


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    # A contact URL, so that crawl gets past its own first check to the data home.
    env = {"DISCLOSURE_SEARCH_CONTACT_URL": "mailto:test@example.org", **(env or {})}
    return CliRunner().invoke(main, args, env=env)


def assert_one_clear_line(result: Result, *names: str) -> str:
    """Non-zero exit, no traceback, and a final `Error:` line naming each of `names`."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    # An uncaught exception would be kept here by CliRunner instead of printed.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    last = [line for line in result.output.splitlines() if line.strip()][-1]
    assert last.startswith("Error: "), result.output
    for name in names:
        assert name in last, (name, last)
    return last


def command_args(command: str, inputs: dict[str, str]) -> list[str]:
    return [command, *(arg.format(**inputs) for arg in ARGS[command])]


def test_every_command_is_walked() -> None:
    assert set(main.commands) == set(ARGS)


def bad_homes(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n")
    return {
        "under-proc": Path("/proc/1/disclosure-home"),
        "a-file": a_file,
        "under-a-file": a_file / "home",
    }


@pytest.mark.parametrize("kind", ["under-proc", "a-file", "under-a-file"])
@pytest.mark.parametrize("command", sorted(set(ARGS) - NO_HOME))
@pytest.mark.parametrize("how", ["option", "env"])
def test_bad_home(
    tmp_path: Path, inputs: dict[str, str], command: str, kind: str, how: str
) -> None:
    home = bad_homes(tmp_path)[kind]
    if command in WORK_WITHOUT_A_HOME and kind != "a-file":
        pytest.skip(f"{command} works before its home exists, by design")
    if command == "evaluate-search" and how == "env":
        pytest.skip("evaluate-search reads only --home; without it, it builds a scratch home")
    args = command_args(command, inputs)
    if how == "option":
        result = invoke([*args, "--home", str(home)])
    else:
        result = invoke(args, env={"DISCLOSURE_SEARCH_HOME": str(home)})
    assert_one_clear_line(result, str(home))


@pytest.mark.parametrize("command", ["ingest", "demo", "crawl"])
def test_writing_commands_say_how_to_choose_another_home(
    tmp_path: Path, inputs: dict[str, str], command: str
) -> None:
    home = Path("/proc/1/disclosure-home")
    line = assert_one_clear_line(invoke([*command_args(command, inputs), "--home", str(home)]))
    assert str(home) in line
    assert "--home" in line


def test_a_missing_parent_is_created(tmp_path: Path, inputs: dict[str, str]) -> None:
    home = tmp_path / "not" / "yet" / "home"
    result = invoke(["ingest", inputs["inbox"], "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert (home / "index").is_dir()


@pytest.mark.parametrize("command", ["ingest", "failures"])
@pytest.mark.parametrize("damage", ["not-a-database", "a-folder"])
def test_a_damaged_state_database(
    tmp_path: Path, inputs: dict[str, str], command: str, damage: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    state = home / "state.sqlite"
    if damage == "a-folder":
        state.mkdir()
    else:
        state.write_bytes(b"this is not an SQLite database\n" * 200)
    result = invoke([*command_args(command, inputs), "--home", str(home)])
    assert_one_clear_line(result, str(state))


@pytest.mark.parametrize(
    ("command", "env", "name"),
    [
        ("ingest", {"DISCLOSURE_SEARCH_WORKERS": "two"}, "DISCLOSURE_SEARCH_"),
        ("ingest", {"DISCLOSURE_SEARCH_MAX_MB": "lots"}, "DISCLOSURE_SEARCH_"),
        ("crawl", {"DISCLOSURE_SEARCH_CRAWL_DELAY": "slow"}, "DISCLOSURE_SEARCH_CRAWL_DELAY"),
        ("evaluate-search", {"DISCLOSURE_SEARCH_TIMEOUT": "x"}, "DISCLOSURE_SEARCH_"),
    ],
)
def test_malformed_settings(
    tmp_path: Path, inputs: dict[str, str], command: str, env: dict[str, str], name: str
) -> None:
    args = [*command_args(command, inputs)]
    if command != "evaluate-search":  # without --home it builds a scratch index
        args += ["--home", str(tmp_path / "home")]
    assert_one_clear_line(invoke(args, env=env), name)


@pytest.mark.parametrize("command", ["evaluate", "evaluate-search"])
@pytest.mark.parametrize(
    "content", ["not json\n", '["a list"]\n', '{"q": 1, "relevant": "x", "file": 2}\n']
)
def test_bad_label_files(tmp_path: Path, inputs: dict[str, str], command: str, content: str):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(content)
    args = [command, str(labels)]
    if command == "evaluate-search":
        args += ["--home", str(tmp_path / "home")]
    assert_one_clear_line(invoke(args), str(labels))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["ingest", "{missing}"], "{missing}"),
        (["search", "--from", "2024-13-01"], "--from"),
        (["search", "--limit", "0"], "--limit"),
        (["search", "--page", "0"], "--page"),
        (["search", "--sort", "sideways"], "--sort"),
        (["search", "--format", "xml"], "--format"),
        (["search", "--from", "2024-05-01", "--to", "2024-01-01"], "2024-05-01"),
        (["export", "--format", "xml"], "--format"),
        (["show"], "DOC_ID"),
        (["crawl", "no-such-source"], "no-such-source"),
        (["crawl", "x", "--sources", "{missing}"], "{missing}"),
        (["sources", "--sources", "{missing}"], "{missing}"),
        (["sources", "--sources", "{not_toml}"], "{not_toml}"),
        (["evaluate", "{missing}"], "{missing}"),
        (["evaluate-search", "{missing}"], "{missing}"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: list[str], name: str) -> None:
    not_toml = tmp_path / "sources.toml"
    not_toml.write_text("this is [ not toml\n")
    paths = {"missing": str(tmp_path / "missing"), "not_toml": str(not_toml)}
    filled = [arg.format(**paths) for arg in args]
    result = invoke(
        [*filled, "--home", str(tmp_path / "home")] if args[0] != "evaluate" else filled
    )
    assert_one_clear_line(result, name.format(**paths))
