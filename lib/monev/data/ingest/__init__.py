"""Loading OPD submissions: read, validate every cell in one pass, store whole or not at all.

``ingest_files(workbook, paths)`` returns per file: ``dimuat`` (loaded), ``ditolak`` (refused:
at least one Galat, nothing stored) or ``sama`` (this exact file was loaded before: nothing
changes). Every loaded file is archived unchanged as ``data/raw/<sha256><ext>``.

One concern per module: ``messages`` (the catalogue, ``Finding`` and its one constructor),
``cells`` (one cell's value), ``sheets`` (the rules of each part and of the file as a whole),
``load`` (read → validate → store).
"""

from monev.data.ingest.load import FileResult, IngestResult, check_file, ingest_files
from monev.data.ingest.messages import ERROR, MESSAGES, WARNING, Finding, finding

__all__ = [
    "ERROR",
    "MESSAGES",
    "WARNING",
    "FileResult",
    "Finding",
    "IngestResult",
    "check_file",
    "finding",
    "ingest_files",
]
