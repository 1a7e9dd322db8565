import Glibc

/// A failed system call: which call, on what path, and the `errno` it set.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The C function that failed, e.g. `openat`.
    public let operation: String
    /// The path it was called on, relative to the folder where that applies.
    public let path: String
    /// The `errno` value.
    public let code: Int32

    /// Captures the current `errno` for a failed `operation` on `path`.
    package init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// `strerror`'s text for the code, e.g. "Permission denied".
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(operation) \(path): \(reason)" }
}

/// Calls `body` until it stops failing with `EINTR`, the way every system call
/// here is made.
///
/// - Returns: `body`'s non-negative result.
/// - Throws: `SystemError` for any other failure, captured right after the call.
package func retryingInterrupts<T: BinaryInteger>(
    _ operation: String, path: String, _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        if errno != EINTR { throw SystemError(operation, path: path) }
    }
}
