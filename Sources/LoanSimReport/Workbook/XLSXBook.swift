import CXLSX
import Foundation

/// A thin, checked layer over libxlsxwriter: a workbook of sheets holding tables (text, numbers with an
/// Excel number format, blanks) and native Excel charts over those tables. Every libxlsxwriter call that
/// can fail is checked and a failure thrown with the library's reason: a workbook is whole or not written.
/// The creation time is fixed, so the same run gives the same bytes.
final class XLSXBook {
    /// How a number cell is shown; the value itself is stored unrounded.
    enum NumberFormat: CaseIterable {
        /// 万元 with one decimal and thousands separators (the unit is in the column header).
        case money
        /// A probability or share as a percentage with one decimal; `fineProbability` with two (standard errors).
        case probability, fineProbability
        /// A whole count, or a plain number with two to four decimals.
        case count, plain

        var excel: String {
            switch self {
            case .money: return "#,##0.0"
            case .probability: return "0.0%"
            case .fineProbability: return "0.00%"
            case .count: return "#,##0"
            case .plain: return "#,##0.00##"
            }
        }
    }

    enum Cell {
        case text(String)
        case number(Double, NumberFormat)
        case blank
    }

    let book: UnsafeMutablePointer<lxw_workbook>
    let path: String
    private var formats: [NumberFormat: UnsafeMutablePointer<lxw_format>] = [:]
    private let bold: UnsafeMutablePointer<lxw_format>
    private let wrap: UnsafeMutablePointer<lxw_format>
    private var closed = false

    /// Opens `path` for writing (the caller's temporary path; it is renamed into place by the caller).
    init(path: String) throws {
        guard let book = workbook_new(path) else { throw ReportError(text: "\(path): libxlsxwriter cannot create the workbook there") }
        self.book = book
        self.path = path
        // A fixed creation time: the workbook's bytes depend on the run alone (2000-01-01T00:00:00Z).
        var properties = lxw_doc_properties()
        properties.created = 946_684_800
        guard let bold = workbook_add_format(book), let wrap = workbook_add_format(book) else { throw ReportError(text: "\(path): libxlsxwriter: out of memory") }
        format_set_bold(bold)
        format_set_text_wrap(wrap)
        format_set_align(wrap, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        (self.bold, self.wrap) = (bold, wrap)
        try check(workbook_set_properties(book, &properties), "the document properties")
        for f in NumberFormat.allCases {
            guard let format = workbook_add_format(book) else { throw ReportError(text: "\(path): libxlsxwriter: out of memory") }
            format_set_num_format(format, f.excel)
            formats[f] = format
        }
    }

    deinit {
        // A workbook abandoned on an error is still closed, to free it; the caller removes its file.
        if !closed { _ = workbook_close(book) }
    }

    func check(_ error: lxw_error, _ what: String) throws {
        guard error == LXW_NO_ERROR else {
            throw ReportError(text: "\(path): libxlsxwriter cannot write \(what): \(String(cString: lxw_strerror(error)))")
        }
    }

    /// A new sheet named `name` (at most 31 characters, none of `[]:*?/\`).
    func sheet(_ name: String) throws -> Sheet {
        guard let ws = workbook_add_worksheet(book, name) else { throw ReportError(text: "\(path): libxlsxwriter refuses the sheet name \(name)") }
        return Sheet(book: self, ws: ws, name: name)
    }

    /// Writes the file; the workbook cannot be used after.
    func close() throws {
        closed = true
        try check(workbook_close(book), "the file")
    }

    final class Sheet {
        unowned let book: XLSXBook
        let ws: UnsafeMutablePointer<lxw_worksheet>
        let name: String
        /// The next free row, and each column's widest content (in Excel's character widths).
        private(set) var row: UInt32 = 0
        private var widths: [UInt16: Double] = [:]

        init(book: XLSXBook, ws: UnsafeMutablePointer<lxw_worksheet>, name: String) { (self.book, self.ws, self.name) = (book, ws, name) }

        func write(_ cell: Cell, row r: UInt32, col c: UInt16, bold: Bool = false) throws {
            switch cell {
            case .text(let s):
                try book.check(worksheet_write_string(ws, r, c, s, bold ? book.bold : nil), "\(name)!R\(r + 1)C\(c + 1)")
                widths[c] = max(widths[c] ?? 0, Self.width(of: s))
            case .number(let x, let f):
                // Excel has no NaN or infinity: a figure that is not defined is left blank.
                guard x.isFinite else { return }
                try book.check(worksheet_write_number(ws, r, c, x, book.formats[f]), "\(name)!R\(r + 1)C\(c + 1)")
                widths[c] = max(widths[c] ?? 0, 12)
            case .blank:
                return
            }
        }

        /// Leaves `rows` empty rows (room for a chart placed below a table).
        func skip(rows n: UInt32) { row += n }

        /// A heading line (bold) and a blank line before the next block.
        func heading(_ text: String) throws {
            if row > 0 { row += 1 }
            try write(.text(text), row: row, col: 0, bold: true)
            widths[0] = max(0, (widths[0] ?? 0) - Self.width(of: text))  // a heading spans columns: it does not widen the first
            row += 1
        }

        /// A sentence across the sheet (wrapped in a wide first column).
        func sentence(_ text: String) throws {
            try book.check(worksheet_write_string(ws, row, 0, text, book.wrap), "\(name)!R\(row + 1)C1")
            row += 1
        }

        /// A table: a bold header row, then the rows. Returns the 0-based rows of the body (for charts).
        @discardableResult
        func table(_ header: [String], _ rows: [[Cell]]) throws -> ClosedRange<UInt32> {
            for (c, h) in header.enumerated() { try write(.text(h), row: row, col: UInt16(c), bold: true) }
            row += 1
            let first = row
            for cells in rows {
                for (c, cell) in cells.enumerated() { try write(cell, row: row, col: UInt16(c)) }
                row += 1
            }
            return first...max(first, row - 1)
        }

        /// Sets each used column's width from its widest content (CJK characters count double).
        func fitColumns(firstColumnAtMost cap: Double = 48) throws {
            for (c, w) in widths {
                let width = min(c == 0 ? cap : 40, max(8, w + 2))
                try book.check(worksheet_set_column(ws, c, c, width, c == 0 ? book.wrap : nil), "\(name)'s column widths")
            }
        }

        static func width(of s: String) -> Double {
            s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        }
    }
}
