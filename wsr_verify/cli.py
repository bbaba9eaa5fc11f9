"""``python -m wsr_verify``: exit 0 when everything checked out, 1 when something did not, 2 when
an input could not be read."""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from nacl.signing import SigningKey

from wsr_verify.checks import (
    Head,
    Unreadable,
    b64,
    check_consistency,
    check_export,
    check_head,
    check_inclusion,
    load_json,
    load_key,
)

EPILOG = """examples (files saved from the server, checked with the server stopped):
  python -m wsr_verify head head.json --key key.json
  python -m wsr_verify export log.jsonl --key key.json --earlier old-head.json
  python -m wsr_verify inclusion --head head.json --proof proof.json --entry-b64 eyJ2Ijox... --key key.json
  python -m wsr_verify consistency --old old-head.json --new head.json --proof proof.json --key key.json
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wsr_verify",
        description="Verify a WSR transparency log offline (RFC 9162 Merkle proofs, Ed25519 tree heads).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    key_help = "the log's public key: base64, or a file with it or with /api/v1/public/log/key's JSON"

    p = sub.add_parser("head", help="check a signed tree head's signature")
    p.add_argument("head")
    p.add_argument("--key", required=True, help=key_help)

    p = sub.add_parser("export", help="recompute the tree of an export and check it against its signed head")
    p.add_argument("bundle")
    p.add_argument("--key", required=True, help=key_help)
    p.add_argument("--earlier", action="append", default=[], help="an earlier saved head: must be a prefix")
    p.add_argument("--chain", action="store_true", help="also check each entry's seq and previous-hash link")

    p = sub.add_parser("inclusion", help="check that an entry is in the tree of a signed head")
    p.add_argument("--head", required=True)
    p.add_argument("--proof", required=True, help="JSON from .../log/proof/inclusion")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--entry-file", help="a file holding exactly the entry's bytes")
    group.add_argument("--entry-b64", help="the entry's bytes, base64 (as .../log/entries gives them)")
    p.add_argument("--key", required=True, help=key_help)

    p = sub.add_parser("consistency", help="check that a newer head extends an earlier one (no fork)")
    p.add_argument("--old", required=True)
    p.add_argument("--new", required=True)
    p.add_argument("--proof", required=True, help="JSON from .../log/proof/consistency")
    p.add_argument("--key", required=True, help=key_help)

    sub.add_parser("keygen", help="make a signing key for WSR_LOG_SIGNING_KEY (prints seed and public key)")
    return parser


def _run(args: argparse.Namespace, out: list[str]) -> list[str]:
    if args.command == "keygen":
        new_key = SigningKey.generate()
        public = bytes(new_key.verify_key)
        out.append(f"WSR_LOG_SIGNING_KEY={base64.b64encode(bytes(new_key)).decode()}")
        out.append(f"public key: {base64.b64encode(public).decode()}")
        out.append(f"key id:     {hashlib.sha256(public).hexdigest()}")
        return []
    key = load_key(args.key)
    if args.command == "head":
        head = Head.from_json(load_json(args.head))
        out.append(f"head: {head.stream}, {head.tree_size} entries, signed {head.timestamp}")
        return check_head(head, key)
    if args.command == "export":
        earlier = [Head.from_json(load_json(p)) for p in args.earlier]
        report = check_export(args.bundle, key, earlier=earlier, chain=args.chain)
        out.append(f"export: {report.stream}, {report.entries} entries, root {report.root.hex()}")
        return report.problems or []
    if args.command == "inclusion":
        head = Head.from_json(load_json(args.head))
        entry = Path(args.entry_file).read_bytes() if args.entry_file else b64(args.entry_b64, "entry")
        return check_head(head, key) + check_inclusion(head, load_json(args.proof), entry)
    old, new = Head.from_json(load_json(args.old)), Head.from_json(load_json(args.new))
    return check_head(old, key) + check_head(new, key) + check_consistency(old, new, load_json(args.proof))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out: list[str] = []
    try:
        problems = _run(args, out)
    except (Unreadable, OSError) as exc:
        sys.stderr.write(f"cannot read input: {exc}\n")
        return 2
    for line in out:
        sys.stdout.write(line + "\n")
    for problem in problems:
        sys.stdout.write(f"FAIL {problem}\n")
    if not problems and args.command != "keygen":
        sys.stdout.write("OK verified\n")
    return 1 if problems else 0
