"""Whether the background pipeline moves: beat's and the workers' heartbeats, the sweeps' last
runs, and how far due reminders and queued e-mail are behind."""
