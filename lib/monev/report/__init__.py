"""Report running: params, planning, the kernel runner, HTML rendering, the manifest."""

import sys

# jsonschema (imported by nbformat) probes for rfc3987_syntax, whose import builds a Lark grammar
# for ~2,5 s (python-jsonschema/jsonschema#1392, #1521). nbformat never validates IRIs, so every
# process that renders reports skips the probe; an explicit import elsewhere is unaffected.
sys.modules.setdefault("rfc3987_syntax", None)
