from celery import shared_task

from . import services


@shared_task
def sweep_chats() -> dict[str, int]:
    """Vanished agents go offline (their chats wait again), abandoned and idle chats end, and
    answers written after a requester left are e-mailed in one batch per chat."""
    return services.sweep()
