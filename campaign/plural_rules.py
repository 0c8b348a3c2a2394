"""Plural-Forms per language, as GNU gettext and CLDR give them.

Babel 2.18's built-in table is old and disagrees with both for several
alliance languages (Hungarian, Turkish and Armenian with one form, Arabic with
forms 4 and 5 swapped, Maltese at 101…). The standard rules come from:

- CLDR, as Weblate's language data writes it in gettext syntax (the
  `weblate-language-data` package, https://github.com/WeblateOrg/language-data,
  MIT): the CLDR rule first, then the variants Weblate also accepts for the
  language (e.g. the two-form Hebrew rule most existing catalogs use);
- GNU gettext's own table (msginit's plural-table.c, gettext 0.21), for the one
  alliance language where it differs from all of those: Portuguese, which GNU
  gives `n != 1` (European Portuguese) and CLDR `n > 1`.

A catalog may use any of these rules or an equivalent expression (same number
of forms, same form for every number): the check compares the rules on sample
numbers, not as text. `catalog init` writes the first (CLDR) rule.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

from weblate_language_data.languages import LANGUAGES
from weblate_language_data.plurals import EXTRAPLURALS

# GNU msginit rules that Weblate's data does not list (see the module docstring).
GNU_ONLY_RULES = {"pt": (2, "n != 1")}

# Numbers on which two rules must agree to be the same rule: every number up
# to 1000 (all CLDR distinctions of the alliance languages sit in n % 100 and
# n % 10) and a few large ones.
SAMPLE_NUMBERS = (*range(0, 1001), 1001, 1002, 1011, 1021, 1101, 1111, 10000, 100000, 1000000, 1000001)

_HEADER_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)


@dataclass(frozen=True)
class PluralRule:
    count: int
    expression: str

    @property
    def parenthesized(self) -> str:
        """The expression in parentheses, as msginit writes it."""
        expression = self.expression.strip()
        if expression.startswith("(") and expression.endswith(")") and _balanced(expression[1:-1]):
            return expression
        return f"({expression})"

    @property
    def header(self) -> str:
        """The Plural-Forms value as msginit writes it."""
        return f"nplurals={self.count}; plural={self.parenthesized};"

    def forms(self) -> tuple[int, ...]:
        """The form index of every sample number (ValueError if the expression is not valid C)."""
        try:
            rule = gettext.c2py(self.expression)
        except (ValueError, SyntaxError, RecursionError) as error:
            raise ValueError(f"plural={self.expression!r} is not a valid expression ({error})") from None
        return tuple(rule(n) for n in SAMPLE_NUMBERS)

    def is_equivalent(self, other: PluralRule) -> bool:
        try:
            return self.count == other.count and self.forms() == other.forms()
        except ValueError:
            return False


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_plural_forms(value: str) -> PluralRule:
    """A Plural-Forms header value; ValueError if it is not `nplurals=N; plural=EXPR;`."""
    match = _HEADER_RE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not of the form 'nplurals=N; plural=EXPRESSION;'")
    rule = PluralRule(int(match.group(1)), match.group(2))
    forms = rule.forms()
    if any(not 0 <= form < rule.count for form in forms):
        raise ValueError(f"plural={rule.expression} gives a form outside 0…{rule.count - 1}")
    return rule


@functools.lru_cache(maxsize=1)
def _weblate_rules() -> dict[str, list[PluralRule]]:
    rules: dict[str, list[PluralRule]] = {}
    for code, _name, count, expression in (*LANGUAGES, *EXTRAPLURALS):
        rules.setdefault(code, []).append(PluralRule(count, expression))
    return rules


def standard_rules(catalog: str) -> list[PluralRule]:
    """The accepted rules for a catalog name (de, de_CH, sr_Latn), preferred first.

    A regional catalog uses its own entry if Weblate has one, else its language's.
    """
    weblate = _weblate_rules()
    language = catalog.split("_")[0]
    found = list(weblate.get(catalog, [])) + list(weblate.get(language, []))
    if language in GNU_ONLY_RULES:
        found.append(PluralRule(*GNU_ONLY_RULES[language]))
    return list(dict.fromkeys(found))


def accepts(catalog: str, rule: PluralRule) -> bool:
    return any(rule.is_equivalent(standard) for standard in standard_rules(catalog))


def preferred_rule(catalog: str) -> PluralRule | None:
    rules = standard_rules(catalog)
    return rules[0] if rules else None
