"""Signals other apps listen to, so that tickets never imports them (notices, callbacks)."""

from django.dispatch import Signal

# Sent by services.open_ticket inside its transaction once a new ticket and its first
# message are written, with ``ticket``; receivers add rows of their own apps in the same
# transaction (a failing receiver rolls the filing back, so they must not fail on bad luck).
ticket_filed = Signal()
