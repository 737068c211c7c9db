"""Data: reading inputs, the store, ingest, templates, export, the sample generator."""
