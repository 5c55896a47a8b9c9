import Foundation
import Hummingbird
import LoanSimReport
import LoanSimWorkbench

/// The workbench's HTTP surface. Every answer is built from the workbench's own state; no request names
/// a file: jobs are found by their id (checked against `w` + digits), reports are rendered from the
/// job's folder, the saved scenario is the job's own text. Bodies are limited to `bodyLimit` bytes.
struct WorkbenchRoutes: Sendable {
    let bench: Workbench
    static let bodyLimit = 16 * 1024

    /// What a what-if request carries.
    struct WhatIfRequest: Decodable {
        var scenario: Int
        var set: [String: String]
        var lang: String?
        var supersedes: String?
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { request, _ in
            do {
                return html(try WorkbenchPage.html(bench: bench, lang: language(request)))
            } catch {
                return problem(.internalServerError, "\(error)")
            }
        }
        router.get("/api/levers") { request, _ in
            let k = Int(request.uri.queryParameters["scenario"].map(String.init) ?? "0") ?? -1
            guard bench.scenarios.indices.contains(k) else { return problem(.badRequest, "no scenario '\(k)': 0…\(bench.scenarios.count - 1)") }
            do {
                return try json(WorkbenchPage.leverSet(bench: bench, scenario: k, lang: language(request)))
            } catch {
                return problem(.internalServerError, "\(error)")
            }
        }
        router.post("/api/whatif") { request, _ in
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: Self.bodyLimit) } catch {
                return problem(.contentTooLarge, "a what-if is at most \(Self.bodyLimit) bytes")
            }
            let what: WhatIfRequest
            do {
                what = try JSONDecoder().decode(WhatIfRequest.self, from: Data(body.readableBytesView))
            } catch {
                return problem(.badRequest, "expected {\"scenario\": 0, \"set\": {\"programme.compensation.credit\": \"60%\"}}: \(error)")
            }
            if let s = what.supersedes, !Self.isJobID(s) { return problem(.badRequest, "'supersedes' is not a job id") }
            do {
                let job = try bench.submit(scenario: what.scenario, set: what.set, lang: ReportLanguage(rawValue: what.lang ?? "zh") ?? .zh,
                                           supersedes: what.supersedes)
                return try json(["id": job.id], status: .accepted)
            } catch let e as BusyError {
                return problem(.serviceUnavailable, e.text)
            } catch {
                return problem(.badRequest, "\(error)")
            }
        }
        router.get("/api/job/:id") { request, context in
            guard let job = job(context) else { return problem(.notFound, "no such what-if") }
            let after = Int(request.uri.queryParameters["after"].map(String.init) ?? "") ?? -1
            return try json(after >= 0 ? await job.wait(after: after) : job.snapshot)
        }
        router.get("/api/job/:id/report/:kind") { request, context in
            guard let job = job(context), job.snapshot.state == .done else { return problem(.notFound, "no finished what-if of that id") }
            let folders = ["compare": "", "whatif": "/scenario-1", "base": "/scenario-0"]
            guard let sub = folders[context.parameters.get("kind") ?? ""] else { return problem(.notFound, "reports: compare, whatif, base") }
            do {
                return html(Report.html(try ReportInput.load(job.folder + sub), lang: language(request)))
            } catch {
                return problem(.internalServerError, "\(error)")
            }
        }
        router.get("/api/job/:id/scenario.yaml") { _, context in
            guard let job = job(context) else { return problem(.notFound, "no such what-if") }
            let base = bench.scenarios[job.scenario]
            let text = job.whatIf.yaml(savedIn: (base.file as NSString).deletingLastPathComponent, baseName: base.scenario.name, horizonMonths: base.scenario.horizonMonths)
            let name = ((base.file as NSString).lastPathComponent as NSString).deletingPathExtension + "-whatif-\(job.id).yaml"
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"\(name)\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/api/job/:id/workbook.xlsx") { request, context in
            guard let job = job(context), job.snapshot.state == .done else { return problem(.notFound, "no finished what-if of that id") }
            let path = job.folder + "/workbook-\(UUID().uuidString).xlsx.tmp"
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                try Workbook.write(try ReportInput.load(job.folder + "/scenario-1"), lang: language(request), to: path)
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                return Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                       .contentDisposition: "attachment; filename=\"whatif-\(job.id).xlsx\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch {
                return problem(.internalServerError, "\(error)")
            }
        }
        return router
    }

    static func isJobID(_ s: String) -> Bool { s.count == 6 && s.hasPrefix("w") && s.dropFirst().allSatisfy(\.isASCII) && s.dropFirst().allSatisfy(\.isNumber) }

    func job(_ context: BasicRequestContext) -> Job? {
        guard let id = context.parameters.get("id"), Self.isJobID(id) else { return nil }
        return bench.job(id)
    }

    func language(_ request: Request) -> ReportLanguage { request.uri.queryParameters["lang"] == "en" ? .en : .zh }

    func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .init("X-Content-Type-Options")!: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// `{"error": message}` with the status: the message says what was wrong and what is allowed.
    func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var escaped = ""
        for u in message.unicodeScalars {
            switch u {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029: escaped += String(format: "\\u%04x", u.value)
            default: escaped.unicodeScalars.append(u)
            }
        }
        let text = "{\"error\":\"" + escaped + "\"}"
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
