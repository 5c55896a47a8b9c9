import Foundation
import LoanSim
import LoanSimReport

/// The workbench's page: the levers of the chosen scenario, and the answer of the last what-if — the
/// paired change in P(dry) with its 95% interval as the blocks come in, every compared figure, and the
/// report renderer's own compare and run reports of it (`/api/job/ID/report/…`), with the saved
/// scenario and the workbook to download. Labels come from the report's localisation and the figures'
/// declarations (`ReportLanguage.keyName`, `ComparedFigure.label`): no second label table.
public enum WorkbenchPage {
    /// What `/api/levers` answers: the scenario, its levers and the compared figures' labels and units.
    public struct LeverSet: Codable, Sendable {
        public var scenario: Int
        public var name: String
        public var file: String
        public var paths: Int
        public var seed: UInt32
        public var start: String?
        public var levers: [Lever]
        public var figures: [String: FigureLabel]
    }

    public struct FigureLabel: Codable, Sendable {
        public var label: String
        public var unit: String
    }

    public static func leverSet(bench: Workbench, scenario k: Int, lang: ReportLanguage) throws -> LeverSet {
        let s = bench.scenarios[k].scenario
        var figures: [String: FigureLabel] = [:]
        for m in Comparison.metrics {
            let f = try ComparedFigure(m, for: s)
            figures[f.description] = FigureLabel(label: lang == .zh ? f.label.zh : f.label.en, unit: f.unit)
        }
        return LeverSet(scenario: k, name: s.name, file: bench.scenarios[k].file, paths: bench.paths(k), seed: bench.seed(k),
                        start: s.start.map { "\($0)" }, levers: try bench.levers(k, lang: lang), figures: figures)
    }

    static let text: [ReportLanguage: [String: String]] = [
        .zh: ["title": "LoanSim 假设分析工作台", "levers": "调节项", "answer": "结论", "tag.fact": "事实", "tag.inferred": "推算", "tag.derived": "推导", "tag.assumption": "假设",
              "reset": "恢复", "headline": "资金池在模拟期内耗尽的概率", "base": "基准", "whatif": "假设情景", "change": "变化（百分点）",
              "ci": "95% 区间", "running": "计算中", "paths": "条路径", "done": "完成", "figure": "指标", "save": "保存情景文件",
              "report": "比较报告", "runreport": "假设情景报告", "workbook": "Excel 工作簿", "other": "English", "otherLang": "en",
              "range": "范围", "unit": "单位", "value": "取值", "source": "出处", "busy": "服务器繁忙，请稍后再试",
              "note": "每次调节都在相同随机数（共同随机数）上与基准情景配对比较；区间为蒙特卡洛误差的 95% 区间。"],
        .en: ["title": "LoanSim what-if workbench", "levers": "Levers", "answer": "Answer", "tag.fact": "fact", "tag.inferred": "inferred",
              "tag.derived": "derived", "tag.assumption": "assumption", "reset": "reset", "headline": "P(the pool runs dry within the horizon)", "base": "Base",
              "whatif": "What-if", "change": "Change (percentage points)", "ci": "95% interval", "running": "running", "paths": "paths",
              "done": "done", "figure": "Figure", "save": "Save the scenario file", "report": "Comparison report", "runreport": "What-if report",
              "workbook": "Excel workbook", "other": "中文", "otherLang": "zh", "range": "range", "unit": "unit", "value": "value",
              "source": "source", "busy": "The server is busy; try again shortly",
              "note": "Each move is compared path by path with the base on the same random numbers (common random numbers); intervals are 95% Monte Carlo intervals."],
    ]

