#!/usr/bin/env python3
"""The what-if workbench (loansim-serve) tested as its users meet it.

1. Headless Chromium opens the page with the credit ratio moved from 80% to 60% (`?set.KEY=VALUE` moves
   the lever through the page's own input handler, as a hand on the slider does) and waits for the
   answer; the paired change in P(dry within the horizon) the page shows must equal, as a binary64
   number, the one `loansim compare BASE WHATIF` gives on the same seed and paths from the scenario file
   the workbench saved, and `loansim run WHATIF` must give the what-if's P(dry). A negative control (the
   ratio at 70%) must differ, so the equality can fail. Screenshots at 1,400 and 390 px, both languages.
2. Hostile requests (bad numbers, NaN, 1e308, unknown levers, a scenario index out of range, path
   traversal in job ids, oversize and malformed bodies, CRLF and control characters) each get a 4xx
   with a message and leave the output folder as it was.
3. Busy: with one running slot and no queue, a second what-if at once gets 503.
Standard library only.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
BASE = "scenarios/zhengkedai-baseline.yaml"
PATHS = 2000
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def start(out, port, *extra):
    p = subprocess.Popen([f"{BIN}/loansim-serve", BASE, "--port", str(port), "--paths", str(PATHS), "--out", out, *extra],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    banner = p.stdout.readline()
    if "open http://127.0.0.1" not in banner:
        sys.exit(f"FAILED: loansim-serve did not start: {banner}")
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/levers?scenario=0", timeout=5).read()
            return p
        except OSError:
            time.sleep(0.1)
    sys.exit("FAILED: loansim-serve did not answer")


def stop(server):
    """SIGTERM (a graceful shutdown waits for open keep-alive connections), then SIGKILL."""
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


def request(port, path, body=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method="POST" if data is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def page(port, query, width, shot):
    base = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            f"--window-size={width},2400", "--virtual-time-budget=120000"]
    url = f"http://127.0.0.1:{port}/{query}"
    subprocess.run(base + [f"--screenshot={shot}", url], capture_output=True, text=True, timeout=300)
    return subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=300).stdout


def headline(dom):
    m = re.search(r'<div id="headline"([^>]*)>', dom)
    attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(1))) if m else {}
    return attrs


def compare_change(whatif, seed, tmp, name):
    out = os.path.join(tmp, name)
    subprocess.run([f"{BIN}/loansim", "compare", BASE, whatif, "--paths", str(PATHS), "--seed", str(seed), "--out", out, "--quiet"],
                   cwd=ROOT, check=True, capture_output=True)
    rows = json.load(open(os.path.join(out, "compare.json")))["rows"]
    return next(r for r in rows if r["metric"] == "depletion.probability")["differences_vs_first"][0]["mean"]


def main():
    if not CHROMIUM:
        sys.exit("FAILED: no Chromium (apt-get install chromium)")
    tmp = tempfile.mkdtemp(prefix="serve-test-")
    shots = os.path.join(ROOT, "out", "serve-test")
    os.makedirs(shots, exist_ok=True)
    out = os.path.join(tmp, "serve")
    port = 18000 + os.getpid() % 1000
    server = start(out, port)
    try:
        levers = json.loads(request(port, "/api/levers?scenario=0")[1])
        seed = levers["seed"]
        # 1. The page, a lever moved, the answer against the CLI.
        dom = page(port, "?lang=en&set.programme.compensation.credit=60", 1400, os.path.join(shots, "workbench-en-1400.png"))
        h = headline(dom)
        check(h.get("state") == "done", f"the page's answer arrived (state {h.get('state')})")
        job = h.get("job", "")
        whatif = os.path.join(out, job, "whatif.yaml")
        check(os.path.exists(whatif), f"the workbench saved the what-if as a scenario file ({job})")
        if h.get("state") == "done" and os.path.exists(whatif):
            text = open(whatif).read()
            check("'programme.compensation.credit': '60%'" in text, "the saved file sets the credit ratio to 60%")
            cli = compare_change(whatif, seed, tmp, "cmp60")
            check(float(h["change"]) == cli, f"paired change in P(dry) on the page {h['change']} == loansim compare {cli!r}")
            check(float(h["change"]) != 0, "moving the ratio changes P(dry)")
            run = os.path.join(tmp, "run60")
            subprocess.run([f"{BIN}/loansim", "run", whatif, "--paths", str(PATHS), "--seed", str(seed), "--out", run, "--quiet"],
                           cwd=ROOT, check=True, capture_output=True)
            p = json.load(open(os.path.join(run, "summary.json")))["depletion"]["probability"]
            check(p == float(h["whatif"]), f"loansim run of the saved file gives the what-if's P(dry) {p} == {h['whatif']}")
            # The saved download names its base beside it and validates.
            code, body = request(port, f"/api/job/{job}/scenario.yaml")
            saved = os.path.join(ROOT, "scenarios", f".serve-test-{os.getpid()}.yaml")
            try:
                open(saved, "wb").write(body)
                v = subprocess.run([f"{BIN}/loansim", "validate", saved], cwd=ROOT, capture_output=True, text=True)
                check(code == 200 and v.returncode == 0, f"the downloaded scenario validates (exit {v.returncode})")
            finally:
                os.remove(saved)
            code, body = request(port, f"/api/job/{job}/workbook.xlsx")
            check(code == 200 and body[:2] == b"PK", "the what-if's workbook downloads")
            code, body = request(port, f"/api/job/{job}/report/compare?lang=zh")
            check(code == 200 and "<svg" in body.decode(), "the comparison report renders")
            # Negative control: 70% gives another change, so the equality above can fail.
            code, body = request(port, "/api/whatif", {"scenario": 0, "set": {"programme.compensation.credit": "70%"}})
            j = json.loads(body)["id"]
            status = {"state": "queued", "version": -1}
            while status["state"] not in ("done", "failed"):
                status = json.loads(request(port, f"/api/job/{j}?after={status['version']}")[1])
            check(status["change"] != cli, f"negative control: the 70% change {status['change']} differs from the 60% one {cli}")
        for lang, width in (("zh", 1400), ("zh", 390), ("en", 390)):
            d = page(port, f"?lang={lang}&set.programme.compensation.credit=60", width, os.path.join(shots, f"workbench-{lang}-{width}.png"))
            check(headline(d).get("state") == "done", f"page in {lang} at {width} px answers")
        # 2. Hostile requests: a 4xx with a message, nothing written.
        before = sorted(os.listdir(out))
        hostile = [
            ("a ratio of 160%", {"scenario": 0, "set": {"programme.compensation.credit": "160%"}}, 400, "out of range"),
            ("NaN", {"scenario": 0, "set": {"programme.compensation.credit": "NaN"}}, 400, "not a number"),
            ("1e308", {"scenario": 0, "set": {"pool.interest_rate": "1e308"}}, 400, "out of range"),
            ("an unknown lever", {"scenario": 0, "set": {"../../etc/passwd": "1"}}, 400, "not a lever"),
            ("a YAML injection", {"scenario": 0, "set": {"programme.compensation.credit": "60%'\nname: x"}}, 400, "not a number"),
            ("a CRLF value", {"scenario": 0, "set": {"programme.compensation.credit": "60%\r\n"}}, 400, "not a number"),
            ("a text value", {"scenario": 0, "set": {"cohorts[techsme-credit].lgd": "high"}}, 400, "not a number"),
            ("a scenario out of range", {"scenario": 7, "set": {}}, 400, "no scenario"),
            ("a negative scenario", {"scenario": -1, "set": {}}, 400, "no scenario"),
            ("a wrong type", {"scenario": "0", "set": []}, 400, "expected"),
            ("a bad supersedes", {"scenario": 0, "set": {}, "supersedes": "../x"}, 400, "not a job id"),
        ]
        for what, body, want, says in hostile:
            code, answer = request(port, "/api/whatif", body)
            check(code == want and says in answer.decode(), f"hostile: {what} → {code} {answer.decode()[:90]}")
        for what, raw, want in [("a malformed body", b"{scenario:", 400), ("an oversize body", b"{" + b" " * 40000 + b"}", 413),
                                ("a truncated body", b'{"scenario": 0, "set": {"programme.compen', 400)]:
            code, answer = request(port, "/api/whatif", raw=raw)
            check(code == want and b"error" in answer, f"hostile: {what} → {code}")
        for path in ["/api/job/..%2F..%2Fetc%2Fpasswd", "/api/job/w00001/report/..%2F..", "/api/job/x/scenario.yaml", "/api/job/w99999",
                     "/api/levers?scenario=9", "/api/job/w00001/report/etc"]:
            code, answer = request(port, path)
            check(400 <= code < 500 and b"root:" not in answer, f"hostile: GET {path} → {code}")
        check(sorted(os.listdir(out)) == before, "hostile requests wrote nothing")
    finally:
        stop(server)
    # 3. Busy: one slot, no queue.
    server = start(os.path.join(tmp, "busy"), port + 1, "--max-running", "1", "--max-queued", "0")
    try:
        codes = [request(port + 1, "/api/whatif", {"scenario": 0, "set": {"programme.compensation.credit": f"{r}%"}})[0] for r in (61, 62)]
        check(codes[0] == 202 and codes[1] == 503, f"a second what-if beyond the limit is refused as busy ({codes})")
    finally:
        stop(server)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"serve: {len(failures)} failed; screenshots in out/serve-test/")
    sys.exit(1 if failures else 0)


main()
