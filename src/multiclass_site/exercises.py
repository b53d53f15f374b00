r"""Exercises: each answer page ends with things to do, and every solution is checked.

The format (CONTRIBUTING.md, "Add an exercise"; ``templates/page.md`` has one of each kind): a
``## Exercises`` section at the end of the page; in it, each exercise is a level-3 heading whose
attribute list gives an id ``exercise-<page>-<name>`` and a ``data-kind`` (compute, prove,
predict or code), then the task, then a collapsed ``/// details | Hint`` and a collapsed
``/// details | Solution``, in that order. A solution is checked by what its kind asks:

* compute, predict, code: an executed block in the solution asserts the result (``assert``, or
  an ``assert_...`` function such as ``numpy.testing.assert_allclose``);
* prove: the solution links to the claim (``[the claim](page.md#claim-id)``, or ``#claim-id`` on
  the same page) whose property test checks the statement;
* predict: the task asks the reader to predict before running.

The executed blocks of an exercise use a session that no block outside the section uses, so that
an exercise never depends on the page's other examples. :func:`problems` lists every fault of
the site's exercises, each saying what to do; :func:`coverage` what an answer page lacks (at
least :data:`MIN_EXERCISES` exercises of at least :data:`MIN_KINDS` kinds).
``tests/test_exercises.py`` fails on either.
"""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import Path

from multiclass_site.blocks import Block
from multiclass_site.claim_blocks import ID_PATTERN, find_claims
from multiclass_site.exercise_blocks import Exercise, Section, find_exercises, read_section
from multiclass_site.navigation import section_pages, site_nav

__all__ = [
    "KINDS",
    "MIN_EXERCISES",
    "MIN_KINDS",
    "answer_pages",
    "coverage",
    "problems",
    "report",
    "template",
]

#: The kinds of exercise, as ``data-kind`` names them.
KINDS = ("compute", "prove", "predict", "code")
#: At least this many exercises on each answer page, of at least this many kinds.
MIN_EXERCISES = 4
MIN_KINDS = 3
#: The navigation section whose pages need exercises.
SECTION = "The answers"

_LINK = re.compile(r"\]\((?P<path>[^()\s#]*)#(?P<anchor>[^()\s]+?)(?:\s+\"[^\"]*\")?\)")
_TEMPLATE = Path(__file__).parent / "templates" / "page.md"
_ORDER = "a `/// details | Hint` block, then a `/// details | Solution` block"


def answer_pages(root: Path) -> list[str]:
    """The pages of the "The answers" section of ``mkdocs.yml``'s nav, relative to ``docs/``."""
    return sorted(section_pages(site_nav(root), SECTION))


def _asserts(block: Block) -> bool:
    """Whether ``block`` asserts: an ``assert`` statement or a call of an ``assert...`` function."""
    try:
        tree = ast.parse(block.source)
    except SyntaxError:
        return False  # the page's block tests report it
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name.startswith("assert"):
                return True
    return False


def _structure(exercise: Exercise, slug: str) -> list[str]:
    """Faults of the heading, the task and the order of the hint and the solution."""
    found: list[str] = []
    name = exercise.id or exercise.title
    example = f'{{ #exercise-{slug}-NAME data-kind="compute" }}'
    if exercise.attrs is None or not exercise.id:
        found.append(f"exercise {exercise.title!r} has no id: end its heading with {example}")
    elif not (
        exercise.id.startswith(f"exercise-{slug}-")
        and re.fullmatch(ID_PATTERN, exercise.id.removeprefix(f"exercise-{slug}-"))
    ):
        found.append(
            f"exercise id {exercise.id!r} is not exercise-{slug}- and a kebab-case name "
            f"(lower-case letters and digits joined by single hyphens): rename it, e.g. "
            f"exercise-{slug}-{re.sub(r'[^a-z0-9]+', '-', exercise.title.lower()).strip('-')}"
        )
    if exercise.attrs is not None and exercise.kind not in KINDS:
        given = f"data-kind={exercise.kind!r}" if exercise.kind else "no data-kind"
        found.append(
            f'exercise {name!r} has {given}: add data-kind="..." to its heading\'s attribute '
            f"list, one of {', '.join(KINDS)}"
        )
    if not exercise.task:
        found.append(f"exercise {name!r} states no task: write it between the heading and the Hint")
    titles = [(part.name, part.title) for part in exercise.parts]
    if titles != [("details", "Hint"), ("details", "Solution")]:
        shown = ", ".join(f"/// {n} | {t}" for n, t in titles) or "nothing"
        found.append(f"exercise {name!r} has {shown} after its task; it needs {_ORDER}")
    for part in exercise.parts:
        if part.open:
            found.append(
                f"the {part.title} of exercise {name!r} is open: remove `open: true`, so that it "
                "stays collapsed until the reader opens it"
            )
    return found


