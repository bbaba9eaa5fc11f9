"""The double-entry journal: balanced postings, appended to a per-program hash chain.

A posting's hash is SHA-256 over the canonical JSON (keys sorted, no spaces, UTF-8) of
``{"v", "program", "seq", "kind", "on", "document", "reverses", "legs", "prev"}`` where ``legs`` is
``[[account key, amount in minor units], ...]`` in position order and ``prev`` is the previous
posting's hash (64 zeros for the first). The recorded time is not hashed (a clock is not a
fact of the money). Verification rebuilds those bytes from the stored columns and legs, so an
edited amount, an edited account, a removed leg, a removed or reordered posting all break it.

Only this module writes ``Posting`` and ``Leg`` rows, and it only ever inserts them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.ledger.errors import LedgerErrorCode
from wsr.ledger.models import Account, AccountKind, JournalHead, Leg, Posting, PostingKind
from wsr.programs.models import Program

FORMAT_VERSION = 1
GENESIS_HASH = "0" * 64


def account_for(
    *, program: Program, kind: AccountKind, organisation: Any, facility: Any | None, currency: str
) -> Account:
    """The account (created on first use); its key names it in the hash chain."""
    key = f"{kind}:{organisation.public_id}:{facility.public_id if facility else '-'}:{currency}"
    found = Account.objects.filter(program=program, key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(
                program=program, kind=kind, organisation=organisation, facility=facility, currency=currency, key=key
            )
    except IntegrityError:
        return Account.objects.get(program=program, key=key)


def posting_bytes(
    *,
    program: str,
    seq: int,
    kind: str,
    on: dt.date,
    document: str,
    reverses: str,
    legs: Sequence[tuple[str, int]],
    prev: str,
) -> bytes:
    body = {
        "v": FORMAT_VERSION,
        "program": program,
        "seq": seq,
        "kind": kind,
        "on": on.isoformat(),
        "document": document,
        "reverses": reverses,
        "legs": [[key, amount] for key, amount in legs],
        "prev": prev,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def legs_balance(amounts: Sequence[int]) -> bool:
    """Double entry: a posting has at least two legs and they sum to zero."""
    return len(amounts) >= 2 and sum(amounts) == 0


def journal_post(
    *,
    program: Program,
    kind: PostingKind,
    occurred_on: dt.date,
    legs: Sequence[tuple[Account, int]],
    document: str = "",
    memo: str = "",
    reverses: Posting | None = None,
) -> Posting:
    """Append one balanced posting to the program's chain (inside the caller's transaction)."""
    amounts = [amount for _, amount in legs]
    if not legs_balance(amounts) or any(isinstance(a, bool) or not isinstance(a, int) for a in amounts):
        raise DomainError(_("A posting's legs must sum to zero."), code=LedgerErrorCode.UNBALANCED)
    if len({account.currency for account, _ in legs}) != 1:
        raise DomainError(_("A posting's legs must share one currency."), code=LedgerErrorCode.CURRENCY_MISMATCH)
    with transaction.atomic():
        head = JournalHead.objects.select_for_update().filter(program=program).first()
        if head is None:
            try:
                with transaction.atomic():
                    head = JournalHead.objects.create(program=program, seq=0, head_hash=GENESIS_HASH)
            except IntegrityError:
                head = JournalHead.objects.select_for_update().get(program=program)
        seq = head.seq + 1
        data = posting_bytes(
            program=program.public_id,
            seq=seq,
            kind=str(kind),
            on=occurred_on,
            document=document,
            reverses=reverses.public_id if reverses else "",
            legs=[(account.key, amount) for account, amount in legs],
            prev=head.head_hash,
        )
        digest = hashlib.sha256(data).hexdigest()
        posting = Posting.objects.create(
            program=program,
            seq=seq,
            kind=kind,
            occurred_on=occurred_on,
            recorded_at=clock.now(),
            document=document,
            memo=memo[:300],
            reverses=reverses,
            prev_hash=head.head_hash,
            entry_hash=digest,
        )
        Leg.objects.bulk_create(
            Leg(posting=posting, account=account, position=i, amount_minor=amount)
            for i, (account, amount) in enumerate(legs)
        )
        moved = JournalHead.objects.filter(pk=head.pk, seq=head.seq).update(seq=seq, head_hash=digest)
        if moved != 1:
            raise ConcurrentChange("ledger")
    return posting


def journal_reverse(*, posting: Posting, occurred_on: dt.date, memo: str = "") -> Posting:
    """The correction of a posting: a new posting with every leg negated (never an edit)."""
    if Posting.objects.filter(reverses=posting).exists():
        raise DomainError(_("This posting is already reversed."), code=LedgerErrorCode.ALREADY_REVERSED)
    if posting.kind == PostingKind.REVERSAL:
        raise DomainError(_("A reversal is not reversed: post the entry again."), code=LedgerErrorCode.ALREADY_REVERSED)
    legs = [(leg.account, -leg.amount_minor) for leg in posting.legs.select_related("account").order_by("position")]
    return journal_post(
        program=posting.program,
        kind=PostingKind.REVERSAL,
        occurred_on=occurred_on,
        legs=legs,
        document=posting.document,
        memo=memo,
        reverses=posting,
    )


@dataclass(frozen=True)
class JournalCheck:
    program: str
    postings: int
    ok: bool
    broken_seq: int | None = None
    problem: str = ""


def journal_verify(program: Program) -> JournalCheck:
    """Recompute the program's chain from the stored columns; report the first broken posting."""
    rows = (
        Posting.objects.filter(program=program)
        .select_related("reverses")
        .order_by("seq", "pk")
        .iterator(chunk_size=2000)
    )
    prev, expected, count = GENESIS_HASH, 1, 0
    for posting in rows:
        count += 1
        if posting.seq != expected:
            problem = _("a posting is missing or out of order (expected number %(n)s)") % {"n": expected}
            return JournalCheck(program.public_id, count, False, posting.seq, problem)
        if posting.prev_hash != prev:
            problem = _("its link to the previous posting is broken")
            return JournalCheck(program.public_id, count, False, posting.seq, problem)
        legs = list(
            posting.legs.select_related("account").order_by("position").values_list("account__key", "amount_minor")
        )
        if not legs_balance([amount for _, amount in legs]):
            return JournalCheck(program.public_id, count, False, posting.seq, _("its legs do not sum to zero"))
        data = posting_bytes(
            program=program.public_id,
            seq=posting.seq,
            kind=posting.kind,
            on=posting.occurred_on,
            document=posting.document,
            reverses=posting.reverses.public_id if posting.reverses else "",
            legs=legs,
            prev=prev,
        )
        if hashlib.sha256(data).hexdigest() != posting.entry_hash:
            problem = _("its content does not match its hash (edited)")
            return JournalCheck(program.public_id, count, False, posting.seq, problem)
        prev = posting.entry_hash
        expected += 1
    head = JournalHead.objects.filter(program=program).first()
    if count and (head is None or head.seq != expected - 1 or head.head_hash != prev):
        problem = _("the chain's recorded end does not match its last posting (postings removed?)")
        return JournalCheck(program.public_id, count, False, expected, problem)
    return JournalCheck(program.public_id, count, True)


def account_balances(program: Program) -> dict[str, int]:
    """Each account's balance (sum of its legs), by account key."""
    from django.db.models import Sum

    rows = Leg.objects.filter(posting__program=program).values("account__key").annotate(total=Sum("amount_minor"))
    return {row["account__key"]: int(row["total"]) for row in rows}
