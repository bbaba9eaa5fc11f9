"""Stand-alone verifier of a WSR platform's transparency log: ``python -m wsr_verify --help``.

Standard library plus PyNaCl only (no Django, nothing from the server), so anyone can check the
log offline: tree-head signatures, a saved export against its head, inclusion proofs and the
consistency of an earlier head with a later one. Formats: docs/transparency-log.md.
"""
