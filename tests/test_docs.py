"""The docs tell the truth about the code, and stand on their own (as Datasette checks its docs)."""

import re
import subprocess
from pathlib import Path

import click
import pytest

from campaign.cli import main
from campaign.targets import DEFAULT_TARGET, TARGETS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Research notes kept outside the repository during development: nothing in the
# repository may depend on them (docs/sources.md holds what the project uses).
OUTSIDE_DOCUMENTS = re.compile(
    r"\.\./shared|/work/shared|alliance-countries|content-guidance|technical-notes"
    r"|services-2026|DESIGN\.md|reference note",
    re.IGNORECASE,
)


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The cells of the first table after `heading`, without its header rows."""
    lines = markdown.split(heading, 1)[1].splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows[2:]


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in listed.stdout.decode().split("\0") if name]


def test_no_file_points_outside_the_repository():
    offenders = []
    for path in tracked_files():
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "tests" or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # images, fonts, colour profiles
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            if OUTSIDE_DOCUMENTS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)


def test_the_outside_document_pattern_catches_what_it_should():
    for text in ("see ../shared/reference", "Facts from alliance-countries.md",
                 "(technical-notes §1.6)", "reference note 7", "DESIGN.md"):
        assert OUTSIDE_DOCUMENTS.search(text), text
    assert not OUTSIDE_DOCUMENTS.search("docs/sources.md, \"Registry facts\"")


def test_readme_command_table_names_every_command():
    rows = table_rows(README, "## Commands")
    named = {}
    for cell, _ in rows:
        words = re.match(r"`campaign ([a-z-]+)(.*)`", cell)
        assert words, cell
        named.setdefault(words.group(1), []).append(words.group(2))
    context = click.Context(main)  # commands are loaded as they are asked for
    assert set(named) == set(main.list_commands(context)), "README command table vs campaign --help"
    # The catalog row lists every catalog subcommand, and nothing else.
    [catalog_row] = named["catalog"]
    listed = {word.strip() for word in catalog_row.split("/")}
    assert listed == set(main.get_command(context, "catalog").commands)


def test_readme_target_table_matches_the_target_records():
    rows = table_rows(README, "### Output targets")
    described = {}
    for name_cell, file_cell, _ in rows:
        name = re.match(r"`([a-z]+)`", name_cell).group(1)
        described[name] = (file_cell, "(default)" in name_cell)
    assert list(described) == list(TARGETS)
    for name, target in TARGETS.items():
        assert described[name] == (f"`<audience>{target.suffix}`", name == DEFAULT_TARGET), name


@pytest.mark.parametrize("heading", ["# Output targets: screen, print, archive"])
def test_output_targets_doc_has_a_row_per_target(heading):
    text = (ROOT / "docs" / "output-targets.md").read_text(encoding="utf-8")
    rows = table_rows(text, heading)
    assert [re.match(r"`([a-z]+)`", row[0]).group(1) for row in rows] == list(TARGETS)
    for row, target in zip(rows, TARGETS.values()):
        assert row[2] == f"`output/<country>/<locale>/<audience>{target.suffix}`"
