"""Model: settings, schemas, the Indonesian number grammar, periods. Imports nothing of monev."""
