"""Plain-text tables for the command line (countries, catalog stats)."""

from __future__ import annotations

from typing import Iterable, Sequence


def format_table(rows: Iterable[Sequence[str]]) -> list[str]:
    """Each row as one line: columns padded to their widest cell, two spaces
    apart, without trailing spaces. The first row is usually the header."""
    rows = [[str(cell) for cell in row] for row in rows]
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in rows]
