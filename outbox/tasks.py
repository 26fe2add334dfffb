from celery import shared_task

from . import services


@shared_task
def deliver_email(email_id: int) -> None:
    services.deliver_email(email_id)


@shared_task
def deliver_due_email() -> int:
    """The sweep: whatever a lost message or an outage left queued goes out now."""
    sent = 0
    for email_id in services.due_email_ids():
        sent += services.deliver_email(email_id)
    return sent
