"""The site's navigation read from ``mkdocs.yml``'s ``nav``: pages in order, and a section's pages."""

from __future__ import annotations

from pathlib import Path

from multiclass_site.navigation import nav_pages, section_pages, site_nav

ROOT = Path(__file__).resolve().parents[1]

#: Every form an entry takes: a bare page, a titled page, a link elsewhere, nested sections.
NAV = [
    "index.md",
    {"Start": "start.md"},
    {"Elsewhere": "https://example.org/"},
    {
        "Part": [
            {"One": "one.md"},
            "two.md",
            {"Deeper": [{"Three": "three.md"}, {"Part": ["four.md"]}]},
        ]
    },
    {"After": "after.md"},
]


def test_pages_come_in_nav_order_with_their_titles() -> None:
    assert list(nav_pages(NAV)) == [
        ("index.md", ""),
        ("start.md", "Start"),
        ("one.md", "One"),
        ("two.md", ""),
        ("three.md", "Three"),
        ("four.md", ""),
        ("after.md", "After"),
    ]


def test_a_section_holds_the_pages_under_it_at_any_depth() -> None:
    assert section_pages(NAV, "Part") == {"one.md", "two.md", "three.md", "four.md"}
    assert section_pages(NAV, "Deeper") == {"three.md", "four.md"}
    assert section_pages(NAV, "Start") == {"start.md"}
    assert section_pages(NAV, "Missing") == set()


def test_the_site_s_answers_are_six_pages_of_its_nav() -> None:
    nav = site_nav(ROOT)
    answers = section_pages(nav, "The answers")
    assert len(answers) == 6
    assert answers <= {page for page, _ in nav_pages(nav)}


def test_without_a_configuration_there_is_no_nav(tmp_path: Path) -> None:
    assert site_nav(tmp_path) is None
    assert list(nav_pages(site_nav(tmp_path))) == []
