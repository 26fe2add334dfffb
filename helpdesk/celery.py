# kombu's Redis transport has no annotations: calling into it from typed methods is expected.
# mypy: disable-error-code="no-untyped-call"
"""The Celery app: configured from Django settings under the CELERY_ namespace.

With Redis as the broker, settings name ``RedisTransport`` below as the broker transport:
kombu's own lets a Redis that hangs for a few seconds stop a worker consuming for good.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

logger = logging.getLogger(__name__)


class AckSafeQoS(kombu_redis.QoS):
    """kombu's Redis acknowledgements, except that an acknowledgement Redis does not answer
    still frees the worker's prefetch slot.

    kombu first removes an acknowledged message from Redis' unacked index and only then counts
    it as acknowledged in the worker. When Redis hangs longer than the socket timeout (a
    stopped process, a long fork, a failover), the removal raises TimeoutError, Celery logs
    "Couldn't ack ..., reason: network:TimeoutError" and swallows the error, and the message
    stays counted as in flight for the life of the connection: once as many acknowledgements
    have failed as the prefetch count allows (concurrency x worker_prefetch_multiplier), the
    channel never asks Redis for another message, though the process, its connection and
    beat are fine. Here the slot is freed at once and the Redis side is settled at the next
    acknowledgement Redis answers, at the next restore sweep or when the channel closes.
    Until then the message stays in the unacked index; should the worker die first, it comes
    back after the visibility timeout and the task (idempotent) runs once more.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unsettled: dict[str, bool] = {}  # delivery tag -> requeue

    def ack(self, delivery_tag: str) -> None:
        try:
            super().ack(delivery_tag)
        except self.channel.connection_errors as error:
            self._defer(delivery_tag, False, error)
        else:
            self._settle()

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        try:
            super().reject(delivery_tag, requeue=requeue)
        except self.channel.connection_errors as error:
            self._defer(delivery_tag, requeue, error)
        else:
            self._settle()

    def restore_visible(self, *args: Any, **kwargs: Any) -> Any:
        # Settled first, so an acknowledged message is never handed out again; a connection
        # error ends this sweep (kombu retries at the next one).
        self._settle(raise_errors=True)
        return super().restore_visible(*args, **kwargs)

    def restore_unacked(self, client: Any = None) -> Any:
        self._settle()
        return super().restore_unacked(client)

    def _defer(self, delivery_tag: str, requeue: bool, error: Exception) -> None:
        self._unsettled[delivery_tag] = requeue
        virtual.QoS.ack(self, delivery_tag)  # the slot: the worker goes on consuming
        logger.warning(
            "Redis did not answer the %s of message %s (%r); settled when it answers again",
            "requeue" if requeue else "acknowledgement",
            delivery_tag,
            error,
        )

    def _settle(self, *, raise_errors: bool = False) -> None:
        for delivery_tag, requeue in list(self._unsettled.items()):
            try:
                if requeue:
                    self.restore_by_tag(delivery_tag, leftmost=True)
                else:
                    self._remove_from_indices(delivery_tag).execute()
            except self.channel.connection_errors:
                if raise_errors:
                    raise
                return
            del self._unsettled[delivery_tag]


class RedisChannel(kombu_redis.Channel):
    QoS = AckSafeQoS


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel


app = Celery("helpdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

import health.signals  # noqa: E402, F401  (heartbeat rows, in every Celery process)
