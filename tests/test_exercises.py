"""Exercises: every answer page ends with at least four, each with a hint and a checked solution.

The checker (``multiclass_site.exercises``) reads the site's pages; each mistake a writer can
make is made here in a small copy of the page template, and must give one message that says
what to do. The exercises also have to survive the renderer (ids and ``data-kind`` on the
headings, collapsed hints and solutions) and the notebook (folded details).
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from multiclass_site import exercises, scaffold
from multiclass_site.jupyter_markdown import Executed, convert

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = exercises.answer_pages(ROOT)


def test_every_exercise_on_the_site_follows_the_format() -> None:
    found = exercises.problems(ROOT)
    assert not found, exercises.report(found)


def test_the_answers_are_the_six_pages_of_the_nav_or_more() -> None:
    # Guards the per-page test below against passing vacuously (no page found).
    assert len(ANSWERS) >= 6, f"the answer pages of mkdocs.yml's nav: {ANSWERS}"


@pytest.mark.parametrize("page", ANSWERS)
def test_every_answer_page_has_four_exercises_of_three_kinds(page: str) -> None:
    found = exercises.coverage(ROOT, page)
    assert not found, "\n".join(found)


PAGE = scaffold.render(
    (ROOT / "src/multiclass_site/templates/page.md").read_text(encoding="utf-8"), "page"
)


def _tree(tmp_path: Path, page: str = PAGE, other: str = "# Other\n") -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(page)
    (tmp_path / "docs" / "other.md").write_text(other)
    return tmp_path


def test_the_template_is_accepted(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert exercises.problems(root) == []
    assert exercises.coverage(root, "page.md") == []


def _line(text: str, fragment: str) -> int:
    return text.splitlines().index(next(x for x in text.splitlines() if fragment in x)) + 1


SOLUTION_OF_SUM = "/// details | Solution\n$\\sum_k e^{z_k}"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "#exercise-page-by-hand ",
            "",
            "exercise 'Softmax by hand' has no id: end its heading with "
            '{ #exercise-page-NAME data-kind="compute" }',
            id="no-id",
        ),
        pytest.param(
            ' { #exercise-page-by-hand data-kind="compute" }',
            "",
            "exercise 'Softmax by hand' has no id",
            id="no-attribute-list",
        ),
        pytest.param(
            "#exercise-page-by-hand",
            "#exercise-by-hand",
            "exercise id 'exercise-by-hand' is not exercise-page- and a kebab-case name "
            "(lower-case letters and digits joined by single hyphens): rename it, e.g. "
            "exercise-page-softmax-by-hand",
            id="id-without-page",
        ),
        pytest.param(
            "#exercise-page-by-hand",
            "#exercise-page-By_Hand",
            "exercise id 'exercise-page-By_Hand' is not exercise-page- and a kebab-case name",
            id="id-not-kebab-case",
        ),
        pytest.param(
            "#exercise-page-sum ",
            "#exercise-page-by-hand ",
            "exercise id 'exercise-page-by-hand' is also used on docs/page.md:",
            id="duplicate-id",
        ),
        pytest.param(
            'data-kind="compute"',
            'data-kind="calculate"',
            "exercise 'exercise-page-by-hand' has data-kind='calculate': add data-kind=\"...\" to "
            "its heading's attribute list, one of compute, prove, predict, code",
            id="unknown-kind",
        ),
        pytest.param(
            ' data-kind="compute"',
            "",
            "exercise 'exercise-page-by-hand' has no data-kind",
            id="no-kind",
        ),
        pytest.param(
            "Compute $\\operatorname{softmax}([0, \\log 2, \\log 3])$ by hand.",
            "",
            "exercise 'exercise-page-by-hand' states no task: write it between the heading and "
            "the Hint",
            id="no-task",
        ),
        pytest.param(
            "/// details | Hint\n$e^{\\log a} = a$: the exponentials are 1, 2 and 3.\n///\n",
            "",
            "exercise 'exercise-page-by-hand' has /// details | Solution after its task; it needs "
            "a `/// details | Hint` block, then a `/// details | Solution` block",
            id="no-hint",
        ),
        pytest.param(
            "/// details | Hint\nEvery output",
            "/// details | Solution\nEvery output",
            "exercise 'exercise-page-sum' has /// details | Solution, /// details | Solution",
            id="two-solutions",
        ),
        pytest.param(
            "/// details | Hint\n$e^{\\log a}",
            "/// details | Hint\n    open: true\n\n$e^{\\log a}",
            "the Hint of exercise 'exercise-page-by-hand' is open: remove `open: true`",
            id="open-hint",
        ),
        pytest.param(
            "/// details | Solution\nNothing:",
            "/// details | Solution\n    open: true\n\nNothing:",
            "the Solution of exercise 'exercise-page-shift' is open",
            id="open-solution",
        ),
        pytest.param(
            '```python exec="on" source="above" result="text" session="exercises-page"\n'
            "import numpy as np",
            "```python\nimport numpy as np",
            "the solution of 'exercise-page-by-hand' (compute) runs no code: add an executed block",
            id="compute-without-code",
        ),
        pytest.param(
            "assert np.allclose(6 * y,",
            "np.allclose(6 * y,",
            "the solution of 'exercise-page-by-hand' (compute) asserts nothing: end its executed "
            "block with `assert`s on every number the solution states",
            id="compute-without-assert",
        ),
        pytest.param(
            "assert np.allclose(softmax(z + 10)",
            "print(softmax(z + 10)",
            "the solution of 'exercise-page-shift' (predict) asserts nothing",
            id="predict-without-assert",
        ),
        pytest.param(
            "assert np.allclose(my_softmax(z), softmax(z), rtol=1e-14)",
            "print(my_softmax(z))",
            "the solution of 'exercise-page-own' (code) asserts nothing",
            id="code-without-assert",
        ),
        pytest.param(
            "Predict what adding",
            "Say what adding",
            "the task of 'exercise-page-shift' (predict) does not ask the reader to predict",
            id="predict-without-prediction",
        ),
        pytest.param(
            "[the claim](#page-sums-to-one)",
            "the claim",
            "the solution of 'exercise-page-sum' (prove) links to no claim: link the claim whose "
            "property test checks the statement",
            id="prove-without-link",
        ),
        pytest.param(
            "[the claim](#page-sums-to-one)",
            "[the claim](#exercises)",
            "the solution of 'exercise-page-sum' (prove) links to #exercises, which is no claim",
            id="prove-link-to-a-heading",
        ),
        pytest.param(
            "[the claim](#page-sums-to-one)",
            "[the claim](other.md#page-sums-to-one)",
            "links to other.md#page-sums-to-one, which is no claim",
            id="prove-link-to-the-wrong-page",
        ),
        pytest.param(
            'result="text" session="exercises-page"\nimport numpy as np',
            'result="text" session="page"\nimport numpy as np',
            "the executed block of 'exercise-page-by-hand' has session 'page', which the page's "
            'other blocks use: give it session="exercises-page"',
            id="session-of-the-page",
        ),
        pytest.param(
            'result="text" session="exercises-page"\ndef my_softmax',
            'result="text"\ndef my_softmax',
            "the executed block of 'exercise-page-own' has no session",
            id="no-session",
        ),
        pytest.param(
            "assert np.allclose(my_softmax(z), softmax(z), rtol=1e-14)\n```\n///\n",
            "assert np.allclose(my_softmax(z), softmax(z), rtol=1e-14)\n```\n///\n\n## References\n",
            "`## References` follows the Exercises section, which ends the page: move it above",
            id="section-not-last",
        ),
        pytest.param(
            "### Add a constant",
            "## Exercises\n\n### Add a constant",
            "a second `## Exercises` heading: one section holds all the exercises",
            id="two-sections",
        ),
    ],
)
def test_each_mistake_gives_one_message_that_says_what_to_do(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in PAGE
    page = PAGE.replace(old, new, 1)
    found = exercises.problems(_tree(tmp_path, page))
    assert len(found) == 1, found
    assert expected in found[0], found
    assert re.match(r"docs/page\.md:\d+: ", found[0]), found


def test_a_message_names_the_line_of_its_exercise(tmp_path: Path) -> None:
    page = PAGE.replace('data-kind="predict"', 'data-kind="guess"')
    (found,) = exercises.problems(_tree(tmp_path, page))
    line = _line(page, 'data-kind="guess"')
    assert found.startswith(f"docs/page.md:{line}: ")


def test_a_prove_solution_may_link_a_claim_on_another_page(tmp_path: Path) -> None:
    claim = PAGE[PAGE.index("/// claim") : PAGE.index("## Exercises")]
    page = PAGE.replace(claim, "").replace("(#page-sums-to-one)", "(other.md#page-sums-to-one)")
    assert exercises.problems(_tree(tmp_path, page, other="# Other\n\n" + claim)) == []


def test_headings_and_blocks_inside_code_fences_are_code(tmp_path: Path) -> None:
    fenced = "```markdown\n## Exercises\n### Not an exercise\n/// details | Hint\n///\n```\n"
    page = PAGE.replace("## An example small enough", fenced + "\n## An example small enough")
    page = page.replace("def my_softmax(z):\n", "def my_softmax(z):\n    # ## References\n")
    assert exercises.problems(_tree(tmp_path, page)) == []


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        ("### Your own softmax", "3 exercises; an answer page has at least 4: add 1"),
        ("## Exercises", "no `## Exercises` section: end the page with one, holding at least 4"),
    ],
)
def test_coverage_counts_the_exercises_of_a_page(tmp_path: Path, cut: str, expected: str) -> None:
    page = PAGE[: PAGE.index(cut)]
    (found,) = exercises.coverage(_tree(tmp_path, page), "page.md")
    assert expected in found


def test_coverage_counts_the_kinds_of_a_page(tmp_path: Path) -> None:
    page = PAGE.replace('data-kind="predict"', 'data-kind="compute"').replace(
        'data-kind="code"', 'data-kind="compute"'
    )
    (found,) = exercises.coverage(_tree(tmp_path, page), "page.md")
    assert (
        "exercises of 2 kinds (compute, prove); an answer page mixes at least 3: add one of "
        in (found)
    )
    assert found.endswith("predict, code")


def test_the_report_shows_the_template() -> None:
    text = exercises.report(["docs/page.md:3: a fault"])
    assert text.startswith("exercises that break the format:\ndocs/page.md:3: a fault\n")
    assert '### Softmax by hand { #exercise-my-topic-by-hand data-kind="compute" }' in text


def test_the_contributors_guide_quotes_the_template() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    first = exercises.template().split("\n### ")[0:2]
    assert "````markdown\n" + "\n### ".join(first).rstrip() + "\n````\n" in guide


EXERCISES = PAGE[PAGE.index("## Exercises") :]


def test_a_heading_renders_its_id_and_kind_and_the_details_are_collapsed() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )
    html = md.convert(EXERCISES)
    headings = re.findall(r"<h3 ([^>]*)>", html)
    assert headings == [
        f'data-kind="{kind}" id="exercise-page-{name}"'
        for kind, name in [
            ("compute", "by-hand"),
            ("prove", "sum"),
            ("predict", "shift"),
            ("code", "own"),
        ]
    ]
    assert html.count("<details>\n<summary>Hint</summary>") == 4
    assert html.count("<details>\n<summary>Solution</summary>") == 4
    assert "<details open" not in html


def test_in_the_notebook_hints_and_solutions_stay_folded() -> None:
    items = convert(EXERCISES.splitlines(), ROOT, lambda target: target, frozenset({"details"}))
    texts = "".join(item for item in items if isinstance(item, str))
    assert "### Softmax by hand\n" in texts  # the attribute list is left out
    assert "{ #exercise" not in texts
    assert texts.count("<details><summary>Hint</summary>") == 4
    assert "<details open>" not in texts
    cells = [item for item in items if isinstance(item, Executed)]
    assert len(cells) == 3
    assert all(cell.folded for cell in cells)  # a solution's code is folded with the solution
