"""The preview's pieces: the marking hook, the message → box mapping, the
pointer's details, plain-word errors, the warm worker and its cache."""

import threading

import pytest

from campaign.po_files import po_path
from campaign.editions import Edition
from campaign.layout_checks import PANEL_NAMES
from campaign.preview.marking import MarkingTranslations, markers_to_spans, strip_markers
from campaign.preview.snapshot import EditionPreviewer, PreviewError, page_images
from campaign.preview.worker import PreviewWorker

FRENCH_CHILDREN = Edition("FR", "fr_FR", "children")


@pytest.fixture(scope="module")
def previewer(project):
    return EditionPreviewer(project)


@pytest.fixture(scope="module")
def snapshot(previewer):
    return previewer.render(FRENCH_CHILDREN)


def message_number(snapshot, english):
    return next(i for i, message in enumerate(snapshot.messages) if message["english"] == english)


class FakeTranslations:
    def gettext(self, message):
        return {"Hello": "Bonjour"}.get(message, message)


def test_marked_messages_become_spans_in_text_only():
    marking = MarkingTranslations(FakeTranslations())
    hello, bye = marking.gettext("Hello"), marking.gettext("Bye")
    assert strip_markers(hello) == "Bonjour"
    html = (f"<title>{hello}</title><img alt=\"{bye}\"><p><strong>{hello}</strong> {bye}</p>")
    assert markers_to_spans(html) == (
        '<title>Bonjour</title><img alt="Bye">'
        '<p><strong><span data-message="0">Bonjour</span></strong> <span data-message="1">Bye</span></p>'
    )
    assert [key.msgid for key in marking.keys] == ["Hello", "Bye"]
    assert marking.gettext("Hello") == hello  # one number per message


def test_marking_does_not_change_the_layout(previewer, snapshot):
    """The preview shows what a build prints: the same pages, pixel for pixel."""
    builder = previewer.builder
    catalog = previewer._catalog(FRENCH_CHILDREN.locale)
    html = builder.render_html(FRENCH_CHILDREN, catalog, linked=False)
    assert "data-message" not in html and strip_markers(html) == html
    from campaign import targets

    renderer = builder.renderer_for("screen")
    plain = page_images(renderer.write_pdf(renderer.layout(html, targets.target("screen").stylesheets)))
    marked = page_images(renderer.write_pdf(renderer.layout(
        markers_to_spans(builder.render_html(FRENCH_CHILDREN, catalog_marked(catalog), linked=False)),
        targets.target("screen").stylesheets)))
    assert [image.tobytes() for image in plain] == [image.tobytes() for image in marked]


def catalog_marked(catalog):
    import dataclasses

    return dataclasses.replace(catalog, translations=MarkingTranslations(catalog.translations))


@pytest.fixture(scope="module", params=["screen", "print"])
def any_target_snapshot(request, previewer, snapshot):
    """The screen snapshot, and the print one: its pages carry 3 mm of bleed."""
    return snapshot if request.param == "screen" else previewer.render(FRENCH_CHILDREN, "print")


def test_every_printed_message_has_boxes_inside_its_panel(any_target_snapshot):
    snapshot = any_target_snapshot
    panels = {(panel.slot, panel.page): panel for panel in snapshot.panels}
    assert {slot for slot, _ in panels} == set(PANEL_NAMES)
    shown = {box.message for box in snapshot.boxes}
    # Only alternative texts (in attributes, not laid out) have no box.
    unshown = {snapshot.messages[i]["english"] for i in range(len(snapshot.messages)) if i not in shown}
    assert unshown == {"A tablet showing a friendly chat, next to a shield with a heart",
                       "QR code that opens %(address)s"}
    if snapshot.target == "print":  # the trim box starts 3 mm (11.3 px) into the picture
        cover = panels[("slot-flap", 0)]
        assert cover.x == pytest.approx(11.34 / (1122.52 + 2 * 11.34), abs=1e-3)
    for box in snapshot.boxes:
        panel = panels[(box.panel, box.page)]
        assert panel.x - 1e-3 <= box.x and box.x + box.width <= panel.x + panel.width + 1e-3
        assert panel.y - 1e-3 <= box.y and box.y + box.height <= panel.y + panel.height + 1e-3



