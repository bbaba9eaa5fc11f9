"""Merkle tree over the transparency log: each entry keeps its canonical bytes and leaf hash,
perfect-subtree hashes are cached, the head keeps the tree's right edge; signed tree heads.

The data step fills existing rows once, rebuilding each entry's canonical JSON from its columns
with the format-1 rule (docs/transparency-log.md). An entry whose rebuilt bytes do not hash to its
stored ``entry_hash`` keeps those bytes anyway: ``verify_log`` then reports it, nothing is hidden.
"""

import datetime as dt
import hashlib
import json

from django.db import migrations, models

BATCH = 2000


def _canonical(row):
    body = {
        "v": 1,
        "stream": row.stream,
        "seq": row.seq,
        "time": row.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "kind": row.kind,
        "payload": row.payload,
        "prev": row.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fill(apps, schema_editor):
    Entry = apps.get_model("core", "TransparencyEntry")
    Head = apps.get_model("core", "TransparencyHead")
    Node = apps.get_model("core", "TransparencyNode")
    streams = set(Head.objects.values_list("stream", flat=True))
    streams.update(Entry.objects.values_list("stream", flat=True).distinct())
    for stream in sorted(streams):
        stack, size, changed, nodes = [], 0, [], []
        for row in Entry.objects.filter(stream=stream).order_by("seq", "id").iterator(chunk_size=BATCH):
            row.canonical = _canonical(row)
            row.leaf_hash = acc = hashlib.sha256(b"\x00" + row.canonical).digest()
            changed.append(row)
            index, level = size, 0
            while index & 1:
                acc = hashlib.sha256(b"\x01" + stack.pop() + acc).digest()
                index >>= 1
                level += 1
                nodes.append(Node(stream=stream, level=level, index=index, hash=acc))
            stack.append(acc)
            size += 1
            if len(changed) >= BATCH:
                Entry.objects.bulk_update(changed, ["canonical", "leaf_hash"])
                changed = []
            if len(nodes) >= BATCH:
                Node.objects.bulk_create(nodes)
                nodes = []
        Entry.objects.bulk_update(changed, ["canonical", "leaf_hash"])
        Node.objects.bulk_create(nodes)
        Head.objects.filter(stream=stream, seq=size).update(frontier=b"".join(stack))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_task_runs_and_outbox'),
    ]

    operations = [
        migrations.CreateModel(
            name='TransparencyNode',
            fields=[
                ('pk', models.CompositePrimaryKey('stream', 'level', 'index', blank=True, editable=False, primary_key=True, serialize=False)),
                ('stream', models.CharField(max_length=80)),
                ('level', models.PositiveSmallIntegerField()),
                ('index', models.PositiveBigIntegerField()),
                ('hash', models.BinaryField(max_length=32)),
            ],
        ),
        migrations.AddField(
            model_name='transparencyentry',
            name='canonical',
            field=models.BinaryField(default=b''),
        ),
        migrations.AddField(
            model_name='transparencyentry',
            name='leaf_hash',
            field=models.BinaryField(default=b'', max_length=32),
        ),
        migrations.AddField(
            model_name='transparencyhead',
            name='frontier',
            field=models.BinaryField(default=b''),
        ),
        migrations.CreateModel(
            name='TransparencySignedHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stream', models.CharField(max_length=80)),
                ('tree_size', models.PositiveBigIntegerField()),
                ('root_hash', models.BinaryField(max_length=32)),
                ('signed_at', models.DateTimeField()),
                ('key_id', models.CharField(max_length=64)),
                ('signature', models.BinaryField(max_length=64)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('stream', 'tree_size'), name='transparency_sth_size')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
