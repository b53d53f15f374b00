"""Markdown extension that runs the pages' executed blocks as pytest does, and tells the truth.

Listed in ``mkdocs.yml`` under ``markdown_extensions``; markdown-exec still renders the blocks
(source, result, tabs), but this extension runs them, through :mod:`multiclass_site.blocks`:

* A block that raises is reported at the page line that failed, with that line, in the build log
  (a warning: ``mkdocs build --strict`` fails) and on the page, as a red box that `make docs`
  serves instead of hanging.
* Each build starts with a fresh import of the repository's own modules (``src/``), so that
  ``make docs`` shows what the library computes after an edit, not what it computed before.
* ``MULTICLASS_DRAFT=1`` (``make docs-draft``) shows the blocks without running them.

It finds the page being converted through the tree processor MkDocs registers for it; outside
MkDocs a block is named ``<markdown>`` and its lines counted from the fence.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import Registry
from markdown_exec import base_format
from markdown_exec import validator as exec_validator

from multiclass_site.blocks import Block, BlockError, run_block, scan_blocks, session_namespace

__all__ = ["ExecExtension", "makeExtension"]

log = logging.getLogger("mkdocs.plugins.multiclass_site")
_PAGE_LINE = "pageline"
_last_build: list[object] = []


def fresh_imports(src: Path, keep: str = __name__) -> list[str]:
    """Forget every imported module whose file lies under ``src`` (but ``keep``), and name them.

    The next ``import`` reads them again, so an edited library is what the blocks run.
    """
    stale = [
        name
        for name, module in list(sys.modules.items())
        if name != keep
        and isinstance(getattr(module, "__file__", None), str)
        and Path(module.__file__).resolve().is_relative_to(src)  # type: ignore[arg-type]
    ]
    for name in stale:
        del sys.modules[name]
    return stale


def _registered(registry: Registry[Any], name: str) -> Any:
    """The processor registered under ``name``, or None."""
    # A Registry has no get(); it answers `in` and [].
    return registry[name] if name in registry else None  # noqa: SIM401


class Box(str):
    """HTML that stands for a block's output: the block failed or was not run.

    A wrapper around :meth:`ExecExtension.format` (the notebook extension) shows it as HTML,
    never as printed text.
    """

    __slots__ = ()


def _box(kind: str, title: str, body: str = "") -> Box:
    """An admonition of Material's ``kind`` (failure, note) with a title and preformatted text."""
    text = f"<pre><code>{html.escape(body)}</code></pre>" if body else ""
    return Box(
        f'<div class="admonition {kind}"><p class="admonition-title">{html.escape(title)}</p>'
        f"{text}</div>"
    )


def source_only(src: str, options: dict[str, Any], md: Markdown, language: str = "python") -> str:
    """The block's source where the page shows it (``source=...``), and no result block."""
    shown = {k: v for k, v in options.items() if k not in {"result", "html"}}
    return str(base_format(language=language, run=lambda *_, **__: "", code=src, md=md, **shown))


