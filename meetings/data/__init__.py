"""Curated data files of the archive, each beside the code that reads it."""