def _solution(exercise: Exercise, claims: set[tuple[str, str]], page: str) -> list[str]:
    """Faults of the solution, by the exercise's kind."""
    solution = next((p for p in reversed(exercise.parts) if p.title == "Solution"), None)
    if solution is None or exercise.kind not in KINDS:
        return []
    name = exercise.id
    if exercise.kind == "prove":
        targets = [
            (posixpath.normpath(posixpath.join(posixpath.dirname(page), m["path"] or page)), m)
            for m in _LINK.finditer(solution.text)
        ]
        if any((path, m["anchor"]) in claims for path, m in targets):
            return []
        wrong = [f"{m['path']}#{m['anchor']}" for _, m in targets]
        linked = f"links to {', '.join(wrong)}, which is no claim" if wrong else "links to no claim"
        fault = (
            f"the solution of {name!r} (prove) {linked}: link the claim whose property test checks "
            "the statement, [the claim](page.md#claim-id) or [the claim](#claim-id) on this page "
            "(add a `/// claim` and its test where none exists)"
        )
        return [fault]
    found: list[str] = []
    if exercise.kind == "predict" and "predict" not in exercise.task.lower():
        found.append(
            f"the task of {name!r} (predict) does not ask the reader to predict: say what to "
            'predict before running it ("Predict ..., then run ...")'
        )
    if not solution.blocks:
        found.append(
            f"the solution of {name!r} ({exercise.kind}) runs no code: add an executed block "
            '(```python exec="on" ...) that prints and asserts the result'
        )
    elif not any(_asserts(block) for block in solution.blocks):
        found.append(
            f"the solution of {name!r} ({exercise.kind}) asserts nothing: end its executed block "
            "with `assert`s on every number the solution states"
        )
    return found


def _sessions(section: Section, slug: str) -> list[str]:
    """Executed blocks of exercises without a session, or with one the rest of the page uses."""
    used = {block.session for block in section.page_blocks if block.session}
    found: list[str] = []
    for exercise in section.exercises:
        for block in exercise.blocks:
            where = f"docs/{section.page}:{block.line}"
            if block.session is None or block.session in used:
                shared = "no session" if block.session is None else f"session {block.session!r}"
                also = "" if block.session is None else ", which the page's other blocks use"
                found.append(
                    f"{where}: the executed block of {exercise.id or exercise.title!r} has "
                    f'{shared}{also}: give it session="exercises-{slug}" so that it runs apart '
                    "from the page's examples"
                )
    return found


def problems(root: Path, docs_dir: str = "docs") -> list[str]:
    """Every fault of the exercises on the pages under ``root/docs_dir``, each once.

    Each message starts with the page and line, and says what to do.
    """
    claims = {(claim.page, claim.id) for claim in find_claims(root / docs_dir)}
    seen: dict[str, str] = {}
    found: list[str] = []
    for section in find_exercises(root / docs_dir, root):
        slug = posixpath.splitext(posixpath.basename(section.page))[0]
        where = f"{docs_dir}/{section.page}"
        if section.after is not None:
            line, heading = section.after
            found.append(
                f"{where}:{line}: `{heading}` follows the Exercises section, which ends the page: "
                "move it above `## Exercises`"
            )
        found.extend(
            f"{where}:{line}: a second `## Exercises` heading: one section holds all the exercises"
            for line in section.others
        )
        for exercise in section.exercises:
            at = f"{where}:{exercise.line}"
            faults = _structure(exercise, slug) + _solution(exercise, claims, section.page)
            found.extend(f"{at}: {fault}" for fault in faults)
            if exercise.id in seen:
                found.append(
                    f"{at}: exercise id {exercise.id!r} is also used on {seen[exercise.id]}: give "
                    "each exercise its own id"
                )
            elif exercise.id:
                seen[exercise.id] = at
        found.extend(_sessions(section, slug))
    return list(dict.fromkeys(found))


def coverage(root: Path, page: str, docs_dir: str = "docs") -> list[str]:
    """What ``page`` (under ``docs_dir``) lacks: at least 4 exercises, of at least 3 kinds."""
    path = root / docs_dir / page
    section = read_section(path, root / docs_dir, root)
    where = f"{docs_dir}/{page}"
    if section is None:
        fault = (
            f"{where}: no `## Exercises` section: end the page with one, holding at least "
            f"{MIN_EXERCISES} exercises of at least {MIN_KINDS} of the kinds {', '.join(KINDS)}"
        )
        return [fault]
    found: list[str] = []
    count = len(section.exercises)
    if count < MIN_EXERCISES:
        found.append(
            f"{where}:{section.line}: {count} exercises; an answer page has at least "
            f"{MIN_EXERCISES}: add {MIN_EXERCISES - count}"
        )
    kinds = sorted({e.kind for e in section.exercises if e.kind in KINDS}, key=KINDS.index)
    if len(kinds) < MIN_KINDS:
        missing = [kind for kind in KINDS if kind not in kinds]
        found.append(
            f"{where}:{section.line}: exercises of {len(kinds)} kinds ({', '.join(kinds) or 'none'}); "
            f"an answer page mixes at least {MIN_KINDS}: add one of {', '.join(missing)}"
        )
    return found


def template() -> str:
    """The Exercises section of the page template that ``make new-page`` writes."""
    text = _TEMPLATE.read_text(encoding="utf-8")
    return text[text.index("## Exercises") :]


def report(found: list[str]) -> str:
    """The faults, one a line, then the template's exercises, as the checker expects them."""
    return (
        "exercises that break the format:\n"
        + "\n".join(found)
        + "\n\nExercises as the checker expects them (the template make new-page writes):\n\n"
        + template()
    )
