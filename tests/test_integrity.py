"""Nothing wrong is printed silently (issue 12): WeasyPrint's warnings, files
outside the project, environment faults, the manifest, signals."""

import contextlib
import json
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import time

import pytest
from conftest import copy_project

from campaign.errors import CampaignError
from campaign.manifest import INPUTS_CHANGED, Fingerprints, Manifest, file_digest
from campaign.project import Project
from campaign.render import MissingContent, Renderer, collect_weasyprint_log
from campaign.templating import make_environment

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def templates(tmp_path):
    assets = tmp_path / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "dot.png").write_bytes(PNG_1X1)
    (tmp_path / "outside.png").write_bytes(PNG_1X1)
    (tmp_path / "outside.html").write_text("<p>from outside the project</p>")
    return tmp_path / "templates"


def render(renderer, html, stylesheets=()):
    document = renderer.layout(html, stylesheets)
    return renderer.write_pdf(document)


def svg_with_image(href):
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="10" height="10"><image href="{href}" width="10" height="10"/></svg>')


# --- WeasyPrint's warnings ---------------------------------------------------

@pytest.mark.parametrize("href", ["gone.png", "../../outside.png", "https://example.org/x.png"])
def test_svg_whose_nested_image_fails_fails_the_render_naming_the_svg(templates, href):
    (templates / "assets" / "panel.svg").write_text(svg_with_image(href))
    renderer = Renderer(templates)
    with pytest.raises(CampaignError, match=r"templates/assets/panel\.svg"):
        render(renderer, '<img src="assets/panel.svg">')


def test_svg_with_a_working_nested_image_renders(templates):
    (templates / "assets" / "panel.svg").write_text(svg_with_image("dot.png"))
    with collect_weasyprint_log() as log:
        assert render(Renderer(templates), '<img src="assets/panel.svg">').startswith(b"%PDF")
    assert log.missing_content == [] and log.notes == []


def test_a_stylesheet_rule_that_fails_to_parse_fails_every_leaflet_naming_the_file(templates):
    (templates / "assets" / "leaflet.css").write_text("p { colr: red }\n")
    renderer = Renderer(templates)
    for _ in range(2):  # parsed once, but the second leaflet must fail too
        with pytest.raises(MissingContent, match=r"templates/assets/leaflet\.css: .*colr"):
            render(renderer, "<p>text</p>", ["assets/leaflet.css"])


def test_a_broken_rule_in_the_html_fails_the_leaflet(templates):
    with pytest.raises(MissingContent, match="the leaflet's HTML: .*colr"):
        render(Renderer(templates), '<p style="colr: red">text</p>')


def test_a_font_that_cannot_be_loaded_fails_the_leaflet(templates):
    (templates / "assets" / "fonts.css").write_text(
        '@font-face { font-family: Broken; src: url(dot.png) }\np { font-family: Broken }\n')
    with pytest.raises(MissingContent, match=r"templates/assets/fonts\.css: .*Font-face"):
        render(Renderer(templates), "<p>text</p>", ["assets/fonts.css"])


def test_an_unknown_render_option_fails_the_leaflet(templates):
    renderer = Renderer(templates)
    document = renderer.layout("<p>text</p>")
    with pytest.raises(MissingContent, match="Unknown PDF option: pdf_flavour"):
        renderer.write_pdf(document, pdf_flavour="x")


def test_an_image_that_failed_once_fails_again_not_silently_from_the_cache(templates):
    (templates / "assets" / "broken.png").write_bytes(b"not a picture")
    renderer = Renderer(templates)
    for _ in range(2):
        with pytest.raises(MissingContent, match=r"templates/assets/broken\.png"):
            render(renderer, '<img src="assets/broken.png">')


def test_other_warnings_become_notes(templates):
    with collect_weasyprint_log() as log:
        render(Renderer(templates), '<div style="display: inline-grid"><p>x</p></div>')
    assert log.notes == ["WeasyPrint: Inline grids are not supported"]
    assert log.missing_content == []


# --- files outside the project -----------------------------------------------

