import Foundation

/// The output folder of a command, checked before any work.
///
/// A run can take minutes: an `--out` it cannot write into (a file of that name, a folder above it that
/// is a file or not writable) is refused before the first path, with exit 73 (`EX_CANTCREAT`), not
/// after the simulation. Nothing is created by the check: a refused or interrupted command leaves the
/// file system as it was. What the check cannot foresee (a file system that refuses the folder itself,
/// a disk that fills up) fails at the write, also with exit 73 and the path and the system's reason
/// (`FileError`).
public enum OutputDirectory {
    /// Refuses an output folder this process could not create or write into.
    public static func check(_ directory: String) throws {
        let path = directory.isEmpty ? "." : directory
        if let isFolder = kind(of: path) {
            guard isFolder else {
                throw OutputError(text: "cannot write into \(directory): it is a file, not a folder (give --out a new or an existing folder)")
            }
            guard access(path, W_OK | X_OK) == 0 else {
                throw OutputError(text: "cannot write into \(directory): \(String(cString: strerror(errno)))")
            }
            return
        }
        // The nearest existing folder above it must be a folder this process can create entries in.
        var above = PathName.parent(path)
        while !above.isEmpty, kind(of: above) == nil { above = PathName.parent(above) }
        let parent = above.isEmpty ? "." : above
        guard kind(of: parent) == true else {
            throw OutputError(text: "cannot create \(directory): \(parent) is a file, not a folder")
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw OutputError(text: "cannot create \(directory) in \(parent): \(String(cString: strerror(errno)))")
        }
    }

    /// Checks the folder an output file (`report --out FILE`) goes into.
    public static func check(file: String) throws {
        let folder = PathName.parent(file)
        try check(folder.isEmpty ? "." : folder)
    }

    /// true: a folder; false: something else; nil: nothing there (links followed).
    static func kind(of path: String) -> Bool? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        return isFolder.boolValue
    }
}
