"""The terminal face: lookup, search, list, export and completion, rendered for a terminal or a pipe."""