def test_a_heading_maps_to_its_place_on_the_inside_sheet(snapshot):
    people_online = message_number(snapshot, "People online")
    [box] = [box for box in snapshot.boxes if box.message == people_online]
    assert (box.page, box.panel) == (1, "slot-inside-1")
    # The inside-left panel's heading: top left of the second page.
    assert box.x < 1 / 3 and box.y < 0.15


def test_a_wrapped_message_has_one_box_per_line(snapshot):
    sentence = message_number(
        snapshot, "But some people online are not who they say they are. A grown-up can pretend to be a child.")
    lines = sorted((box for box in snapshot.boxes if box.message == sentence), key=lambda box: box.y)
    assert len(lines) >= 3
    assert all(later.y > earlier.y for earlier, later in zip(lines, lines[1:]))


def test_the_pointer_details_name_the_po_file_and_line(project, snapshot):
    details = snapshot.messages[message_number(snapshot, "People online")]
    assert details["translation"] == "Les gens sur Internet"
    assert details["file"] == "locales/fr/LC_MESSAGES/leaflets.po"
    lines = po_path(project, "fr").read_text(encoding="utf-8").splitlines()
    assert lines[details["line"] - 1] == 'msgid "People online"'
    assert details["state"] == "translated"
    title = snapshot.messages[message_number(snapshot, "Staying safe online")]
    assert any("title of the leaflet" in comment for comment in title["comments"])


def test_english_editions_point_at_the_template(previewer):
    snapshot = previewer.render(Edition("GB", "en_GB", "children"))
    details = snapshot.messages[message_number(snapshot, "People online")]
    assert (details["translation"], details["state"], details["file"]) == (
        "People online", "source", "locales/leaflets.pot")
    title = snapshot.messages[message_number(snapshot, "Staying safe online")]
    assert any("title of the leaflet" in comment for comment in title["comments"])


def test_check_problems_are_attached_to_their_message(project_copy):
    path = po_path(project_copy, "fr")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Les gens sur Internet"', 'msgstr "Les gens sur Internet  "', 1), encoding="utf-8")
    previewer = EditionPreviewer(project_copy)
    snapshot = previewer.render(FRENCH_CHILDREN)
    assert not snapshot.checked and all(not message["problems"] for message in snapshot.messages)
    snapshot = previewer.with_problems(snapshot)
    assert snapshot.checked
    problems = snapshot.messages[message_number(snapshot, "People online")]["problems"]
    assert problems and all(problem["file"] == "locales/fr/LC_MESSAGES/leaflets.po" for problem in problems)
    assert any("space" in problem["text"] for problem in problems)


def test_a_broken_catalog_is_reported_with_file_and_line(project_copy):
    path = po_path(project_copy, "fr")
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('msgstr "Les gens sur Internet"')].count("\n") + 1
    path.write_text(text.replace('msgstr "Les gens sur Internet"', 'msgstr "Les gens sur Internet', 1),
                    encoding="utf-8")
    with pytest.raises(PreviewError) as raised:
        EditionPreviewer(project_copy).render(FRENCH_CHILDREN)
    text = "\n".join(raised.value.lines)
    assert "locales/fr/LC_MESSAGES/leaflets.po" in text and f"line {line}" in text
    assert "Traceback" not in text


def test_text_that_does_not_fit_is_reported_in_words(project_copy):
    path = po_path(project_copy, "fr")
    long_heading = "Les gens sur Internet " * 40
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Les gens sur Internet"', f'msgstr "{long_heading.strip()}"', 1), encoding="utf-8")
    with pytest.raises(PreviewError) as raised:
        EditionPreviewer(project_copy).render(FRENCH_CHILDREN)
    assert raised.value.lines[0] == "The text does not fit the leaflet:"
    assert "inside left" in raised.value.lines[1]


def test_template_and_registry_mistakes_are_reported_with_their_place(project_copy):
    previewer = EditionPreviewer(project_copy)
    template = project_copy.templates_dir / "children.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}", 1),
                        encoding="utf-8")
    with pytest.raises(PreviewError) as raised:
        previewer.render(FRENCH_CHILDREN)
    assert raised.value.lines[0].startswith("templates/children.html: line ")
    assert "endblok" in raised.value.lines[0]

    template.write_text(template.read_text(encoding="utf-8").replace("{% endblok %}", "{% endblock %}", 1),
                        encoding="utf-8")
    registry = project_copy.registry_dir / "countries" / "FR.toml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("paper", "papier", 1), encoding="utf-8")
    previewer.forget_registry()
    with pytest.raises(PreviewError) as raised:
        previewer.render(FRENCH_CHILDREN)
    assert any(line.startswith("registry/countries/FR.toml: country FR, paper") for line in raised.value.lines)


