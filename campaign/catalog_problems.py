"""The problem record every catalog reader and check reports.

Its own module so the strict PO reader (po_syntax) and the content checks
(catalog_checks) can both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.errors import Problem

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, eq=True)
class CatalogProblem(Problem):
    """A Problem in a PO file that also names the check, locale, line and msgid."""

    check: str = ""
    locale: str = ""
    line: int = 0
    msgid: str = ""

    def _key(self):
        return (self.file, self.line, self.check, self.msgid, self.message)

    def __lt__(self, other):
        # Problem orders by its `place` text ("line 12" < "line 9"); order by number.
        if isinstance(other, CatalogProblem):
            return self._key() < other._key()
        return (self.file, self.place, self.message) < (other.file, other.place, other.message)


def make_problem(check, severity, file, line, locale, text, msgid="") -> CatalogProblem:
    about = f' in "{shorten(msgid)}"' if msgid else ""
    return CatalogProblem(
        file=file,
        place=f"line {line}" if line else "",
        message=f"[{check}] {locale}: {text}{about}",
        severity=severity,
        check=check,
        locale=locale,
        line=line,
        msgid=msgid,
    )


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
