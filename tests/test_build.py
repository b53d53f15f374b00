"""The docs build fails on each mistake a contributor can make, and says where and what to do.

Each test builds a small site in a temporary directory, in this process, with the project's own
``validation:`` settings and Markdown extensions (``mkdocs.yml``): a page left out of the nav, a
link to a missing page or anchor, an unrecognised link, a failing executed block. The last test
serves such a site as ``make docs`` does and checks that the server answers.
"""

from __future__ import annotations

import copy
import logging
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _site(tmp_path: Path, pages: dict[str, str], nav: list[str] | None = None) -> Path:
    """A site in ``tmp_path``: the pages, a nav (all pages unless given), the project's settings."""
    (tmp_path / "docs").mkdir()
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text)
    names = nav if nav is not None else list(pages)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: test\nstrict: true\ntheme: {name: mkdocs}\nplugins: [markdown-exec]\n"
        "nav:\n" + "".join(f"  - {name}\n" for name in names)
    )
    return tmp_path


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def mkdocs_log() -> Iterator[_Log]:
    handler = _Log()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _build(root: Path) -> str | None:
    """Build ``root`` strictly, as ``make build`` does; return the abort message, if any."""
    config: Any = load_config(
        str(root / "mkdocs.yml"),
        # Copies: loading a configuration consumes the dictionaries it is given.
        validation=copy.deepcopy(CONFIG["validation"]),
        markdown_extensions=copy.deepcopy(CONFIG["markdown_extensions"]),
    )
    try:
        build(config)
    except Abort as error:
        return str(error)
    return None


def test_the_project_sets_every_validation_to_warn() -> None:
    # Guards the tests below: each mistake is a warning, and --strict turns warnings into failure.
    for name in ("omitted_files", "not_found", "absolute_links", "unrecognized_links", "anchors"):
        assert CONFIG["validation"][name] == "warn", name


@pytest.mark.parametrize(
    ("pages", "nav", "expected"),
    [
        pytest.param(
            {"index.md": "# Home\n", "new.md": "# New\n"},
            ["index.md"],
            'exist in the docs directory, but are not included in the "nav" configuration:\n'
            "  - new.md",
            id="page-left-out-of-the-nav",
        ),
        pytest.param(
            {"index.md": "# Home\n\n[see](other.md#nowhere)\n", "other.md": "# Other\n"},
            None,
            "contains a link 'other.md#nowhere', but the doc 'other.md' does not contain an "
            "anchor '#nowhere'",
            id="missing-anchor",
        ),
        pytest.param(
            {"index.md": "# Home\n\n[see](#nowhere)\n"},
            None,
            "contains a link '#nowhere', but there is no such anchor on this page",
            id="missing-anchor-on-the-page",
        ),
        pytest.param(
            {"index.md": "# Home\n\n[see](other/)\n", "other.md": "# Other\n"},
            None,
            "contains an unrecognized relative link 'other/', it was left as is. Did you mean "
            "'other.md'?",
            id="unrecognised-link",
        ),
        pytest.param(
            {"index.md": "# Home\n\n[see](gone.md)\n"},
            None,
            "contains a link 'gone.md', but the target is not found among documentation files",
            id="link-to-a-missing-page",
        ),
    ],
)
def test_a_link_or_nav_mistake_fails_the_strict_build(
    tmp_path: Path, mkdocs_log: _Log, pages: dict[str, str], nav: list[str] | None, expected: str
) -> None:
    assert _build(_site(tmp_path, pages, nav)) is not None
    assert any(expected in message for message in mkdocs_log.messages), mkdocs_log.messages


def test_a_correct_site_builds(tmp_path: Path, mkdocs_log: _Log) -> None:
    # The other tests fail for their mistake, not for the small site itself.
    pages = {
        "index.md": "# Home\n\n## Part\n\n[see](other.md#part)\n",
        "other.md": "# Other\n\n## Part\n",
    }
    assert _build(_site(tmp_path, pages)) is None, mkdocs_log.messages


FAILING = """\
# Home

```python exec="on" session="s" result="text"
x = 1
print("ran")
raise ValueError("the stated number is wrong")
```

```python exec="on" session="s" result="text"
print(x)
```
"""


#: The ways the pages show an executed block: its output alone, the source above it, HTML.
SHOWN = [
    pytest.param('result="text"', id="output"),
    pytest.param('source="above" result="text"', id="source-above"),
    pytest.param('source="block" result="text"', id="source-block"),
    pytest.param('html="true"', id="html"),
]
#: A page of the nav, and an answer page (which the notebook extension renders: it keeps what
#: each block printed for the page's notebook).
NAVS = [
    pytest.param(None, id="page"),
    pytest.param(["'The answers': [index.md]"], id="answer-page"),
]


