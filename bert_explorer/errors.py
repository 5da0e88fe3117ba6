class ExplorerError(Exception):
    """A problem the user can fix; the message is written to be shown as is."""


class CheckpointError(ExplorerError):
    """A checkpoint could not be loaded for the requested head."""


class InputError(ExplorerError):
    """The text, gold label or other input cannot be used."""


class Cancelled(ExplorerError):
    """The user stopped a long computation."""
