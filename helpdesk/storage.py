"""File storage that leaves nothing behind when writing fails."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger(__name__)


class NoPartialFileSystemStorage(FileSystemStorage):
    """FileSystemStorage, less the half-written file it keeps when a write fails (a full disk,
    a quota, an I/O error): the caller gets the error and the disk holds nothing of it."""

    def _save(self, name: str, content: Any) -> str:
        existed = self.exists(name)
        try:
            return str(super()._save(name, content))  # type: ignore[misc]  # not in the stubs
        except FileExistsError:
            raise
        except OSError:
            # Only a file this call created: a name taken meanwhile was someone else's.
            if not existed and self.exists(name):
                try:
                    self.delete(name)
                except OSError:
                    logger.exception("Could not remove the partial file %s", name)
            raise
