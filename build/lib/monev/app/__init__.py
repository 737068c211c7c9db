"""The application layer: what notebooks, commands and the explorer start from."""
