"""Present: shows what the engine computed, computes nothing of the domain.

- ``sections`` (title block, footnote, scope) and one module of sections per report: ``rakor``,
  ``opd``, ``iku``, ``kualitas``; a notebook cell calls one of their functions with the period
  context ``ctx`` (``monev.app.context.Context``);
- ``labels`` the one glossary of column labels; ``tables`` escaped HTML tables; ``charts`` and
  their captions; ``theme`` the colours (predikat by band position in the settings);
  ``format`` Indonesian numbers and dates; ``escape`` the one escaping helper;
- ``explorer`` the JupyterLab explorer's widgets.
"""
