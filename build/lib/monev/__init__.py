"""monev: monitoring dan evaluasi kinerja OPD."""

__version__ = "0.1.0"
