"""Report running: params, planning, the kernel runner, HTML rendering, the manifest."""

import sys

# jsonschema (imported by nbformat) probes at import for the optional modules of its format
# checkers: rfc3987_syntax alone builds a Lark grammar for ~2,5 s (python-jsonschema/jsonschema
# #1392, #1521), isoduration (arrow) and the rest add ~0,15 s. nbformat validates without a
# format checker, so processes that run reports skip the probes; an import made before is kept.
for _modul in ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "isoduration", "uri_template"):
    sys.modules.setdefault(_modul, None)
del _modul
