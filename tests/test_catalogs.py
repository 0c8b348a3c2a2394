"""Extract, init, update, stats, compile and load, on a tiny template folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from campaign import catalog_checks, catalogs, reviews
from campaign import catalog_workflow as workflow
from campaign.catalog_stats import measure_catalogs
from campaign.catalogs import catalog_fingerprint, load_catalog
from campaign.errors import InputError
from campaign.po_files import (
    catalog_chain,
    message_key,
    po_bytes,
    po_path,
    pot_path,
    read_catalog,
    write_catalog,
)
from campaign.project import Project
from conftest import REPO_ROOT
from helpers import CATALOG_FIXTURES, catalog_project

FIXTURES = CATALOG_FIXTURES
MSGFMT = shutil.which("msgfmt")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return catalog_project(tmp_path)


def review_all(project: Project, name: str, reviewer="Ana <ana@example.org>", date="2026-11-20") -> None:
    """Record a review of every translated message of catalog `name`."""
    catalog, _ = read_catalog(po_path(project, name), name)
    keys = [message_key(m) for m in catalog if m.id and not m.fuzzy and catalog_checks.is_translated(m)]
    reviews.record_reviews(project, name, catalog, keys, reviewer, date)


def translate(project: Project, name: str, translations: dict, fuzzy=(), extra_headers=None) -> Path:
    """Fill catalog `name` (messages keyed by msgid or (context, msgid))."""
    path = po_path(project, name)
    catalog, _ = read_catalog(path, name)
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        text = translations.get((message.context, key), translations.get(key))
        if text is not None and (message.context is None or (message.context, key) in translations):
            message.string = text
            message.flags.discard("fuzzy")  # as a translator does
        if key in fuzzy:
            message.flags.add("fuzzy")
    for field, value in (extra_headers or {}).items():
        catalog.set_header(field, value)
    write_catalog(path, catalog)
    return path


GERMAN = {
    "Draft translation, not yet reviewed.": "Entwurf, noch nicht geprüft.",
    "Staying safe online": "Sicher im Netz",
    "Tell a <strong>trusted grown-up</strong>.": "Sag es einer <strong>Vertrauensperson</strong>.",
    ("button", "Report"): "Melden",
    ("verb", "Report"): "melden",
    "One photo was shared.": ("Ein Foto wurde geteilt.", "%(count)s Fotos wurden geteilt."),
    "Help in %(country)s": "Hilfe in %(country)s",
    "Call Childline on 116 111 or visit www.childline.org.uk.":
        "Ruf Childline unter 116 111 an oder besuche www.childline.org.uk.",
    "You can always say no, even to someone you like.": "Du kannst immer Nein sagen.",
}


@pytest.fixture
def german(project: Project) -> Path:
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    return translate(project, "de", GERMAN)


# -- locale chain -------------------------------------------------------------


@pytest.mark.parametrize("locale, chain", [
    ("de_CH", ["de_CH", "de"]),
    ("fr-BE", ["fr_BE", "fr"]),
    ("sr_Latn_ME", ["sr_Latn_ME", "sr_Latn"]),
    ("sr_Cyrl_RS", ["sr_Cyrl_RS", "sr_Cyrl", "sr"]),
    ("sr_ME", ["sr_ME", "sr_Latn"]),
    ("sr_RS", ["sr_RS", "sr"]),
    ("zh_TW", ["zh_TW", "zh_Hant"]),
    ("pt_BR", ["pt_BR", "pt"]),
    ("fil", ["fil"]),
    # CLDR's regional parents: Latin American Spanish between Mexico and Spanish.
    ("es_MX", ["es_MX", "es_419", "es"]),
    ("es_US", ["es_US", "es_419", "es"]),
    ("es_ES", ["es_ES", "es"]),
    ("en_AU", ["en_AU", "en_001", "en"]),
    ("en_US", ["en_US", "en"]),
])
def test_catalog_chain(locale, chain):
    assert catalog_chain(locale) == chain


# -- extract, init, update --------------------------------------------------------


def test_extract_writes_comments_context_and_references(project):
    workflow.extract_messages(project)
    text = pot_path(project).read_text(encoding="utf-8")
    assert ("#. title of the leaflet for children.\n#. Where: children's leaflet: paragraph.\n"
            "#: children.html\nmsgid \"Staying safe online\"") in text
    assert "#. Where: every leaflet: heading.\n#: partials/help.html\n#, python-format\nmsgid \"Help in" in text
    assert 'msgctxt "button"\nmsgid "Report"' in text and 'msgctxt "verb"\nmsgid "Report"' in text
    assert "#: partials/help.html\n" in text
    # trimmed, as at run time
    assert 'msgid "You can always say no, even to someone you like."' in text
    assert 'msgid_plural "%(count)s photos were shared."' in text


def test_extract_is_stable(project):
    assert workflow.extract_messages(project).changed
    assert pot_path(project).stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    before = pot_path(project).read_bytes()
    assert not workflow.extract_messages(project).changed
    assert not workflow.extract_messages(project, check_only=True).changed
    assert pot_path(project).read_bytes() == before
    (project.templates_dir / "teens.html").write_text("{% trans %}New text{% endtrans %}\n")
    assert workflow.extract_messages(project, check_only=True).changed
    assert pot_path(project).read_bytes() == before  # --check writes nothing


def test_broken_template_is_an_error_with_file_and_line(project):
    (project.templates_dir / "teens.html").write_text("<p>\n{% trans %}Unclosed\n<p>\n")
    (project.templates_dir / "partials" / "bad.html").write_text("{{ _('x') \n")
    with pytest.raises(InputError) as raised:
        workflow.extract_messages(project)
    problems = {p.file: p for p in raised.value.problems}
    assert set(problems) == {"templates/teens.html", "templates/partials/bad.html"}
    assert problems["templates/teens.html"].line >= 2
    assert not pot_path(project).exists()


def test_init_writes_plural_forms_language_and_translator(project):
    workflow.extract_messages(project)
    workflow.init_catalog(project, "sr-Latn", translator="Ana <ana@example.org>")
    text = po_path(project, "sr_Latn").read_text(encoding="utf-8")
    assert '"Language: sr_Latn\\n"' in text
    assert "nplurals=3;" in text
    assert "Serbian (Latin) (srpski (latinica))" in text
    assert "X-Review" not in text  # reviews live in reviews.json
    assert '"Last-Translator: Ana <ana@example.org>\\n"' in text
    assert "#, fuzzy\nmsgid \"\"" not in text  # a fuzzy header would be skipped by pybabel


def test_init_leaves_placeholder_header_fields_out(project):
    """No Last-Translator or Report-Msgid-Bugs-To placeholder (FULL NAME <EMAIL@ADDRESS>);
    the other fields in the order GNU msginit writes them."""
    workflow.extract_messages(project)
    workflow.init_catalog(project, "hu")
    text = po_path(project, "hu").read_text(encoding="utf-8")
    assert "EMAIL@ADDRESS" not in text and "LL@li.org" not in text and "Generated-By" not in text
    fields = [line.split(":")[0].strip('"') for line in text.split("\n\n")[0].splitlines()
              if line.startswith('"') and ":" in line]
    assert fields == ["Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "Language-Team",
                      "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms"]
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text  # CLDR; Babel 2.18 says one form


def test_init_refuses_english_and_existing(project):
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    with pytest.raises(Exception, match="already exists"):
        workflow.init_catalog(project, "de")
    with pytest.raises(Exception, match="English"):
        workflow.init_catalog(project, "en")
    workflow.init_catalog(project, "en_US")  # a regional English catalog (US spelling) is allowed


def test_regional_english_catalog_replaces_some_source_messages(project):
    workflow.extract_messages(project)
    workflow.init_catalog(project, "en_US")
    translate(project, "en_US", {"Staying safe online": "Staying safe online (US)"})
    loaded = load_catalog(project, "en_US")
    assert loaded.catalog_files == (po_path(project, "en_US"),)
    assert loaded.translations.gettext("Staying safe online") == "Staying safe online (US)"
    assert loaded.translations.gettext("Help in %(country)s") == "Help in %(country)s"  # the source
    assert loaded.prints_english([(None, "Help in %(country)s")]) == []  # the source is no gap
    assert loaded.status == "draft" and not loaded.is_release_ready()  # until someone reviews it
    assert load_catalog(project, "en_GB").status == "source"  # other English editions: unchanged
    assert catalog_fingerprint(project, "en_US") != catalog_fingerprint(project, "en_GB")
    [stats] = measure_catalogs(project, ["en_US"]).catalogs
    assert (stats.translated, stats.untranslated, stats.errors) == (1, 0, 0)
    assert stats.inherited == stats.messages - 1  # the rest prints the source text


def test_update_marks_changed_fuzzy_with_previous_text_and_removed_obsolete(project, german):
    children = project.templates_dir / "children.html"
    children.write_text(children.read_text()
                        .replace("Staying safe online", "Staying safe online, always")
                        .replace('{{ pgettext("button", "Report") }}', ""))
    workflow.extract_messages(project)
    assert workflow.update_catalogs(project, check_only=True).files[0].changed
    assert read_catalog(german, "de")[0].get("Staying safe online")  # --check wrote nothing
    [outcome] = workflow.update_catalogs(project).files
    assert outcome.changed
    catalog, _ = read_catalog(german, "de")
    changed = catalog.get("Staying safe online, always")
    assert changed.fuzzy and changed.string == "Sicher im Netz"
    assert changed.previous_id == ["Staying safe online"]
    assert ("Report", "button") in catalog.obsolete or "Report" in str(list(catalog.obsolete))
    assert '#| msgid "Staying safe online"' in german.read_text(encoding="utf-8")
    assert not workflow.update_catalogs(project, check_only=True).files[0].changed


def test_update_moves_old_review_headers_into_the_reviews_file(project, german):
    translate(project, "de", {}, extra_headers={"X-Review-Status": "reviewed",
                                                "X-Reviewed-By": "Ana <ana@example.org>",
                                                "X-Review-Date": "2026-11-20"})
    [outcome] = workflow.update_catalogs(project).files
    assert outcome.changed and "reviews.json" in outcome.note
    assert "X-Review" not in german.read_text(encoding="utf-8")
    recorded = reviews.read_reviews(project, "de")
    assert len(recorded) == len(GERMAN)  # every translated message
    assert {(r.reviewer, r.date) for r in recorded.values()} == {("Ana <ana@example.org>", "2026-11-20")}
    assert load_catalog(project, "de").status == "reviewed"


def test_changing_one_english_message_needs_a_review_of_that_message_only(project, german):
    review_all(project, "de")
    assert load_catalog(project, "de").status == "reviewed"
    children = project.templates_dir / "children.html"
    children.write_text(children.read_text().replace("Staying safe online", "Staying safe online!"))
    workflow.extract_messages(project)
    workflow.update_catalogs(project)
    loaded = load_catalog(project, "de")
    assert loaded.status == "draft"
    assert loaded.prints_english([(None, "Staying safe online!")]) == [(None, "Staying safe online!")]
    still = loaded.for_messages([(None, "Help in %(country)s"), ("button", "Report")])
    assert still.status == "reviewed" and still.reviewed_by == "Ana <ana@example.org>"
    translate(project, "de", {"Staying safe online!": "Sicher im Netz!"})
    assert load_catalog(project, "de").for_messages([(None, "Staying safe online!")]).status == "draft"
    catalog, _ = read_catalog(german, "de")
    reviews.record_reviews(project, "de", catalog, [(None, "Staying safe online!")], "Bo <bo@example.org>",
                           "2026-12-01")
    loaded = load_catalog(project, "de")
    assert loaded.status == "reviewed" and loaded.reviewed_by == "Ana <ana@example.org>; Bo <bo@example.org>"
    assert loaded.review_date == "2026-11-20"  # the oldest review of what prints


def test_round_trip_is_byte_identical(project, german):
    # fuzzy with previous text, obsolete, plural, context, comments, custom headers
    children = project.templates_dir / "children.html"
    children.write_text(children.read_text().replace("Staying safe online", "Staying safe")
                        .replace('{{ pgettext("button", "Report") }}', ""))
    workflow.extract_messages(project)
    workflow.update_catalogs(project)
    translate(project, "de", {}, extra_headers={"X-Generator": "Poedit 3.5"})
    data = german.read_bytes()
    for part in (b"#| msgid", b"#~ msgid", b"msgstr[1]", b"msgctxt", b"#. ", b"X-Generator"):
        assert part in data
    catalog, _ = read_catalog(german, "de")
    assert po_bytes(catalog) == data
    assert po_bytes(read_catalog(pot_path(project))[0]) == pot_path(project).read_bytes()


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
def test_files_written_pass_msgfmt_check(project, german):
    (project.templates_dir / "children.html").write_text(
        (project.templates_dir / "children.html").read_text().replace("Staying safe online", "Staying safe"))
    workflow.extract_messages(project)
    workflow.update_catalogs(project)
    workflow.init_catalog(project, "ar")
    for path in (pot_path(project), german, po_path(project, "ar")):
        result = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "error" not in result.stderr


def test_a_file_resaved_by_another_editor_still_works(project, german):
    """Poedit/Weblate reorder headers and entries, re-wrap lines, add fields and GNU '#~|'."""
    text = german.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    entries = body.strip().split("\n\n")
    header = header.replace('"Language: de\\n"\n', "") + '\n"X-Generator: Poedit 3.5\\n"\n"Language: de\\n"'
    review_all(project, "de")
    entries.reverse()
    entries = [e.replace('msgid "Help in %(country)s"', 'msgid ""\n"Help in "\n"%(country)s"') for e in entries]
    entries.append('#~| msgid "Old"\n#~ msgid "Older"\n#~ msgstr "Älter"')
    german.write_text(header + "\n\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    loaded = load_catalog(project, "de_AT")
    assert loaded.status == "reviewed" and loaded.reviewed_by == "Ana <ana@example.org>"
    assert loaded.translations.gettext("Help in %(country)s") == "Hilfe in %(country)s"
    catalog, _ = read_catalog(german, "de")
    assert catalog.extra_headers["X-Generator"] == "Poedit 3.5"
    assert b"X-Generator: Poedit 3.5" in po_bytes(catalog)


# -- compile and load --------------------------------------------------------------


def test_load_catalog_chain_and_status(project, german):
    workflow.init_catalog(project, "de_CH")
    translate(project, "de_CH", {"Staying safe online": "Sicher im Internet"})
    loaded = load_catalog(project, "de_CH")
    assert loaded.catalog_files == (po_path(project, "de_CH"), po_path(project, "de"))
    assert loaded.translations.gettext("Staying safe online") == "Sicher im Internet"
    assert loaded.translations.gettext("Help in %(country)s") == "Hilfe in %(country)s"  # from de
    assert loaded.translations.pgettext("button", "Report") == "Melden"
    assert loaded.translations.ngettext("One photo was shared.", "%(count)s photos were shared.", 3) \
        == "%(count)s Fotos wurden geteilt."
    assert loaded.status == "draft" and not loaded.is_release_ready()


def test_load_catalog_english_missing_and_reviewed(project, german):
    assert load_catalog(project, "en_GB").status == "source"
    assert load_catalog(project, "en_GB").is_release_ready()
    assert load_catalog(project, "en_XA").status == "source"
    missing = load_catalog(project, "fr_BE")
    assert missing.status == "missing" and missing.catalog_files == () and not missing.is_release_ready()
    review_all(project, "de")
    for _ in range(2):  # compiled, then from the cache
        loaded = load_catalog(project, "de_DE")
        assert (loaded.status, loaded.reviewed_by, loaded.review_date) == ("reviewed", "Ana <ana@example.org>", "2026-11-20")
        assert loaded.is_release_ready()


def test_fuzzy_and_half_empty_plural_messages_are_not_used(project, german):
    translate(project, "de", {"One photo was shared.": ("Ein Foto wurde geteilt.", "")},
              fuzzy=("Staying safe online",))
    translations = load_catalog(project, "de").translations
    assert translations.gettext("Staying safe online") == "Staying safe online"
    assert translations.ngettext("One photo was shared.", "%(count)s photos were shared.", 2) \
        == "%(count)s photos were shared."


def test_compiled_catalog_is_cached_until_the_po_changes(project, german, monkeypatch):
    cache = project.cache_dir / "catalogs"
    load_catalog(project, "de")
    [compiled] = cache.glob("*.mo")
    checked = []
    monkeypatch.setattr(catalogs, "check_catalog", lambda *args: checked.append(args) or (None, []))
    assert load_catalog(project, "de").translations.gettext("Staying safe online") == "Sicher im Netz"
    assert checked == [] and list(cache.glob("*.mo")) == [compiled]  # a cache hit: not checked again
    monkeypatch.undo()
    fingerprint = catalog_fingerprint(project, "de_CH")
    translate(project, "de", {"Staying safe online": "Online sicher bleiben"})
    assert catalog_fingerprint(project, "de_CH") != fingerprint
    assert load_catalog(project, "de").translations.gettext("Staying safe online") == "Online sicher bleiben"
    [recompiled] = cache.glob("*.mo")  # the stale one is gone
    assert recompiled != compiled


def test_catalog_with_errors_is_refused_and_not_cached(project, german):
    translate(project, "de", {"Help in %(country)s": "Hilfe im Land"})
    with pytest.raises(InputError) as raised:
        load_catalog(project, "de_CH")
    [problem] = raised.value.problems
    assert problem.check == "placeholders" and problem.locale == "de"
    assert problem.file.endswith("locales/de/LC_MESSAGES/leaflets.po") and problem.line > 0
    assert not list((project.cache_dir / "catalogs").glob("*.mo"))


def test_malformed_po_names_file_and_line_and_other_locales_still_load(project, german):
    workflow.init_catalog(project, "fr")
    broken = po_path(project, "fr")
    lines = broken.read_text(encoding="utf-8").splitlines()
    bad_line = lines.index('msgid "Staying safe online"') + 2
    lines[bad_line - 1] = 'msgstr "Rester en sécurité'
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_catalog(project, "fr_BE")
    [problem] = raised.value.problems
    assert problem.check == "po-syntax" and problem.line == bad_line
    assert "locales/fr/LC_MESSAGES/leaflets.po" in str(raised.value) and f"line {bad_line}" in str(raised.value)
    assert load_catalog(project, "de").translations.gettext("Staying safe online") == "Sicher im Netz"


# -- stats ------------------------------------------------------------------------------


def test_stats_count_fuzzy_as_untranslated_and_obsolete_apart(project, german):
    (project.templates_dir / "children.html").write_text(
        (project.templates_dir / "children.html").read_text().replace('{{ pgettext("button", "Report") }}', ""))
    workflow.extract_messages(project)
    workflow.update_catalogs(project)
    translate(project, "de", {"You can always say no, even to someone you like.": ""},
              fuzzy=("Staying safe online",))
    [stats] = measure_catalogs(project).catalogs
    assert (stats.messages, stats.translated, stats.fuzzy, stats.untranslated, stats.obsolete) == (8, 6, 1, 1, 1)
    # children: draft, staying safe (fuzzy), tell, help, call → 4/5; teens: draft, say no (empty),
    # verb Report, help, call → 4/5; parents: draft, plural, help, call → 4/4
    assert stats.leaflets == {"children": 80.0, "teens": 80.0, "parents": 100.0}
    assert stats.review_status == "draft" and not stats.ready_to_print and not stats.out_of_date


def test_stats_of_regional_catalog_follow_the_chain_and_see_outdated(project, german):
    workflow.init_catalog(project, "de_CH")
    (project.templates_dir / "parents.html").write_text("{% trans %}Only new{% endtrans %}\n")
    workflow.extract_messages(project)
    rows = {row.catalog: row for row in measure_catalogs(project).catalogs}
    assert rows["de_CH"].translated == 0 and rows["de_CH"].fallbacks == ["de"]
    assert rows["de_CH"].out_of_date and rows["de"].out_of_date
    assert rows["de_CH"].leaflets["children"] == 100.0
    assert rows["de_CH"].leaflets["parents"] < 100.0  # "Only new" is not translated anywhere


def test_regional_catalog_counts_fallback_messages_as_inherited(project_copy):
    german = read_catalog(po_path(project_copy, "de"), "de", project_copy)[0]
    swiss = read_catalog(po_path(project_copy, "de_CH"), "de_CH", project_copy)[0]
    translated_in_swiss = sum(1 for m in swiss if m.id and m.string)
    [stats] = measure_catalogs(project_copy, ["de_CH"]).catalogs
    assert stats.translated == translated_in_swiss
    # Messages new in the template stay untranslated until the translation pass.
    translated_in_german = {(m.id, m.context) for m in german if m.id and m.string and not m.fuzzy}
    untranslated = len([m for m in german if m.id]) - len(translated_in_german)
    assert stats.inherited == len(translated_in_german) - translated_in_swiss
    assert stats.untranslated == untranslated
    # A message missing from both files is untranslated, not inherited.
    first = next(m for m in german if (m.id, m.context) in translated_in_german
                 and (m.id, m.context) not in {(x.id, x.context) for x in swiss if x.string})
    first.string = ""
    write_catalog(po_path(project_copy, "de"), german)
    [stats] = measure_catalogs(project_copy, ["de_CH"]).catalogs
    assert stats.untranslated == untranslated + 1


def test_swiss_german_has_swiss_spelling_and_quotes():
    """de_CH is regional: wherever the German text has ß or German quotes „…“,
    the Swiss catalog has its own message with ss and guillemets «…»."""
    real = Project(REPO_ROOT)
    german, _ = read_catalog(po_path(real, "de"), "de", real)
    swiss, _ = read_catalog(po_path(real, "de_CH"), "de_CH", real)
    regional = 0
    for message in german:
        if not message.id or not any(mark in message.string for mark in "ß„“"):
            continue
        text = swiss[message.id].string or message.string
        assert not any(mark in text for mark in "ß„“"), text
        regional += 1
    assert regional >= 8  # the quotes alone are in eight messages
