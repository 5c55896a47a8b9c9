#!/usr/bin/env python3
"""Makes damaged copies of a good pair of shards (`loansim run --shard 1/2` and `2/2`), one per case,
and prints one line per case: id, the shard file to put in place of shard 1, the expected exit code
and a text stderr must contain. Shards hold this version's number, so they are made at test time
(HostileShardTests) rather than kept: the recipes are the corpus, this is their generator.

Cases: a byte flipped at positions spread over the whole file (format line, JSON header, payload);
header fields edited in the JSON line only (the two copies then disagree); and forgeries that edit
both copies of a field and recompute the checksum, so that only the range checks stand between the
file and the engine (paths = 2^63-1, shards = -1, a header naming /etc/passwd, a NaN outcome, ...).
Usage: scripts/hostile-shards.py GOOD_SHARD_1 OUT_DIR"""
import hashlib, json, os, struct, sys

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
data = open(good, "rb").read()
magic, head, payload = data.split(b"\n", 2)
envelope = json.loads(head)
cases = []


def emit(name, content, code, expect):
    path = os.path.join(out, name + ".bin")
    with open(path, "wb") as f:
        f.write(content)
    cases.append((f"shard/{name}", path, code, expect))


def header_layout(p):
    """Offsets of the run header's fields inside the payload (BinaryCoder: strings and sequences carry
    an 8-byte length, numbers are 8-byte little-endian words, a Bool one byte)."""
    fields, o = {}, 0
    for name in ("version", "scenario_file", "scenario_sha256"):
        n = struct.unpack_from("<q", p, o)[0]
        fields[name] = (o, 8 + n)
        o += 8 + n
    for name in ("seed", "paths", "block_size", "shard", "shards"):
        fields[name] = (o, 8)
        o += 8
    fields["blocks"] = (o, 24)
    o += 24
    fields["point_estimate"] = (o, 1)
    return fields, o + 1


def encode(name, value):
    if name in ("version", "scenario_file", "scenario_sha256"):
        b = value.encode()
        return struct.pack("<q", len(b)) + b
    if name == "blocks":
        return struct.pack("<qqq", 2, *value)
    if name == "point_estimate":
        return b"\x01" if value else b"\x00"
    return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)


def forged(edits, payload_edit=None):
    """Both copies of the header edited alike and the checksum made to match: a consistent file."""
    p = bytearray(payload)
    fields, _ = header_layout(p)
    for name in sorted(edits, key=lambda k: -fields[k][0]):  # back to front: offsets stay valid
        o, n = fields[name]
        p[o:o + n] = encode(name, edits[name])
    if payload_edit:
        payload_edit(p, header_layout(p)[1])
    env = dict(envelope)
    env["run"] = dict(envelope["run"], **edits)
    env["payload_bytes"], env["payload_sha256"] = len(p), hashlib.sha256(p).hexdigest()
    return magic + b"\n" + canonical(env) + b"\n" + bytes(p)


# 1. A byte flipped anywhere: the format line, the JSON header, the payload (spread over its length).
n = len(data)
positions = sorted({2, len(magic), len(magic) + 1 + len(head) // 3, len(magic) + 1 + 2 * len(head) // 3, len(magic) + 1 + len(head)}
                   | {len(magic) + len(head) + 2 + k * (len(payload) - 1) // 23 for k in range(24)})
for k in positions:
    b = bytearray(data)
    b[k] ^= 0x20
    emit(f"flip-{k}", bytes(b), 65, "{f}:")

# 2. Cut short and padded.
emit("cut-half", data[: n // 2], 65, "{f}:3:1")
emit("padded", data + b"\0", 65, "{f}:3:1")

# 3. The JSON header alone edited (the copy in the payload and the checksum untouched).
def canonical(env):
    """The JSON line in the form loansim writes (sorted keys, no spaces, "/" escaped)."""
    return json.dumps(env, sort_keys=True, separators=(",", ":"), ensure_ascii=False).replace("/", "\\/").encode()


def json_only(**edits):
    env = dict(envelope)
    env["run"] = dict(envelope["run"], **edits)
    return magic + b"\n" + canonical(env) + b"\n" + payload

emit("json-seed", json_only(seed=envelope["run"]["seed"] + 1), 65, "its two headers differ")
emit("json-spaced", magic + b"\n" + json.dumps(envelope, sort_keys=True).encode() + b"\n" + payload, 65, "was edited")
emit("json-key-case", head.replace(b"block_size", b"bLock_size").join([magic + b"\n", b"\n" + payload]), 65, "was edited")
emit("json-paths-max", json_only(paths=2**63 - 1), 65, "run.paths")
emit("json-shards-negative", json_only(shards=-1), 65, "run.shards")
emit("json-not-json", magic + b"\n{\"run\": [}\n" + payload, 65, "{f}:2:1")
emit("other-format", b"LOANSIM SHARD 1\n" + head + b"\n" + payload, 65, "another format")
emit("not-a-shard", b"root:x:0:0:root:/root:/bin/bash\n", 65, "not a LoanSim shard")

# 4. Forgeries: both copies agree and the checksum matches; the ranges must refuse them.
run = envelope["run"]
emit("forged-paths-max", forged({"paths": 2**63 - 1}), 65, "run.paths")
emit("forged-paths-zero", forged({"paths": 0}), 65, "run.paths")
emit("forged-shards-negative", forged({"shards": -1}), 65, "run.shards")
emit("forged-shards-zero", forged({"shards": 0}), 65, "run.shards")
emit("forged-shard-beyond", forged({"shard": 3}), 65, "run.shard")
emit("forged-shard-zero", forged({"shard": 0}), 65, "run.shard")
emit("forged-block-size", forged({"block_size": 255}), 65, "run.block_size")
emit("forged-blocks", forged({"blocks": [0, 99]}), 65, "run.blocks")
emit("forged-more-paths", forged({"paths": run["paths"] * 4, "blocks": [0, 5]}), 65, "its blocks are not blocks 0..<5")
emit("forged-sha", forged({"scenario_sha256": "x" * 64}), 65, "run.scenario_sha256")
emit("forged-no-scenario", forged({"scenario_file": ""}), 65, "run.scenario_file")
emit("forged-passwd", forged({"scenario_file": "/etc/passwd"}), 65, "does not load as a scenario")
emit("forged-no-point", forged({"point_estimate": not run["point_estimate"]}), 65, "point-estimate")

def nan_outcome(p, start):
    # The payload after the header: the blocks' count, the first block's index and its outcomes' count,
    # then the first outcome's first figure (its defaults): made NaN.
    struct.pack_into("<d", p, start + 24, float("nan"))
emit("forged-nan-outcome", forged({}, nan_outcome), 65, "not a number")

for c in cases:
    print("\t".join(str(x) for x in c))
