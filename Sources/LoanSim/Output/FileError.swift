import Foundation

/// Why a file could not be read or written, in the system's words.
public enum FileError {
    /// The system's reason for a file system error (`strerror` of its POSIX cause where it has one).
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        // Foundation's codes without a POSIX cause (`createDirectory` gives these), as `strerror` says them.
        let posix: [Int: Int32] = [4: ENOENT, 257: EACCES, 260: ENOENT, 513: EACCES, 516: EEXIST, 640: ENOSPC, 642: EROFS]
        if ns.domain == NSCocoaErrorDomain, let code = posix[ns.code] { return String(cString: strerror(code)) }
        return ns.localizedDescription
    }

    /// A file system error from Foundation in words: the path and the system's reason instead of the
    /// error's debug description, with exit 73 for a failed write and 74 (`EX_IOERR`) otherwise. Nil
    /// for other errors.
    public static func describe(_ error: Error) -> OutputError? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain, let path = ns.userInfo[NSFilePathErrorKey] as? String else { return nil }
        return OutputError(text: "\(path): \(reason(error))", exitCode: (512..<768).contains(ns.code) && ns.code != 640 ? 73 : 74)
    }
}
