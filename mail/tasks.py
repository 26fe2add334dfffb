from celery import shared_task

from . import imap, services


@shared_task
def process_mail(inbound_id: int) -> str:
    return services.process_mail(inbound_id)


@shared_task
def process_pending_mail() -> int:
    """The sweep: whatever a lost message or an outage left unprocessed is processed now."""
    done = 0
    for inbound_id in services.pending_mail_ids():
        done += bool(services.process_mail(inbound_id))
    return done


@shared_task
def poll_imap() -> int:
    """Read new mail from HELPDESK_IMAP_URL (production)."""
    return imap.poll()
