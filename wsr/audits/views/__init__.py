"""Audit, finding and CAP pages for every role, and the public facility remediation page.

Each view parses input, checks the actor's scope (selectors raise 404 outside it, 403 without the
capability), and calls exactly one service; a refused action comes back as a form error.
"""