def test_a_character_no_font_has_is_reported_like_the_build_does(project_copy):
    path = po_path(project_copy, "fr")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Les gens sur Internet"', 'msgstr "Les gens sur Internet \U0001F9FF"', 1), encoding="utf-8")
    with pytest.raises(PreviewError) as raised:
        EditionPreviewer(project_copy).render(FRENCH_CHILDREN)
    # The last two words are joined by a no-break space (scripts.py): one text box, quoted with a space.
    assert raised.value.lines == [
        "no font has a glyph for U+1F9FF '\U0001F9FF' in inside left: “Les gens sur Internet \U0001F9FF”"]


class Published:
    """Collects what the worker publishes; `wait_for(n)` waits for the n-th outcome."""

    def __init__(self):
        self.outcomes = []
        self._arrived = threading.Condition()

    def __call__(self, outcome):
        with self._arrived:
            self.outcomes.append(outcome)
            self._arrived.notify()

    def wait_for(self, count):
        with self._arrived:
            assert self._arrived.wait_for(lambda: len(self.outcomes) >= count, timeout=120)
            return self.outcomes[count - 1]


def test_the_worker_keeps_the_last_good_pages_and_writes_only_its_cache(project_copy):
    before = {path: path.stat().st_mtime_ns for path in project_copy.root.rglob("*") if path.is_file()}
    published = Published()
    worker = PreviewWorker(EditionPreviewer(project_copy), published)
    worker.start()
    try:
        worker.show(FRENCH_CHILDREN, "screen")
        shown = published.wait_for(1)
        assert shown.errors == [] and shown.version == 1 and len(shown.snapshot.pages) == 2
        # Then the same version again, with the check problems in the details.
        good = published.wait_for(2)
        assert (good.version, good.snapshot.pages, good.snapshot.checked) == (1, shown.snapshot.pages, True)

        path = po_path(project_copy, "fr")
        path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
        worker.files_changed({path}, path.stat().st_mtime)
        broken = published.wait_for(3)
        assert broken.version == 2 and broken.errors
        assert broken.snapshot is good.snapshot  # the last good pages stay
        assert broken.latency_ms is not None and broken.latency_ms >= 0
    finally:
        worker.stop()
    changed = [path.relative_to(project_copy.root) for path in project_copy.root.rglob("*")
               if path.is_file() and before.get(path) != path.stat().st_mtime_ns and path != po_path(project_copy, "fr")]
    assert changed and all(path.parts[:2] == (".cache", "preview") for path in changed)


def test_a_port_in_use_is_one_clear_error(project):
    import socket

    from click.testing import CliRunner

    from campaign.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--project", str(project.root), "preview", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "try --port 0" in result.output


class BlockingPreviewer:
    """Stands in for EditionPreviewer: each render waits until the test lets it go."""

    def __init__(self, project):
        self.project = project
        self.started = threading.Semaphore(0)
        self.go_on = threading.Semaphore(0)

    def render(self, edition, target):
        self.started.release()
        self.go_on.acquire()
        raise PreviewError([f"rendered {edition}"])

    def forget_registry(self):
        pass

    def forget_assets(self):
        pass


def test_asking_again_during_a_layout_does_not_lay_out_twice(project):
    previewer = BlockingPreviewer(project)
    published = Published()
    worker = PreviewWorker(previewer, published)
    worker.start()
    try:
        worker.show(FRENCH_CHILDREN, "screen")
        assert previewer.started.acquire(timeout=60)
        worker.show(FRENCH_CHILDREN, "screen")  # a second browser tab, during the layout
        previewer.go_on.release()
        published.wait_for(1)
        worker.files_changed({project.root / "locales"}, 123.0)
        assert previewer.started.acquire(timeout=60)
        previewer.go_on.release()
        published.wait_for(2)
        # The second layout is the one the save asked for, not a repeat of the first.
        assert [outcome.saved_at for outcome in published.outcomes] == [None, 123.0]
        assert [outcome.version for outcome in published.outcomes] == [1, 2]
    finally:
        previewer.go_on.release()
        worker.stop()
