"""The files the commands write are what GNU gettext, Babel, translate-toolkit
and Poedit read and write: valid previous msgids for every message shape, GNU
wrapping and header order (a msgmerge, msgcat or translate-toolkit round trip
changes nothing),
configurable location comments, and reviews that survive `pybabel update`."""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from translate.storage import po as toolkit_po

from campaign import catalog_workflow as workflow
from campaign import reviews
from campaign.catalogs import load_catalog
from campaign.errors import CampaignError
from campaign.po_files import (
    list_catalogs,
    location_style,
    message_key,
    po_bytes,
    po_path,
    pot_path,
    read_catalog,
    write_catalog,
)
from campaign.project import Project
from conftest import REPO_ROOT
from helpers import catalog_project

MSGFMT, MSGCAT, MSGMERGE = shutil.which("msgfmt"), shutil.which("msgcat"), shutil.which("msgmerge")
LONG = ("Stay calm and keep the messages: screenshots of the chat, the profile and the "
        "requests help the police and the platform remove the images")

# One message of each shape, in a template, and the change made to its English.
SHAPES = {
    "one line": ("{% trans %}Keep the messages.{% endtrans %}", "Keep the messages.", "Keep all messages."),
    "multi-line": (f"{{% trans %}}{LONG}{{% endtrans %}}", LONG, LONG + " quickly."),
    "with context": ('{{ pgettext("button", "Report it") }}', "Report it", "Report it now"),
    "plural": ("{% trans count=n %}One message was saved.{% pluralize %}{{ count }} messages were saved."
               "{% endtrans %}", "One message was saved.", "One message is saved."),
}


def gnu_previous_msgids(path: Path) -> dict[str, str]:
    """Previous msgid of each fuzzy message as GNU gettext reads it (msgcat
    --no-wrap writes each on one line), keyed by the new msgid."""
    text = subprocess.run([MSGCAT, "--no-wrap", str(path)], capture_output=True, text=True, check=True).stdout
    found = {}
    for entry in text.split("\n\n"):
        previous = re.search(r'^#\| msgid (".*")$', entry, re.MULTILINE)
        current = re.search(r'^msgid (".*")$', entry, re.MULTILINE)
        if previous and current:
            found[ast.literal_eval(current.group(1))] = ast.literal_eval(previous.group(1))
    return found


