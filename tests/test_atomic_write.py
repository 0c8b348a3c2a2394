"""A failed or interrupted write keeps the earlier file and leaves no partial file."""

import os

import pytest

from campaign.atomic import write_atomically
from campaign.errors import EnvironmentFault


def test_writes_new_file(tmp_path):
    target = tmp_path / "BE" / "fr_BE" / "children.pdf"
    write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"


def test_interrupted_write_keeps_earlier_file(tmp_path, monkeypatch):
    target = tmp_path / "children.pdf"
    target.write_bytes(b"%PDF-earlier")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"%PDF-half")
    assert target.read_bytes() == b"%PDF-earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["children.pdf"]


def test_written_file_gets_ordinary_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "leaflet.pdf", b"%PDF")
    finally:
        os.umask(previous)
    assert (tmp_path / "leaflet.pdf").stat().st_mode & 0o777 == 0o644


def test_catalogs_are_written_by_the_same_atomic_writer(tmp_path, monkeypatch):
    """A PO file whose write fails keeps its earlier text and leaves no temporary file."""
    from babel.messages.catalog import Catalog

    from campaign.po_files import write_catalog

    target = tmp_path / "de" / "LC_MESSAGES" / "leaflets.po"
    catalog = Catalog(locale="de")
    catalog.add("Hello", "Hallo")
    write_catalog(target, catalog)
    earlier = target.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    catalog.add("Bye", "Tschüss")
    with pytest.raises(EnvironmentFault, match="leaflets.po: the disk is full"):
        write_catalog(target, catalog)
    assert target.read_bytes() == earlier
    assert [p.name for p in target.parent.iterdir()] == ["leaflets.po"]


def test_leaflets_wait_for_the_disk_and_records_do_not(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_atomically(tmp_path / "leaflet.pdf", b"%PDF")
    assert len(synced) == 1
    write_atomically(tmp_path / ".manifest.json", b"{}", durable=False)
    assert len(synced) == 1
    assert (tmp_path / ".manifest.json").read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".manifest.json", "leaflet.pdf"]


def test_the_manifest_and_fit_reports_are_written_without_waiting_for_the_disk(tmp_path, monkeypatch):
    from campaign import copyfit
    from campaign.manifest import Manifest

    synced = []
    monkeypatch.setattr(os, "fsync", synced.append)
    Manifest(tmp_path).record(tmp_path / "leaflet.pdf", "abc", {"size": 4, "sha256": "0"})
    fitted = copyfit.Fitted(copyfit.Fit(1.1), None, {"slot-back": 0.8}, 2)
    copyfit.save_fit(tmp_path / "leaflet.pdf", fitted)
    assert synced == []
    assert copyfit.load_fit(tmp_path / "leaflet.pdf") == copyfit.Fit(1.1)
