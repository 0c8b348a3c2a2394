"""campaign: localized online-safety leaflets built from one English source."""

__version__ = "0.1.0"
