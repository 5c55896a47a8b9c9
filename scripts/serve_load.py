#!/usr/bin/env python3
"""Load benchmark of the what-if workbench (not a test of speed: figures for docs/performance.md).

Starts loansim-serve (release) on loopback, then CLIENTS threads each send REQUESTS what-ifs (the credit
ratio at a random whole percent from 50% to 90%) and follow each to its answer by long polls. A 503
(busy) is retried after a pause and counted. Prints what-ifs answered, errors (any other non-2xx, a
failed job, a dropped connection), busy answers, the latency of a what-if from submit to answer
(median and 95th percentile), what-ifs per second, and the server's peak memory (VmHWM) after a warm-up
and at the end: memory is bounded when the end is close to the warm-up's. Standard library only.
"""
import json, os, random, statistics, subprocess, sys, threading, time, urllib.error, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIENTS = int(os.environ.get("SERVE_CLIENTS", "20"))
REQUESTS = int(os.environ.get("SERVE_REQUESTS", "10"))
PATHS = int(os.environ.get("SERVE_PATHS", "2000"))
port = 19000 + os.getpid() % 1000


def call(path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def peak_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main():
    out = f"/tmp/serve-load-{os.getpid()}"
    server = subprocess.Popen([os.path.join(ROOT, ".build/release/loansim-serve"), "scenarios/zhengkedai-baseline.yaml", "--port", str(port),
                               "--paths", str(PATHS), "--out", out], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    server.stdout.readline()
    time.sleep(0.5)
    lock = threading.Lock()
    latencies, errors, busy = [], [], [0]

    def one(ratio):
        t0 = time.time()
        while True:
            code, a = call("/api/whatif", {"scenario": 0, "set": {"programme.compensation.credit": f"{ratio}%"}})
            if code == 503:
                with lock:
                    busy[0] += 1
                time.sleep(0.2)
                continue
            break
        if code != 202:
            return errors.append(f"submit {code} {a}")
        status = {"version": -1, "state": "queued"}
        while status["state"] not in ("done", "failed", "cancelled"):
            code, status = call(f"/api/job/{a['id']}?after={status['version']}")
            if code != 200:
                return errors.append(f"poll {code}")
        if status["state"] != "done":
            return errors.append(f"job {status['state']}: {status.get('error')}")
        with lock:
            latencies.append(time.time() - t0)

    def client(k):
        rng = random.Random(k)
        for _ in range(REQUESTS):
            try:
                one(rng.randint(50, 90))
            except Exception as e:  # a dropped connection is an error of the run, counted
                errors.append(repr(e))

    one(70)   # warm-up: the base run is cached
    latencies.clear()
    warm = peak_kb(server.pid)
    t0 = time.time()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    end = peak_kb(server.pid)
    alive = server.poll() is None
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
    subprocess.run(["rm", "-rf", out])
    lat = sorted(latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    print(f"serve load: {CLIENTS} clients × {REQUESTS} what-ifs of {PATHS} paths on loopback: {len(lat)} answered, {len(errors)} errors, "
          f"{busy[0]} busy answers (retried), server {'alive' if alive else 'CRASHED'}")
    print(f"  latency submit → answer: median {statistics.median(lat):.2f} s, p95 {p95:.2f} s; {len(lat) / wall:.2f} what-ifs/s; "
          f"peak memory {warm / 1024:.0f} MB after warm-up, {end / 1024:.0f} MB at the end")
    for e in errors[:5]:
        print("  error:", e)
    sys.exit(0 if not errors and alive and len(lat) == CLIENTS * REQUESTS else 1)


main()
