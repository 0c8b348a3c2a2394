"""The leaflet's stylesheets: custom properties only in longhand properties.

WeasyPrint validates a shorthand whose value holds a var() once for each of
its longhands, on every element it applies to; the same value in longhands
costs one validation each. Writing `background: var(--accent)` for the list
markers made every leaflet 13 % slower (leaflet.css, top).
"""

from pathlib import Path

import pytest
import tinycss2
from weasyprint.css.validation.expanders import EXPANDERS

ASSETS = Path(__file__).resolve().parent.parent / "templates" / "assets"
STYLESHEETS = sorted(ASSETS.glob("*.css"))


def declarations(rules):
    """Every declaration of the stylesheet, in rules and at-rules (@page) alike."""
    for rule in rules:
        if rule.type in ("qualified-rule", "at-rule") and rule.content is not None:
            content = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True,
                                                     skip_comments=True)
            if any(item.type in ("qualified-rule", "at-rule") for item in content):
                yield from declarations(content)
            yield from (item for item in content if item.type == "declaration")


def uses_var(tokens) -> bool:
    return any(token.type == "function" and (token.lower_name == "var" or uses_var(token.arguments))
               for token in tokens)


def test_there_are_stylesheets_with_custom_properties():
    assert {path.name for path in STYLESHEETS} >= {"leaflet.css", "print.css"}
    rules = tinycss2.parse_stylesheet(ASSETS.joinpath("leaflet.css").read_text(encoding="utf-8"))
    assert sum(uses_var(d.value) for d in declarations(rules)) > 20


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_no_shorthand_property_takes_a_custom_property(path):
    rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"))
    found = [f"line {d.source_line}: {d.name}: {tinycss2.serialize(d.value).strip()}"
             for d in declarations(rules) if d.lower_name in EXPANDERS and uses_var(d.value)]
    assert not found, f"{path.name}: write these as longhands (background-color, border-top-color, ...): {found}"
