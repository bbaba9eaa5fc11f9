"""Writes of the alerts domain, one module per subtopic: imminent-danger alerts (``danger``), the
on-call roster (``roster``) and to-do e-mails by each user's preference (``notify``).

Import from the submodule: the complaint intake imports ``danger`` inside its own import chain,
so this package imports nothing itself."""
