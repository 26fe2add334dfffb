"""The base of every broken business rule; interfaces show its message to the person."""


class DomainError(Exception):
    """A rule of the domain refused a change; ``str(error)`` is a translated message."""

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
