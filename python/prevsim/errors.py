"""Errors prevsim reports about user input."""

from __future__ import annotations


class ScenarioError(ValueError):
    """An invalid scenario or model file: names the file, the key path and,
    where it can be found, the line.

    ``str(error)`` reads ``"file.toml:12: transitions.'H -> S1': unknown name 'p_HSl'
    (did you mean 'p_HS1'?)"``.
    """

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        self.file, self.key, self.line, self.reason = file, key, line, message
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(f"{where}{key + ': ' if key else ''}{message}")
