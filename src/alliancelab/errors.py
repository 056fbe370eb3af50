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
    """A model parameter outside its domain (names the parameter, the value and the allowed range).

    ``field`` is the library's name of the parameter (``T``, ``theta_H``, ``lambda_``) and ``reason`` what is
    wrong with its value (``1.5 is outside the allowed range [0, 1)``), where one field alone is at fault:
    the command line uses them to name the option the user typed (``--threat``) instead of the field.

    >>> err = ParameterError("T = 1.5 is outside the allowed range [0, 1)", field="T",
    ...                      reason="1.5 is outside the allowed range [0, 1)")
    >>> str(err.within("case file"))
    'case file: T = 1.5 is outside the allowed range [0, 1)'
    >>> err.within("case file").field, err.within("rival", owner="rival").field
    ('T', 'rival.T')
    """

    def __init__(self, message: str, *, field: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason

    def within(self, where: str, *, owner: str | None = None) -> ParameterError:
        """The same error, its message prefixed with ``where``; ``owner`` qualifies the field
        (``rival.credibility``: the rival's, not the incumbent's ``credibility``)."""
        field = f"{owner}.{self.field}" if owner and self.field else self.field
        return ParameterError(f"{where}: {self}", field=field, reason=self.reason)


class DataError(UserInputError):
    """A data file that is missing, truncated or not in the expected schema (names the file and field)."""
