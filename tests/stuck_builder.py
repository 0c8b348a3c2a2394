"""Stand-ins for EditionBuilder that misbehave on purpose, for tests/test_workers.py.

The worker pool imports them by name ("stuck_builder:StuckOnBelgianChildren")
in fresh worker processes, so they live in a module of their own.
"""

import os
import time

from campaign.build import EditionResult
from campaign.errors import CampaignError, EnvironmentFault


class StuckOnBelgianChildren:
    """Its render of the Belgian children's leaflet never ends."""

    def __init__(self, project, registry):
        pass

    def build(self, edition, options, known_fit=None):
        if edition.country == "BE" and edition.audience == "children":
            time.sleep(3600)
        return EditionResult(edition, ok=True)


class DiesWhileStarting:
    """The process ends before its first edition, as a crash in start-up would."""

    def __init__(self, project, registry):
        os._exit(3)


class CannotStart:
    """Start-up fails with a clear message (as a bad SOURCE_DATE_EPOCH would)."""

    def __init__(self, project, registry):
        raise CampaignError("SOURCE_DATE_EPOCH must be whole seconds, not 'abc'")


class DiesOnBelgianTeens:
    """The process ends in the middle of one edition."""

    def __init__(self, project, registry):
        pass

    def build(self, edition, options, known_fit=None):
        if edition.country == "BE" and edition.audience == "teens":
            os._exit(5)
        return EditionResult(edition, ok=True)


class DiskFullOnBelgianParents:
    """Writing one leaflet finds the disk full."""

    def __init__(self, project, registry):
        pass

    def build(self, edition, options, known_fit=None):
        if edition.country == "BE" and edition.audience == "parents":
            raise EnvironmentFault("cannot write output/BE/fr_BE/parents.pdf: the disk is full")
        return EditionResult(edition, ok=True)
