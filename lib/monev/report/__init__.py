"""Report running: planning, the kernel runner, HTML rendering, the manifest."""
