from celery import shared_task

from .models import Heartbeat
from .services import record_heartbeat


@shared_task
def heartbeat() -> None:
    """Sent by beat every HELPDESK_HEARTBEAT_SECONDS: a worker that runs it is consuming."""
    record_heartbeat(Heartbeat.WORKER)
