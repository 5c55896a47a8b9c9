import LoanSimFiles
import Crypto
import Foundation

/// Checks that a folder's files are one result set: every file its `manifest.json` names is present
/// with the recorded SHA-256. A folder without a manifest (written before manifests existed, or a
/// single-file output) is read as it is.
public enum ResultSetCheck {
    public static func verify(_ directory: String) throws {
        let path = directory + "/manifest.json"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let manifest = try readJSON(path)
        guard let files = manifest["files"] as? [String: Any] else { throw ReportError(text: "\(path): no \"files\" object") }
        for (name, entry) in files.sorted(by: { $0.key < $1.key }) {
            guard let expected = (entry as? [String: Any])?["sha256"] as? String else {
                throw ReportError(text: "\(path): files.\(name): no sha256")
            }
            guard !name.contains("/"), let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw ReportError(text: "\(directory): \(name) is missing but \(path) lists it; the folder is not a complete result set, run again")
            }
            let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard actual == expected else {
                throw ReportError(text: "\(directory): \(name) does not match \(path) (another run or an edit changed it); the files are not one result set, run again")
            }
        }
    }
}