class _Blocks(Preprocessor):
    """Tags each executed fence of the raw page (snippets not yet expanded) with its page line."""

    def __init__(self, md: Markdown, extension: ExecExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        ext.register_fences(self.md)
        relpath = _registered(self.md.treeprocessors, "relpath")
        file, config = getattr(relpath, "file", None), getattr(relpath, "config", None)
        if file is None or config is None or not getattr(file, "abs_src_path", None):
            return lines
        ext.root = Path(config.config_file_path).resolve().parent
        if not _last_build or _last_build[0] is not config:
            _last_build[:] = [config]
            fresh_imports(ext.root / "src")
        source = Path(file.abs_src_path).resolve()
        inside = source.is_relative_to(ext.root)
        ext.page = source.relative_to(ext.root).as_posix() if inside else source.as_posix()
        text, page_text = "\n".join(lines), source.read_text(encoding="utf-8-sig")
        # The page's first line, after the front matter MkDocs has taken off.
        first = (
            page_text[: len(page_text) - len(text)].count("\n") + 1
            if page_text.endswith(text)
            else 1
        )
        try:
            ext.blocks = {b.line: b for b in scan_blocks(lines, ext.page, ext.root, first)}
        except (KeyError, OSError):  # a missing snippet: pymdownx.snippets reports it
            return lines
        tagged = list(lines)
        for number in ext.blocks:
            index = number - first
            tagged[index] = f'{tagged[index].rstrip()} {_PAGE_LINE}="{number}"'
        return tagged


class ExecExtension(Extension):
    """Runs ``python``/``py`` fences with ``exec="on"`` through :mod:`multiclass_site.blocks`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = Path.cwd()
        self.page = "<markdown>"
        self.blocks: dict[int, Block] = {}
        self.sessions: dict[str, dict[str, object]] = {}
        self.failed: dict[str, str] = {}
        self._registered: set[int] = set()

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the preprocessor that finds the blocks (before pymdownx.snippets, at 32)."""
        md.registerExtension(self)
        md.preprocessors.register(_Blocks(md, self), "multiclass_exec_blocks", 35)

    def reset(self) -> None:
        """A new document: no blocks, no sessions."""
        self.blocks, self.sessions, self.failed = {}, {}, {}

    def register_fences(self, md: Markdown) -> None:
        """Make SuperFences run Python fences through :meth:`format` (the last one added wins)."""
        fences = _registered(md.preprocessors, "fenced_code_block")
        superfences = getattr(fences, "extension", None)
        if superfences is None or id(superfences) in self._registered:
            return
        self._registered.add(id(superfences))
        for language in ("python", "py"):
            superfences.extend_super_fences(language, self.format, self.validate, None)

    def validate(
        self,
        language: str,
        inputs: dict[str, str],
        options: dict[str, Any],
        attrs: dict[str, Any],
        md: Markdown,
    ) -> bool:
        """markdown-exec's validator, after taking the page line this extension added."""
        line = inputs.pop(_PAGE_LINE, None)
        if not exec_validator(language, inputs, options, attrs, md):
            return False
        options[_PAGE_LINE] = int(line) if line and line.isdigit() else None
        return True

    def _block(self, src: str, options: dict[str, Any]) -> Block:
        """The block at the fence's page line, or, when the page is unknown, one made from ``src``."""
        line = options.pop(_PAGE_LINE, None)
        block = self.blocks.get(line) if line else None
        if block is not None and block.source.rstrip("\n") == src.rstrip("\n"):
            return block
        count = src.count("\n") + 1
        start = line or 0
        return Block(
            page=self.page,
            line=start,
            session=options.get("session") or None,
            source=src + "\n",
            lines=tuple(range(start + 1, start + 1 + count)),
            included=(None,) * count,
        )

    def format(
        self,
        src: str = "",
        language: str = "",
        options: dict[str, Any] | None = None,
        md: Markdown | None = None,
        **_: Any,
    ) -> str:
        """The block's HTML, as markdown-exec renders it; on failure, the failure, and a warning."""
        if md is None:
            return html.escape(src)
        options = dict(options or {})
        block = self._block(src, options)
        skip = ""
        if os.environ.get("MULTICLASS_DRAFT"):
            skip = "Not run: draft serve (make docs-draft)"
        elif block.session in self.failed:
            skip = (
                f"Not run: an earlier block of this session failed ({self.failed[block.session]})"
            )
        if skip:
            return Box(source_only(src, options, md, language) + _box("note", skip))

        def run(_code: str, **__: Any) -> str:
            return run_block(block, session_namespace(block, self.sessions), self.root)

        try:
            return str(base_format(language=language, run=run, code=src, md=md, **options))
        except BlockError as error:
            # One fault, one report: the session's later blocks are shown, not run.
            if block.session:
                self.failed[block.session] = f"{block.page}:{error.page_line}"
            log.warning("%s\n%s", error, error.details)
            return _box("failure", str(error).splitlines()[0], f"{error}\n\n{error.details}")
        except Exception as error:  # noqa: BLE001 - a renderer's fault: report it, keep serving
            where = f"{block.page}:{block.line}"
            log.warning("%s: the executed block could not be shown: %r", where, error)
            return _box("failure", f"{where}: the block could not be shown", repr(error))


def makeExtension(**kwargs: Any) -> ExecExtension:
    """The extension, for ``markdown_extensions: [multiclass_site.exec_extension]``."""
    return ExecExtension(**kwargs)
