"""Signals other apps listen to, so that tickets never imports them (notices, callbacks)."""

from django.dispatch import Signal

# Sent by services.open_ticket inside its transaction once a new ticket and its first
# message are written, with ``ticket``; receivers add rows of their own apps in the same
# transaction (a failing receiver rolls the filing back, so they must not fail on bad luck).
ticket_filed = Signal()

# Sent by services.merge_tickets inside its transaction, with ``ticket`` (merged), ``into``
# (kept) and ``by``: a merge made from the merge form counts for the suggestions too.
ticket_merged = Signal()