@pytest.mark.parametrize("nav", NAVS)
@pytest.mark.parametrize("shown", SHOWN)
def test_a_failing_block_is_reported_once_at_its_page_line(
    tmp_path: Path, mkdocs_log: _Log, shown: str, nav: list[str] | None
) -> None:
    root = _site(tmp_path, {"index.md": FAILING.replace('result="text"', shown)}, nav)
    assert _build(root) == "Aborted with 1 warnings in strict mode!"
    (message,) = mkdocs_log.messages
    assert message.startswith(
        "docs/index.md:6: ValueError: the stated number is wrong\n"
        '     6 | raise ValueError("the stated number is wrong")\n'
        "in the executed block at docs/index.md:3, session 's'. Fix the block"
    )
    assert 'File "docs/index.md", line 6, in <module>' in message
    page = (root / "site" / "index.html").read_text()
    # On the page: the failure as a box (HTML, not HTML escaped into a code block), and the
    # session's next block shown but not run.
    assert '<div class="admonition failure"><p class="admonition-title">' in page
    assert "&lt;div" not in page
    assert "docs/index.md:6: ValueError: the stated number is wrong" in page
    assert "Not run: an earlier block of this session failed (docs/index.md:6)" in page


def test_a_failing_block_after_front_matter_is_reported_at_its_file_line(
    tmp_path: Path, mkdocs_log: _Log
) -> None:
    # MkDocs takes the front matter off before the Markdown extensions see the page.
    root = _site(tmp_path, {"index.md": "---\ntitle: Home\n---\n\n" + FAILING})
    assert _build(root) is not None
    assert mkdocs_log.messages[0].startswith("docs/index.md:10: ValueError"), mkdocs_log.messages


@pytest.mark.parametrize("nav", NAVS)
@pytest.mark.parametrize("shown", SHOWN)
def test_draft_mode_shows_blocks_without_running_them(
    tmp_path: Path,
    mkdocs_log: _Log,
    monkeypatch: pytest.MonkeyPatch,
    shown: str,
    nav: list[str] | None,
) -> None:
    monkeypatch.setenv("MULTICLASS_DRAFT", "1")
    root = _site(tmp_path, {"index.md": FAILING.replace('result="text"', shown)}, nav)
    assert _build(root) is None, mkdocs_log.messages
    page = (root / "site" / "index.html").read_text()
    box = '<div class="admonition note"><p class="admonition-title">Not run: draft serve'
    assert page.count(box) == 2
    assert "&lt;div" not in page
    # The source is shown where the page shows it, and never an empty result block.
    assert ("the stated number is wrong" in page) == ("source" in shown)
    assert "<code></code>" not in page
    assert "<code>\n</code>" not in page


def test_each_build_imports_the_library_afresh(tmp_path: Path, mkdocs_log: _Log) -> None:
    # A module under the site's src/, as multiclass is under the project's: `make docs` rebuilds
    # in one process, and must not run the blocks against the module imported before an edit.
    package = tmp_path / "src" / "freshly_imported"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    page = '# Home\n\n```python exec="on" result="text"\nimport freshly_imported\n\nprint(f"value {freshly_imported.VALUE}")\n```\n'
    root = _site(tmp_path, {"index.md": page})
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        assert _build(root) is None, mkdocs_log.messages
        assert "value 1" in (root / "site" / "index.html").read_text()
        (package / "__init__.py").write_text("VALUE = 222\n")  # another size: no stale bytecode
        assert _build(root) is None, mkdocs_log.messages
        assert "value 222" in (root / "site" / "index.html").read_text()
    finally:
        sys.path.remove(str(tmp_path / "src"))
        sys.modules.pop("freshly_imported", None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, deadline: float, server: subprocess.Popen[bytes], log: Path) -> str:
    """The page at ``url`` once it answers (a refused or timed-out request is tried again)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return str(answer.read().decode())
        except OSError:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no answer from {url}:\n{log.read_text()}"
            time.sleep(0.5)


def test_make_docs_serves_a_failing_block_instead_of_hanging(tmp_path: Path) -> None:
    # Under `mkdocs serve --strict`, a block that starts failing after an edit makes the rebuild
    # an error, and the server then holds every request until a build succeeds: the browser
    # spins. `make docs` serves without --strict, so the page shows the failure instead.
    recipe = re.search(r"^docs:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None
    port = _free_port()
    command = recipe[1].replace("$(BIN)/mkdocs", f"{Path(sys.executable).parent}/mkdocs")
    command = command.replace("$(HOST)", f"127.0.0.1:{port}")
    good = FAILING.replace('raise ValueError("the stated number is wrong")', "")
    root = _site(tmp_path, {"index.md": good})
    for watched in ("src", "tests"):
        (root / watched).mkdir()
    extensions = ("pymdownx.superfences", "multiclass_site.exec_extension")
    with (root / "mkdocs.yml").open("a") as config:
        config.write("markdown_extensions:\n" + "".join(f"  - {e}\n" for e in extensions))
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command.split(), cwd=root, stdout=output, stderr=output)
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "ValueError" not in _get(url, time.monotonic() + 60, server, log)
        (root / "docs" / "index.md").write_text(FAILING)
        deadline = time.monotonic() + 60
        while "docs/index.md:6: ValueError" not in _get(url, deadline, server, log):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
