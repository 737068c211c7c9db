"""One module per ``monev`` subcommand (see ``monev.cli``)."""
