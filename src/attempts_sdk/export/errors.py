"""The errors of an export or a sync that are not the provider's: the output, the database."""

from __future__ import annotations

from .._errors import AttemptsSDKError, ConfigurationError

__all__ = ["MissingExtraError", "OutputError"]


class OutputError(AttemptsSDKError):
    """The output (a file, stdout, the database) cannot be opened or written.

    Attributes:
        before_requests: True when it was found before any request was sent (the command
            line exits 2: a usage error), False when the export failed midway (exit 1).
    """

    def __init__(self, message: str, *, before_requests: bool) -> None:
        super().__init__(message)
        self.before_requests = before_requests

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (str(self), self.before_requests))


def _rebuild(message: str, before_requests: bool) -> OutputError:
    return OutputError(message, before_requests=before_requests)


class MissingExtraError(ConfigurationError):
    """A format or command needs a package of the ``attempts-sdk[export]`` extra."""

    def __init__(self, package: str, needed_for: str) -> None:
        super().__init__(
            f"{needed_for} needs {package}, which is not installed: "
            f"pip install 'attempts-sdk[export]'"
        )
        self.package = package
        self.needed_for = needed_for

    def __reduce__(self) -> tuple[object, ...]:
        return (MissingExtraError, (self.package, self.needed_for))