    /// The page; throws when its words cannot be written as JSON for the script (never a page without them).
    public static func html(bench: Workbench, lang: ReportLanguage) throws -> String {
        let t = text[lang] ?? [:]
        let words = String(decoding: try JSONEncoder().encode(t), as: UTF8.self)
        let options = bench.scenarios.enumerated().map { k, l in
            "<option value=\"\(k)\">\(escape(l.scenario.name))</option>"
        }.joined()
        return """
        <!doctype html><html lang="\(lang == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(t["title"] ?? ""))</title>
        <style>\(css)</style></head><body>
        <header><h1>\(escape(t["title"] ?? ""))</h1>
        <select id="scenario">\(options)</select> <a id="lang" href="/?lang=\(t["otherLang"] ?? "en")">\(escape(t["other"] ?? ""))</a></header>
        <main><section id="levers-box"><h2>\(escape(t["levers"] ?? ""))</h2><table id="levers"><tbody></tbody></table></section>
        <section id="answer-box"><h2>\(escape(t["answer"] ?? ""))</h2>
        <div id="headline" data-state="idle"><div class="label">\(escape(t["headline"] ?? ""))</div>
        <div class="figures"><span id="hl-base"></span> → <span id="hl-whatif"></span></div>
        <div id="hl-change"></div><progress id="progress" max="1" value="0"></progress><div id="status"></div></div>
        <p class="note">\(escape(t["note"] ?? ""))</p>
        <table id="rows"><thead><tr><th>\(escape(t["figure"] ?? ""))</th><th>\(escape(t["base"] ?? ""))</th><th>\(escape(t["whatif"] ?? ""))</th>
        <th>\(escape(t["change"] ?? ""))</th><th>\(escape(t["ci"] ?? ""))</th></tr></thead><tbody></tbody></table>
        <p id="links"></p><iframe id="run-report" title="report"></iframe><iframe id="compare-report" title="compare"></iframe></section></main>
        <script>const LANG = "\(lang.rawValue)"; const T = \(words);\n\(script)</script></body></html>
        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
    body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#111}header{padding:8px 16px;background:#1e3a8a;color:#fff;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
    header h1{font-size:18px;margin:0}header a{color:#fff}main{display:flex;flex-wrap:wrap;gap:16px;padding:12px}
    #levers-box{flex:1 1 420px;min-width:0}#answer-box{flex:2 1 520px;min-width:0}table{border-collapse:collapse;width:100%;font-size:13px}
    td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}td.num,th.num{text-align:right}
    .tag{font-size:11px;padding:1px 4px;border-radius:3px;background:#e5e7eb}.tag.assumption{background:#fde68a}.tag.fact{background:#bbf7d0}
    input[type=number]{width:7em}input[type=range]{width:100%}.moved{background:#eff6ff}.err{color:#b91c1c}
    #headline{border:2px solid #1e3a8a;border-radius:6px;padding:10px;margin-bottom:8px}#headline .figures{font-size:22px}#hl-change{font-size:18px}
    progress{width:100%}#levers input[type=range]{max-width:100%}
    @media (max-width:640px){#levers td{display:block;border:0;padding:2px 4px}#levers tr{display:block;border-bottom:1px solid #ddd;padding:4px 0}
    #rows{font-size:12px}main{padding:6px}#answer-box{order:-1}}iframe{width:100%;height:640px;border:1px solid #ccc;margin-top:8px}.note{font-size:12px;color:#555}
    """

    static let script = """
    let levers = [], figures = {}, job = null, version = -1, timer = null, scenario = 0;
    const $ = id => document.getElementById(id);
    const pct = x => (x * 100).toFixed(2) + "%";
    const pp = x => (x >= 0 ? "+" : "−") + Math.abs(x * 100).toFixed(2) + " pp";
    function fmt(x, unit) {
      if (typeof x !== "number") return String(x);
      if (unit === "probability") return pct(x);
      return x.toLocaleString(LANG === "zh" ? "zh-CN" : "en", {maximumFractionDigits: 1}) + (unit ? " " + unit : "");
    }
    async function loadLevers() {
      const r = await fetch(`/api/levers?scenario=${scenario}&lang=${LANG}`);
      const set = await r.json();
      levers = set.levers; figures = set.figures;
      const body = $("levers").tBodies[0]; body.innerHTML = "";
      for (const l of levers) {
        const tr = document.createElement("tr"); tr.dataset.key = l.key;
        const shown = l.unit === "%" ? "%" : l.unit === "month" ? "" : l.unit;
        const range = (l.low != null && l.high != null) ? `${T.range} ${l.low}–${l.high} ${shown}` : "";
        const field = l.options
          ? `<select data-key="${esc(l.key)}">` + l.options.map(o => `<option${o === l.value ? " selected" : ""}>${esc(o)}</option>`).join("") + `</select>`
          : `<input type="number" step="any" value="${l.number}" data-key="${esc(l.key)}"> ${esc(shown)}`;
        tr.innerHTML = `<td><div>${esc(l.label)}</div><div class="note">${esc(l.key)} · ${esc(l.source)}</div></td>` +
          `<td><span class="tag ${l.tag}">${esc(T["tag." + l.tag] || l.tag)}</span></td>` +
          `<td>${field}` +
          (range ? `<input type="range" min="${l.low}" max="${l.high}" step="${(l.high - l.low) / 100}" value="${l.number}" data-key="${esc(l.key)}">` : "") +
          `<div class="note">${esc(range)}</div><div class="err"></div></td>`;
        body.appendChild(tr);
      }
      for (const input of body.querySelectorAll("input, select")) input.addEventListener(input.tagName === "SELECT" ? "change" : "input", moved);
      applyQuery();
      submit();
    }
    function esc(s) { return String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c])); }
    function moved(e) {
      const key = e.target.dataset.key;
      for (const i of document.querySelectorAll(`input[data-key="${CSS.escape(key)}"]`)) if (i !== e.target) i.value = e.target.value;
      clearTimeout(timer); timer = setTimeout(submit, 250);
    }
    function changes() {
      const set = {};
      for (const l of levers) {
        const input = document.querySelector(`input[type=number][data-key="${CSS.escape(l.key)}"], select[data-key="${CSS.escape(l.key)}"]`);
        const tr = input.closest("tr");
        if (l.options) {
          if (input.value !== l.value) { set[l.key] = input.value; tr.classList.add("moved"); } else tr.classList.remove("moved");
          continue;
        }
        const v = Number(input.value);
        if (input.value !== "" && v !== l.number) {
          set[l.key] = l.unit === "%" ? `${input.value}%` : l.unit === "万元" ? `${input.value}万` : input.value;
          tr.classList.add("moved");
        } else tr.classList.remove("moved");
      }
      return set;
    }
    // ?set.KEY=VALUE moves a lever on load, as a hand on the slider would (the browser test uses it).
    function applyQuery() {
      for (const [k, v] of new URLSearchParams(location.search)) {
        if (!k.startsWith("set.")) continue;
        const input = document.querySelector(`input[type=number][data-key="${CSS.escape(k.slice(4))}"], select[data-key="${CSS.escape(k.slice(4))}"]`);
        if (input) { input.value = v; input.dispatchEvent(new Event(input.tagName === "SELECT" ? "change" : "input")); }
      }
    }
    async function submit() {
      for (const e of document.querySelectorAll(".err")) e.textContent = "";
      const body = {scenario, set: changes(), lang: LANG};
      if (job) body.supersedes = job;
      const r = await fetch("/api/whatif", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
      const a = await r.json();
      if (!r.ok) { $("status").textContent = r.status === 503 ? T.busy : a.error; $("status").className = "err"; $("headline").dataset.state = "refused"; return; }
      $("status").className = ""; job = a.id; version = -1; $("headline").dataset.state = "running"; $("headline").dataset.job = job;
      poll(a.id);
    }
    async function poll(id) {
      while (id === job) {
        const r = await fetch(`/api/job/${id}?after=${version}`);
        const s = await r.json();
        if (id !== job) return;
        version = s.version;
        show(s);
        if (["done", "cancelled", "failed"].includes(s.state)) return;
      }
    }
    function show(s) {
      $("progress").max = s.total; $("progress").value = s.done;
      $("status").textContent = s.state === "failed" ? s.error : `${T[s.state === "done" ? "done" : "running"]}: ${s.done} / ${s.total} ${T.paths}`;
      if (s.change != null) $("hl-change").textContent = `${T.change}: ${pp(s.change)}` + (s.se != null ? ` ± ${(1.96 * s.se * 100).toFixed(2)}` : "");
      if (s.state !== "done") return;
      const h = s.answer.rows.find(r => r.metric === "depletion.probability");
      const hl = $("headline");
      hl.dataset.state = "done"; hl.dataset.change = String(h.change); hl.dataset.base = String(h.base); hl.dataset.whatif = String(h.whatIf);
      $("hl-base").textContent = `${T.base} ${pct(h.base)}`; $("hl-whatif").textContent = `${T.whatif} ${pct(h.whatIf)}`;
      $("hl-change").textContent = `${T.change}: ${pp(h.change)} [${pp(h.low)}, ${pp(h.high)}]`;
      const body = $("rows").tBodies[0]; body.innerHTML = "";
      for (const r of s.answer.rows) {
        const f = figures[r.metric] || {label: r.metric, unit: ""};
        const prob = r.metric.startsWith("depletion");
        const u = prob ? "probability" : f.unit;
        const d = prob ? pp(r.change) : fmt(r.change, f.unit);
        const ci = prob ? `[${pp(r.low)}, ${pp(r.high)}]` : `[${fmt(r.low, "")}, ${fmt(r.high, "")}]`;
        body.insertAdjacentHTML("beforeend", `<tr><td>${esc(f.label)}</td><td class="num">${fmt(r.base, u)}</td><td class="num">${fmt(r.whatIf, u)}</td><td class="num">${d}</td><td class="num">${ci}</td></tr>`);
      }
      $("links").innerHTML = `<a href="/api/job/${s.id}/scenario.yaml">${T.save}</a> · <a href="/api/job/${s.id}/report/compare?lang=${LANG}" target="_blank">${T.report}</a> · ` +
        `<a href="/api/job/${s.id}/report/whatif?lang=${LANG}" target="_blank">${T.runreport}</a> · <a href="/api/job/${s.id}/workbook.xlsx?lang=${LANG}">${T.workbook}</a>`;
      $("run-report").src = `/api/job/${s.id}/report/whatif?lang=${LANG}`;
      $("compare-report").src = `/api/job/${s.id}/report/compare?lang=${LANG}`;
    }
    $("scenario").addEventListener("change", e => { scenario = Number(e.target.value); job = null; loadLevers(); });
    loadLevers();
    """
}
