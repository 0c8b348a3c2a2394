"""A stand-in for EditionBuilder whose renders of Belgian editions never end."""

import time

from campaign.build import EditionResult


class StuckOnBelgium:
    def __init__(self, project, registry):
        pass

    def build(self, edition, options):
        if edition.country == "BE":
            time.sleep(3600)
        return EditionResult(edition, ok=True)