def test_an_asset_symlinked_outside_the_templates_is_refused(templates):
    os.symlink(templates.parent / "outside.png", templates / "assets" / "linked.png")
    with pytest.raises(CampaignError, match="outside the project's templates folder"):
        render(Renderer(templates), '<img src="assets/linked.png">')


def test_a_template_symlinked_outside_the_templates_is_refused(templates):
    os.symlink(templates.parent / "outside.html", templates / "children.html")
    (templates / "teens.html").write_text("<p>inside</p>")
    environment = make_environment(templates)
    assert environment.get_template("teens.html").render() == "<p>inside</p>"
    with pytest.raises(CampaignError, match="refused template children.html: .*outside"):
        environment.get_template("children.html")


def test_an_included_template_symlinked_outside_is_refused(templates):
    (templates / "partials").mkdir()
    os.symlink(templates.parent / "outside.html", templates / "partials" / "flap.html")
    (templates / "parents.html").write_text('{% include "partials/flap.html" %}')
    with pytest.raises(CampaignError, match="refused template partials/flap.html"):
        make_environment(templates).get_template("parents.html").render()


def test_a_stop_signal_weasyprint_catches_while_drawing_an_svg_still_stops(templates, monkeypatch):
    # WeasyPrint catches BaseException around SVG drawing; a worker told to
    # stop (SIGTERM raises SystemExit there) must stop, not go on.
    (templates / "assets" / "panel.svg").write_text(svg_with_image("dot.png"))
    renderer = Renderer(templates)
    fetch = renderer.fetcher.fetch

    def stopped_while_fetching(url, headers=None):
        if url.endswith("dot.png"):
            raise SystemExit(143)
        return fetch(url, headers)

    monkeypatch.setattr(renderer.fetcher, "fetch", stopped_while_fetching)
    with pytest.raises(SystemExit):
        render(renderer, '<img src="assets/panel.svg">')


# --- signals, through the real command line ----------------------------------

def start_build(project, *args, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "campaign", "--project", str(project.root), "build", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, like a command typed in a terminal
        env={**os.environ, **(env or {})},
    )


def wait_for(condition, what, limit=300):
    """Wait for an observable event (never for a length of time); `limit` only
    turns a hang into a failure."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {limit} s")
        time.sleep(0.02)


def descendants(pid):
    """Processes below `pid`, from /proc (each stat line gives the parent)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_until_gone(pids, limit=120):
    """Wait until each process has ended (a pidfd turns readable when it does)."""
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ended, _, _ = select.select([handle], [], [], limit)
            assert ended, f"process {pid} was still running {limit} s after the build ended"
        finally:
            os.close(handle)


def pdfs(project):
    return sorted(project.output_dir.rglob("*.pdf"))


STOPPED = ("the work finished so far is kept; run the command again to complete it.")


@pytest.mark.parametrize("signum, code, name", [
    (signal.SIGINT, 130, "Ctrl-C (SIGINT)"),
    (signal.SIGTERM, 143, "SIGTERM"),
])
def test_a_stop_signal_ends_workers_keeps_finished_leaflets_and_says_one_line(
        project_copy, signum, code, name):
    build = start_build(project_copy, "--country", "AT", "--country", "BE", "--jobs", "2",
                        env=FIXED_DATE)
    wait_for(lambda: manifest_outputs(project_copy), "record in the manifest")
    workers = descendants(build.pid)
    assert workers, "the build runs its editions in worker processes"
    if signum == signal.SIGINT:
        os.killpg(build.pid, signum)  # a terminal sends Ctrl-C to the whole group
    else:
        build.send_signal(signum)  # timeout(1) and CI send SIGTERM to the build only
    _, errors = build.communicate(timeout=300)
    assert build.returncode == code, errors
    assert errors.splitlines() == [f"Stopped by {name}: {STOPPED}"]
    wait_until_gone(workers)
    assert not list(project_copy.output_dir.rglob("*.tmp"))
    # The finished leaflets are recorded: the next build makes only the rest.
    recorded = manifest_outputs(project_copy)
    again = run_build(project_copy, "--country", "AT", "--country", "BE", env=FIXED_DATE)
    assert again.returncode == 0, again.stderr
    assert _summary_counts(again.stdout) == (12 - len(recorded), len(recorded))


