"""A stand-in for EditionBuilder whose render of the Belgian children's leaflet never ends."""

import time

from campaign.build import EditionResult


class StuckOnBelgianChildren:
    def __init__(self, project, registry):
        pass

    def build(self, edition, options):
        if edition.country == "BE" and edition.audience == "children":
            time.sleep(3600)
        return EditionResult(edition, ok=True)
