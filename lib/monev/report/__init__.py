"""Report: params, the papermill runner, the nbconvert template."""
