"""Errors a user can fix.

Every error that comes from bad input (a parameter out of range, a case file with a typo, a missing data
file) is a :class:`UserInputError`. The command line prints its message on one line and exits with code 2,
without a traceback; the Python API lets it propagate so notebooks show it as usual.
"""

from __future__ import annotations

__all__ = ["DataError", "ParameterError", "UserInputError"]


class UserInputError(ValueError):
    """Bad input that the user can correct; the message says what is wrong and what is allowed."""


class ParameterError(UserInputError):
    """A model parameter outside its domain (names the parameter, the value and the allowed range)."""


class DataError(UserInputError):
    """A data file that is missing, truncated or not in the expected schema (names the file and field)."""
