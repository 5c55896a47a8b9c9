#!/usr/bin/env python3
"""Real-browser test of LoanSim's HTML reports.

Headless Chromium opens each report kind (run, compare, sweep, a run with a plan, the backcast, a loan
tape, the angel fund, the city's whole book, a t copula and an importance-sampled run; Chinese and English), takes a screenshot
and dumps the DOM. The eight kinds a director reads (all but the last two) are laid out on a 1,400 px
screen and on a 390 px phone; the others at 1,400 px. A report fails on: a console message of any level
(the reports carry no scripts), a missing chart, a chart with no drawing in it, a blank page, a page
wider than the screen, a table wider than its box, a chart box wider than the page, chart text outside
its chart or overlapping other text, text under 10 px (SVG text measured as drawn), a label wrapping a
character a line, and in a Chinese report any ASCII word outside an allow-list (units, codes, and the
scenario's own names; the provenance tables and code spans are data); an importance-sampled run's
report must say its histograms are weighted. Negative controls (a page that logs a console error; a page
with an overflowing table, overlapping labels and English words; a phone page with 5 px chart text, a
label a character a line and a page wider than the screen) must be caught, so each check can fail.
Standard library only.
"""
import os, re, shutil, struct, subprocess, sys, tempfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("LOANSIM_BIN", os.path.join(ROOT, ".build", "release", "loansim"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

RUN_CHARTS = ["fan", "depletion-by-year", "loss-gross_loss", "loss-pool_paid", "loss-bank_net_loss"]
EXPECTED = {
    "run": RUN_CHARTS + ["tornado"],
    "plan": RUN_CHARTS + ["tornado"],
    "backcast": RUN_CHARTS,
    "fund": RUN_CHARTS,
    "compare": ["compare-gross_loss", "compare-pool_paid", "compare-depletion", "diff-pool_paid", "diff-bank_net_loss", "diff-depletion"],
    "sweep": ["heat-p_depleted", "heat-pool_paid_wan", "heat-bank_net_loss_wan"],
    "tape": RUN_CHARTS,
    "tcopula": RUN_CHARTS,
    "importance": RUN_CHARTS,
    "city": RUN_CHARTS + ["contributions-fiscal_cost-pool", "contributions-pool_paid-cohort"],
}
# The report kinds a phone must show whole, checked at 390 px as well as 1400 px.
PHONE_KINDS = ["run", "compare", "sweep", "plan", "backcast", "tape", "fund", "city"]
WIDTHS = (1400, 390)

# What a page must say, by kind and language: an importance-sampled run's histograms are weighted.
MUST_SAY = {("importance", "en"): ["Probability (weighted paths)", "Importance sampling"],
            ("importance", "zh"): ["概率（加权路径）", "重要性抽样"]}


# Words a Chinese report may show in Latin letters: units, statistics, codes and acronyms.
ASCII_ALLOWED = {"LoanSim", "loansim", "P", "VaR", "ES", "RAROC", "SHA", "PD", "LGD", "CRN", "Y", "pp", "Z", "z", "t", "TVPI", "DPI", "IRR", "NAV"}

LAYOUT_SCRIPT = """<script>
(function () {
  var out = {overflow: [], overlap: [], text: ""};
  document.querySelectorAll('.scroll').forEach(function (d, i) {
    if (d.scrollWidth > d.clientWidth + 1) out.overflow.push('table ' + i + ' is ' + d.scrollWidth + ' px in ' + d.clientWidth + ' px');
  });
  var page = document.body.getBoundingClientRect();
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.overflow.push('page is ' + document.documentElement.scrollWidth + ' px wide on a ' + window.innerWidth + ' px screen');
  document.querySelectorAll('.chart').forEach(function (c) {
    if (c.getBoundingClientRect().right > page.right + 1) out.overflow.push('chart box ' + c.firstChild.getAttribute('data-chart') + ' is wider than the page');
  });
  // Text under 10 px: an SVG's text scales with the drawing.
  out.small = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim().length > 0; });
    if (!own) return;
    var b = e.getBoundingClientRect();
    if (b.width === 0 || b.height === 0) return;
    var size = parseFloat(getComputedStyle(e).fontSize), svg = e.closest('svg');
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < 9.95) out.small.push('"' + e.textContent.trim().slice(0, 30) + '" at ' + size.toFixed(1) + ' px');
  });
  // A label wrapping a character a line: three lines or more of about one character each.
  out.wrapped = [];
  document.querySelectorAll('td, th, li, p, h1, h2, h3, span, div').forEach(function (e) {
    if (e.closest('svg')) return;
    var text = e.textContent.replace(/\s+/g, '');
    if (text.length < 3 || e.children.length > 0) return;
    // The text's own line boxes (a cell is as tall as its row: its height says nothing).
    var range = document.createRange(); range.selectNodeContents(e);
    var half = parseFloat(getComputedStyle(e).fontSize) / 2, tops = [];
    Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops.push(r.top); });
    tops.sort(function (a, b) { return a - b; });
    var lines = 0, last = -1e9;
    tops.forEach(function (t) { if (t - last > half) { lines++; last = t; } });
    if (lines >= 3 && text.length / lines < 2.5) out.wrapped.push('"' + text.slice(0, 20) + '" in ' + lines + ' lines');
  });
  document.querySelectorAll('svg').forEach(function (svg) {
    var r = svg.getBoundingClientRect(), name = svg.getAttribute('data-chart');
    if (!svg.parentElement.classList.contains('chart') && r.right > page.right + 1) out.overflow.push('chart ' + name + ' is wider than the page');
    var texts = Array.prototype.slice.call(svg.querySelectorAll('text')).map(function (t) { return {t: t.textContent, b: t.getBoundingClientRect()}; })
      .filter(function (x) { return x.t.trim().length > 0; });
    texts.forEach(function (x) {
      if (x.b.left < r.left - 1 || x.b.right > r.right + 1 || x.b.top < r.top - 1 || x.b.bottom > r.bottom + 1)
        out.overflow.push('chart ' + name + ': "' + x.t + '" outside the chart');
    });
    for (var i = 0; i < texts.length; i++) for (var j = i + 1; j < texts.length; j++) {
      var a = texts[i].b, b = texts[j].b;
      var w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 2) out.overlap.push(name + ': "' + texts[i].t + '" over "' + texts[j].t + '"');
    }
  });
  var clone = document.body.cloneNode(true);
  clone.querySelectorAll('code, .provenance, title, script').forEach(function (e) { e.remove(); });
  // Each chart label and table cell is a word apart: textContent would join "bank-a" and "bank-b" as "bank-abank-b".
  clone.querySelectorAll('text, td, th').forEach(function (e) { e.append(' '); });
  out.text = clone.textContent;
  var pre = document.createElement('pre'); pre.id = 'layout-check'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def layout(html_path, allowed_names, width=1000):
    """Overflow, overlapping text, text under 10 px, labels wrapping a character a line and (Chinese)
    stray ASCII words, measured in Chromium on a screen `width` px wide."""
    import json
    text = open(html_path, encoding="utf-8").read()
    probe = html_path + f".probe{width}.html"
    open(probe, "w", encoding="utf-8").write(text.replace("</body>", LAYOUT_SCRIPT + "</body>"))
    dom, _ = chromium("file://" + probe, probe + ".png", width=width, shot=False)
    os.remove(probe)
    m = re.search(r'<pre id="layout-check">(.*?)</pre>', dom, re.S)
    if not m:
        return ["layout probe did not run"]
    import html as h
    out = json.loads(h.unescape(m.group(1)))
    problems = [f"overflow: {x}" for x in out["overflow"][:5]] + [f"overlap: {x}" for x in out["overlap"][:5]]
    problems += [f"small text: {x}" for x in out["small"][:5]] + [f"wraps a character a line: {x}" for x in out["wrapped"][:5]]
    problems = [f"{width} px: {p}" for p in problems]
    if 'lang="zh' in text:
        words = set(re.findall(r"[A-Za-z][A-Za-z_]*", out["text"]))
        # A scenario name cut short under a chart ("… calibrated to th…") leaves a prefix of one of its words.
        stray = sorted(w for w in words if w not in ASCII_ALLOWED and not any(n.startswith(w) for n in allowed_names))
        if stray:
            problems.append(f"English in the Chinese report: {', '.join(stray[:12])}")
    return problems


def scenario_names(folder):
    """Words in the names a scenario gives (scenario, cohorts, banks, pools, funders, stresses, sectors, the
    tape's file and rules cohorts): data, not prose."""
    import json
    names = set()
    for root, _, files in os.walk(folder):
        for f in files:
            if f in ("scenario.json", "summary.json", "compare.json"):
                def walk(v, key=""):
                    if isinstance(v, dict):
                        for k, x in v.items():
                            walk(x, k)
                    elif isinstance(v, list):
                        for x in v:
                            walk(x, key)
                    elif isinstance(v, str) and key in ("name", "funder", "pool", "file", "sector", "rules", "tape"):
                        names.update(re.findall(r"[A-Za-z][A-Za-z_]*", v))
                walk(json.load(open(os.path.join(root, f), encoding="utf-8")))
    return names


def run(cmd):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    return r


def chromium(url, screenshot, width=1000, shot=True):
    base = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--enable-logging=stderr", "--v=0", f"--window-size={width},2400", "--virtual-time-budget=3000"]
    taken = subprocess.run(base + [f"--screenshot={screenshot}", url], capture_output=True, text=True, timeout=120) if shot else None
    dom = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    console = [l for l in ((taken.stderr if taken else "") + dom.stderr).splitlines() if "CONSOLE" in l or "Uncaught" in l]
    return dom.stdout, console


def png_ink(path):
    """Share of pixels that are not (near) white, decoding the PNG with zlib."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
            assert depth == 8, "8-bit PNG expected"
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    ink = total = 0
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if y % 4 == 0:
            for x in range(0, width, 4):
                px = line[x * channels:x * channels + 3]
                total += 1
                if min(px) < 235:
                    ink += 1
    return ink / max(total, 1)


def check(kind, html, shots, names=frozenset()):
    problems = []
    for width in WIDTHS if kind in PHONE_KINDS else WIDTHS[:1]:
        problems += layout(html, names, width)
    name = os.path.basename(html)
    # The screenshot a person looks at: the page at 1400 px, and at 390 px for the phone kinds.
    if kind in PHONE_KINDS:
        chromium("file://" + html, os.path.join(shots, f"{kind}-{name}-390.png"), width=390)
    dom, console = chromium("file://" + html, os.path.join(shots, f"{kind}-{name}.png"), width=WIDTHS[0])
    if console:
        problems.append(f"{name}: console output: {console[:3]}")
    if len(dom) < 2000 or "<h1>" not in dom:
        problems.append(f"{name}: empty page")
    for chart in EXPECTED[kind]:
        m = re.search(r'<svg data-chart="%s"[^>]*>(.*?)</svg>' % re.escape(chart), dom, re.S)
        if not m:
            problems.append(f"{name}: missing chart {chart}")
        elif len(re.findall(r"<(rect|polyline|polygon|circle|line)\b", m.group(1))) < 5:
            problems.append(f"{name}: chart {chart} has nothing drawn")
    if re.search(r"(src|href)=\"https?://", dom):
        problems.append(f"{name}: refers to the network")
    ink = png_ink(os.path.join(shots, f"{kind}-{name}.png"))
    if ink < 0.01:
        problems.append(f"{name}: screenshot is blank ({ink:.4f} of pixels inked)")
    return problems, ink


def main():
    if not CHROMIUM:
        sys.exit("FAILED: chromium not found (scripts/browser-test.sh installs it)")
    work = tempfile.mkdtemp(prefix="loansim-browser-")
    shots = os.environ.get("SCREENSHOTS", os.path.join(work, "shots"))
    os.makedirs(shots, exist_ok=True)
    run([BIN, "run", "scenarios/zhengkedai-baseline.yaml", "--paths", "2000", "--out", f"{work}/run", "--quiet"])
    run([BIN, "compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-ratio-60.yaml", "scenarios/policy-pool-doubled.yaml",
         "--paths", "1000", "--out", f"{work}/compare", "--quiet"])
    run([BIN, "sweep", "scenarios/zhengkedai-baseline.yaml", "--set", "programme.compensation.credit=60%,80%",
         "--set", "pool.initial=1亿,2亿", "--paths", "500", "--out", f"{work}/sweep", "--quiet"])
    run([BIN, "run", "scenarios/bank-tape-example.yaml", "--paths", "1000", "--out", f"{work}/tape", "--quiet"])
    run([BIN, "run", "scenarios/zhengkedai-t-copula.yaml", "--paths", "1000", "--out", f"{work}/tcopula", "--quiet"])
    run([BIN, "run", "scenarios/zhengkedai-baseline.yaml", "--paths", "1000", "--importance", "2", "--out", f"{work}/importance", "--quiet"])
    run([BIN, "plan", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5<=0.1", "--vary", "pool.initial", "--range", "5000:40000",
         "--paths", "500", "--out", f"{work}/planfile", "--quiet"])
    run([BIN, "run", "scenarios/zhengkedai-baseline.yaml", "--paths", "500", "--out", f"{work}/plan", "--quiet"])
    run([BIN, "run", "scenarios/zhengzhou-backcast-2018-2025.yaml", "--paths", "1000", "--out", f"{work}/backcast", "--quiet"])
    run([BIN, "run", "scenarios/zhengzhou-angel-fund-2024.yaml", "--paths", "1000", "--out", f"{work}/fund", "--quiet"])
    run([BIN, "run", "scenarios/zhengzhou-city-book-2025.yaml", "--paths", "500", "--out", f"{work}/city", "--quiet"])
    failures, passed = [], 0
    for kind in ["run", "compare", "sweep", "plan", "backcast", "tape", "fund", "city", "tcopula", "importance"]:
        for lang in ["zh", "en"]:
            run([BIN, "report", f"{work}/{kind}", "--lang", lang] + (["--plan", f"{work}/planfile/plan.json"] if kind == "plan" else []))
            problems, ink = check(kind, f"{work}/{kind}/report.{lang}.html", shots, scenario_names(f"{work}/{kind}"))
            page = open(f"{work}/{kind}/report.{lang}.html", encoding="utf-8").read()
            problems += [f"{kind} ({lang}): does not say {text!r}" for text in MUST_SAY.get((kind, lang), []) if text not in page]
            widths = " and ".join(f"{w} px" for w in (WIDTHS if kind in PHONE_KINDS else WIDTHS[:1]))
            print(f"{'ok  ' if not problems else 'FAIL'} {kind} report ({lang}) at {widths}: {len(EXPECTED[kind])} charts checked, {ink:.1%} of the page inked")
            failures += problems
            passed += not problems
    # Negative control: the console check must catch a page that logs an error.
    bad = os.path.join(work, "bad.html")
    open(bad, "w").write("<!DOCTYPE html><html><body><h1>x</h1><script>console.error('deliberate error')</script></body></html>")
    _, console = chromium("file://" + bad, os.path.join(shots, "bad.png"))
    if console:
        print("ok   negative control: a console error is detected")
        passed += 1
    else:
        failures.append("negative control: a page logging console.error was not caught")
    # Negative controls for the layout probe: each defect it looks for must be found.
    worse = os.path.join(work, "worse.html")
    open(worse, "w").write('<!DOCTYPE html><html lang="zh-CN"><body style="max-width:300px"><h1>x</h1>'
                           '<div class="scroll" style="overflow-x:auto"><table><tr><td style="white-space:nowrap">' + "宽" * 80 + '</td></tr></table></div>'
                           '<svg data-chart="c" width="200" height="60"><text x="10" y="20">标签一</text><text x="12" y="22">标签二</text></svg>'
                           '<p>overdue rate 超过</p></body></html>')
    found = layout(worse, set())
    for what in ("overflow: table", "overlap:", "English in the Chinese report: overdue, rate"):
        if any(what in p for p in found):
            passed += 1
            print(f"ok   negative control: {what.split(':')[0]} is detected")
        else:
            failures.append(f"negative control: {what} not detected in {found}")
    # Negative controls for the phone: text scaled under 10 px, a label wrapping a character a line, a page
    # wider than the screen: each must be found at 390 px.
    phone = os.path.join(work, "phone.html")
    open(phone, "w").write('<!DOCTYPE html><html lang="zh-CN"><body><h1>x</h1>'
                           '<svg data-chart="c" viewBox="0 0 928 100" style="width:100%"><text x="10" y="20" style="font-size:11px">标签</text></svg>'
                           '<table><tr><td style="width:1em;white-space:normal">资金池余额</td></tr></table>'
                           '<div style="width:700px">宽</div></body></html>')
    found = layout(phone, set(), 390)
    for what in ("small text", "wraps a character a line", "overflow: page is"):
        if any(p.startswith(f"390 px: {what}") for p in found):
            passed += 1
            print(f"ok   negative control: {what} is detected at 390 px")
        else:
            failures.append(f"negative control: {what} not detected at 390 px in {found}")
    for f in failures:
        print("  " + f)
    print(f"browser: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