def _summary_counts(stdout):
    import re

    summary = re.search(r"Built (\d+), failed 0, up to date (\d+)", stdout)
    assert summary, stdout
    return int(summary.group(1)), int(summary.group(2))


# --- environment faults ------------------------------------------------------

def run_build(project, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "campaign", "--project", str(project.root), "build", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})})


@contextlib.contextmanager
def mounted(folder, *options):
    """A tmpfs (or a bind mount, with "bind") over `folder`; skips the test
    where mounting is not allowed. Root ignores permission bits, so a
    read-only mount is how a root test gets a folder it cannot write."""
    folder.mkdir(parents=True, exist_ok=True)
    if "bind" in options:
        command = [["mount", "--bind", str(folder), str(folder)],
                   ["mount", "-o", "remount,bind," + ",".join(o for o in options if o != "bind"),
                    str(folder)]]
    else:
        command = [["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)]]
    done = []
    try:
        for step in command:
            if subprocess.run(step, capture_output=True).returncode != 0:
                pytest.skip("mounting a file system is not permitted here")
            done.append(step)
        yield folder
    finally:
        if done:
            subprocess.run(["umount", str(folder)], check=True)


def remount_read_only(folder):
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def one_error(result):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_file_where_a_folder_should_be_is_one_clear_error(project_copy):
    project_copy.output_dir.mkdir()
    (project_copy.output_dir / "AT").write_text("not a folder")
    message = one_error(run_build(project_copy, "--country", "AT"))
    assert message == (f"Error: cannot write {project_copy.output_dir}/AT/de_AT/"
                       f"{message.split('/de_AT/')[1].split(':')[0]}: "
                       f"{project_copy.output_dir}/AT is a file, not a folder")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounts need root")
def test_an_output_folder_that_cannot_be_written_is_one_clear_error(project_copy):
    first = run_build(project_copy, "--country", "AT", "--audience", "teens")
    assert first.returncode == 0, first.stderr
    teens = project_copy.output_dir / "AT" / "de_AT" / "teens.pdf"
    earlier = teens.read_bytes()
    with mounted(project_copy.output_dir / "AT", "bind", "ro"):
        message = one_error(run_build(project_copy, "--country", "AT", "--force"))
        assert message.startswith(f"Error: cannot write {project_copy.output_dir}/AT/de_AT/")
        assert message.endswith(": the file system is read-only")
        assert teens.read_bytes() == earlier


@pytest.mark.skipif(os.geteuid() != 0, reason="mounts need root")
def test_a_full_disk_is_one_clear_error_and_loses_nothing(project_copy):
    with mounted(project_copy.output_dir, "size=2m"):
        first = run_build(project_copy, "--country", "AT")
        assert first.returncode == 0, first.stderr
        earlier = {path: path.read_bytes() for path in pdfs(project_copy)}
        filler = os.open(project_copy.output_dir / "filler", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):  # fill what is left of the disk
            while True:
                os.write(filler, b"\0" * 4096)
        os.close(filler)
        message = one_error(run_build(project_copy, "--country", "AT", "--force"))
        assert message.startswith(f"Error: cannot write {project_copy.output_dir}/")
        assert message.endswith(": the disk is full (no space left on device)")
        assert {path: path.read_bytes() for path in pdfs(project_copy)} == earlier
        assert not list(project_copy.output_dir.rglob("*.tmp"))


def test_the_atomic_writer_names_the_file_and_keeps_the_earlier_one(tmp_path, monkeypatch):
    import errno

    import campaign.atomic
    from campaign.errors import EnvironmentFault

    leaflet = tmp_path / "out" / "teens.pdf"
    campaign.atomic.write_atomically(leaflet, b"earlier")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(campaign.atomic.os, "fsync", disk_full)
    with pytest.raises(EnvironmentFault) as fault:
        campaign.atomic.write_atomically(leaflet, b"new")
    assert str(fault.value) == f"cannot write {leaflet}: the disk is full (no space left on device)"
    assert leaflet.read_bytes() == b"earlier"
    assert [p.name for p in leaflet.parent.iterdir()] == ["teens.pdf"]


# --- the manifest ------------------------------------------------------------

FIXED_DATE = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01


def manifest_outputs(project):
    try:
        return json.loads((project.output_dir / ".manifest.json").read_text())["outputs"]
    except (OSError, ValueError):
        return {}


def leaflets(project):
    return {path.relative_to(project.output_dir).as_posix(): path.read_bytes()
            for path in pdfs(project)}


def test_sigkill_mid_build_leaves_no_worker_and_the_rebuild_equals_a_clean_build(tmp_path):
    killed, clean = copy_project(tmp_path / "killed"), copy_project(tmp_path / "clean")
    countries = ["--country", "AT", "--country", "BE", "--country", "CH"]
    build = start_build(killed, *countries, "--jobs", "2", env=FIXED_DATE)
    wait_for(lambda: manifest_outputs(killed), "record in the manifest")
    workers = descendants(build.pid)
    assert workers
    build.kill()
    build.communicate()
    wait_until_gone(workers)  # each worker ends with the build, not later
    finished = manifest_outputs(killed)
    # The registry is corrected after the kill (in both copies): nothing the
    # killed build made from the earlier registry may count as up to date.
    for project in (killed, clean):
        be = project.registry_dir / "countries" / "BE.toml"
        be.write_text(be.read_text() + "\n# corrected after the kill\n")
    again = run_build(killed, *countries, env=FIXED_DATE)
    assert again.returncode == 0, again.stderr
    built, up_to_date = _summary_counts(again.stdout)
    kept = [key for key in finished if not key.startswith("BE/")]
    assert run_build(clean, *countries, env=FIXED_DATE).returncode == 0
    assert up_to_date == len(kept) and built + up_to_date == len(leaflets(clean))
    assert leaflets(killed) == leaflets(clean)
    assert not list(killed.output_dir.rglob("*.tmp"))


def test_two_builds_at_once_lose_no_record(project_copy):
    first = start_build(project_copy, "--country", "AT", env=FIXED_DATE)
    second = start_build(project_copy, "--country", "BE", env=FIXED_DATE)
    for build in (first, second):
        _, errors = build.communicate(timeout=600)
        assert build.returncode == 0, errors
    assert len(manifest_outputs(project_copy)) == 3 + 9
    again = run_build(project_copy, "--country", "AT", "--country", "BE", env=FIXED_DATE)
    assert _summary_counts(again.stdout) == (0, 12)


def test_records_written_at_once_by_many_processes_are_all_kept(tmp_path):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.starmap(_record_many, [(tmp_path, writer) for writer in range(4)])
    assert len(Manifest(tmp_path).entries) == 4 * 25


def _record_many(output_dir, writer):
    manifest = Manifest(output_dir)
    for number in range(25):
        manifest.record(output_dir / f"{writer}-{number}.pdf", "fingerprint", file_digest(b"pdf"))


def test_a_damaged_or_replaced_leaflet_is_rebuilt(project_copy):
    assert run_build(project_copy, "--country", "AT", env=FIXED_DATE).returncode == 0
    built = leaflets(project_copy)
    teens = project_copy.output_dir / "AT" / "de_AT" / "teens.pdf"
    damaged = bytearray(teens.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # same size, one byte changed
    teens.write_bytes(bytes(damaged))
    again = run_build(project_copy, "--country", "AT", env=FIXED_DATE)
    assert _summary_counts(again.stdout) == (1, 2)
    assert leaflets(project_copy) == built
    children = project_copy.output_dir / "AT" / "de_AT" / "children.pdf"
    teens.write_bytes(children.read_bytes())  # replaced by another leaflet
    again = run_build(project_copy, "--country", "AT", env=FIXED_DATE)
    assert _summary_counts(again.stdout) == (1, 2)
    assert leaflets(project_copy) == built


def git(project, *args, date="2026-01-01T00:00:00Z"):
    subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True, env={
        **os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"})


def test_after_a_commit_an_incremental_build_gives_the_bytes_of_a_clean_build(
        tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # dates from the commits
    project = copy_project(tmp_path / "work")
    git(project, "init", "-q")
    git(project, "add", "registry", "templates", "locales")
    git(project, "commit", "-q", "-m", "first")
    assert run_build(project, "--country", "AT").returncode == 0
    # A commit that changes none of AT's inputs still changes every PDF's date.
    be = project.registry_dir / "countries" / "BE.toml"
    be.write_text(be.read_text() + "\n# a later commit\n")
    git(project, "commit", "-q", "-am", "second", date="2026-02-01T00:00:00Z")
    incremental = run_build(project, "--country", "AT")
    assert _summary_counts(incremental.stdout) == (3, 0)
    clean = tmp_path / "clean"
    subprocess.run(["git", "clone", "-q", str(project.root), str(clean)], check=True)
    assert run_build(Project(clean), "--country", "AT").returncode == 0
    assert leaflets(project) == leaflets(Project(clean))
    assert "2026-02-01" in subprocess.run(
        ["pdfinfo", "-isodates", str(project.output_dir / "AT/de_AT/teens.pdf")],
        capture_output=True, text=True, check=True).stdout


# --- a result counts only for the inputs it was made from --------------------

@pytest.fixture
def fingerprinted(project_copy):
    from campaign.editions import Edition

    edition = Edition("AT", "de_AT", "teens")
    fingerprints = Fingerprints(project_copy, "target=screen marks=False")
    fingerprints.edition(edition)
    return project_copy, fingerprints, edition


def test_an_untouched_edition_is_unchanged(fingerprinted):
    _, fingerprints, edition = fingerprinted
    assert fingerprints.unchanged(edition)


@pytest.mark.parametrize("path", [
    "registry/countries/AT.toml", "locales/de/LC_MESSAGES/leaflets.po",
    "templates/assets/leaflet.css", "templates/teens.html",
])
def test_an_input_edited_during_the_build_is_noticed_even_if_put_back(fingerprinted, path):
    project, fingerprints, edition = fingerprinted
    source = project.root / path
    content = source.read_bytes()
    source.write_bytes(content + b"\n")
    source.write_bytes(content)  # the same bytes again, but it was read in between
    assert not fingerprints.unchanged(edition)


@pytest.mark.parametrize("path", [
    "locales/de_AT/LC_MESSAGES/leaflets.po", "locales/de/reviews.json",
    "templates/assets/new.css", "registry/extra.toml",
])
def test_an_input_added_during_the_build_is_noticed(fingerprinted, path):
    project, fingerprints, edition = fingerprinted
    added = project.root / path
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_text("")
    assert not fingerprints.unchanged(edition)


def test_another_countrys_input_does_not_matter(fingerprinted):
    project, fingerprints, edition = fingerprinted
    be = project.registry_dir / "countries" / "BE.toml"
    be.write_text(be.read_text() + "\n")
    assert fingerprints.unchanged(edition)


def test_an_input_changed_during_a_build_is_not_recorded_and_is_said(project_copy):
    build = start_build(project_copy, "--country", "AT", "--country", "BE", env=FIXED_DATE)
    wait_for(lambda: manifest_outputs(project_copy), "record in the manifest")
    css = project_copy.templates_dir / "assets" / "leaflet.css"
    css.write_text(css.read_text() + "\n/* changed during the build */\n")
    output, errors = build.communicate(timeout=600)
    assert build.returncode == 0, errors
    assert f"note: {INPUTS_CHANGED}" in output
    assert _summary_counts(output) == (12, 0)
    assert len(manifest_outputs(project_copy)) < 12  # those finished after the change
    again = run_build(project_copy, "--country", "AT", "--country", "BE", env=FIXED_DATE)
    assert _summary_counts(again.stdout) == (12, 0)


def test_a_bad_source_date_is_one_clear_error_before_anything_starts(project_copy):
    result = run_build(project_copy, "--country", "AT", env={"SOURCE_DATE_EPOCH": "abc"})
    assert one_error(result) == "Error: SOURCE_DATE_EPOCH must be whole seconds, not 'abc'"
    assert not pdfs(project_copy)