def babel_previous_msgid(message) -> str:
    """The previous msgid in the "#|" lines Babel's read_po keeps as user comments."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    strings = []
    for line in lines:
        if line.startswith("msgid_plural"):
            break
        strings.append(line.removeprefix("msgid").strip())
    return "".join(ast.literal_eval(part) for part in strings)


@pytest.mark.parametrize("shape", SHAPES)
def test_previous_msgid_after_a_real_source_change_reads_the_same_everywhere(tmp_path, shape):
    project = catalog_project(tmp_path)
    template, old, new = SHAPES[shape]
    (project.templates_dir / "teens.html").write_text(template + "\n")
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    message = next(m for m in catalog if m.id and message_key(m)[1] == old)
    message.string = ("Übersetzt", "Übersetzt %(count)s") if message.pluralizable else "Übersetzt"
    write_catalog(path, catalog)

    (project.templates_dir / "teens.html").write_text(template.replace(old, new) + "\n")
    workflow.extract_messages(project)
    for _ in range(2):  # a second update must not garble the old text
        workflow.update_catalogs(project)
        checked = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0 and "error" not in checked.stderr, checked.stderr
        assert gnu_previous_msgids(path) == {new: old}  # GNU gettext
        babel = read_po(io.BytesIO(path.read_bytes()))
        [fuzzy] = [m for m in babel if m.id and m.fuzzy]
        assert babel_previous_msgid(fuzzy) == old  # Babel (read_po keeps "#|" lines as comments)
        toolkit = toolkit_po.pofile(path.read_bytes())
        [unit] = [u for u in toolkit.units if u.isfuzzy() and not u.isheader()]
        assert unit.prev_source == old  # translate-toolkit (Weblate)
        ours, _ = read_catalog(path, "de")
        assert [m.previous_id[0] for m in ours if m.id and m.fuzzy] == [old]
    assert "#| msgid" in path.read_text(encoding="utf-8")


def gnu_round_trip(path: Path, template: Path | None) -> bytes:
    if template is None:
        return subprocess.run([MSGCAT, str(path)], capture_output=True, check=True).stdout
    return subprocess.run([MSGMERGE, "--quiet", "--previous", "-o", "-", str(path), str(template)],
                          capture_output=True, check=True).stdout


@pytest.mark.parametrize("catalog", list_catalogs(Project(REPO_ROOT)))
def test_the_projects_catalogs_survive_gnu_round_trips_unchanged(catalog):
    project = Project(REPO_ROOT)
    path = po_path(project, catalog)
    data = path.read_bytes()
    assert gnu_round_trip(path, None) == data  # msgcat (and Poedit, which writes the same way)
    assert gnu_round_trip(path, pot_path(project)) == data  # msgmerge with the template
    assert bytes(toolkit_po.pofile(data)) == data  # translate-toolkit, which Weblate saves with
    ours, _ = read_catalog(path, catalog, project)
    assert po_bytes(ours, location_style(project)) == data  # read and written by campaign
    checked = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0 and "error" not in checked.stderr, checked.stderr
    header = data.split(b"\n\n")[0].decode()
    assert "EMAIL@ADDRESS" not in header and "FULL NAME" not in header  # issue 16 item 7


def test_the_template_survives_msgcat_and_translate_toolkit_round_trips():
    project = Project(REPO_ROOT)
    data = pot_path(project).read_bytes()
    assert gnu_round_trip(pot_path(project), None) == data
    assert bytes(toolkit_po.pofile(data)) == data


def test_a_file_wrapped_at_babels_76_columns_is_rewritten_at_79(tmp_path):
    project = catalog_project(tmp_path)
    (project.templates_dir / "teens.html").write_text(f"{{% trans %}}{LONG}{{% endtrans %}}\n")
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    path = po_path(project, "de")
    gnu = path.read_bytes()
    buffer = io.BytesIO()
    write_po(buffer, read_po(io.BytesIO(gnu)), width=76)
    path.write_bytes(buffer.getvalue())
    assert workflow.update_catalogs(project, check_only=True).files[0].changed  # a Babel-wrapped file is out of step
    workflow.update_catalogs(project)
    assert path.read_bytes() == gnu
    assert max(len(line) for line in gnu.decode().splitlines()) <= 79


@pytest.mark.parametrize("style, location", [("file", "#: teens.html\n"), ("full", "#: teens.html:2\n"),
                                             ("never", None)])
def test_location_comments_are_configurable(tmp_path, style, location):
    project = catalog_project(tmp_path)
    (project.locales_dir / "catalogs.toml").write_text(f'locations = "{style}"\n')
    (project.templates_dir / "teens.html").write_text("\n{% trans %}Keep the messages.{% endtrans %}\n")
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    for path in (pot_path(project), po_path(project, "de")):
        text = path.read_text(encoding="utf-8")
        if location:
            assert location in text
        else:
            assert "#:" not in text
    if style == "file":  # moving a message down the template changes no catalog
        (project.templates_dir / "teens.html").write_text("\n\n\n{% trans %}Keep the messages.{% endtrans %}\n")
        assert not workflow.extract_messages(project).changed
        assert not workflow.update_catalogs(project).files[0].changed


def test_a_bad_location_setting_is_one_clear_error(tmp_path):
    project = catalog_project(tmp_path)
    (project.locales_dir / "catalogs.toml").write_text('locations = "lines"\n')
    with pytest.raises(CampaignError, match="catalogs.toml: locations = 'lines'; use one of file, full, never"):
        location_style(project)


def test_reviews_survive_pybabel_update(tmp_path):
    """pybabel update rewrites the header (it drops custom fields): reviews are not in it."""
    project = catalog_project(tmp_path)
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Staying safe online").string = "Sicher im Netz"
    catalog.get("Help in %(country)s").string = "Hilfe in %(country)s"
    write_catalog(path, catalog)
    catalog, _ = read_catalog(path, "de")
    keys = [message_key(m) for m in catalog if m.id and m.string and not m.pluralizable]
    reviews.record_reviews(project, "de", catalog, keys, "Ana <ana@example.org>", "2026-11-20")
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "--quiet", "update", "-i", str(pot_path(project)), "-d", str(project.locales_dir), "-D", "leaflets",
                    "-l", "de"], check=True)
    loaded = load_catalog(project, "de")
    assert loaded.for_messages(keys).status == "reviewed"


def test_translator_comments_continued_on_indented_template_lines_are_folded():
    # A {# Translators: … #} comment spread over indented template lines once
    # reached the catalogs as "2026",     in "…": translators saw the indentation.
    template, _ = read_catalog(pot_path(Project(REPO_ROOT)))
    comments = [comment for message in template for comment in message.auto_comments]
    assert comments
    assert not [comment for comment in comments if re.search(r"\s{2,}", comment)]
