"""Edition Builder: scholarly digital editions of archival documents, from raw transcripts."""

__version__ = "0.1.0"
