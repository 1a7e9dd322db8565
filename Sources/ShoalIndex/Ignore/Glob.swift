/// A compiled wildcard pattern for one path component (no `/` inside).
///
/// `*` matches any run of characters, `?` one character, and `[...]` one
/// character from a class; `\` makes the next character literal. Matching
/// runs on the UTF-8 bytes of a component, but `?`, classes and `*` step over
/// whole Unicode scalars, so `?` matches `é` as one character (git steps over
/// bytes there). Shapes common in ignore files get a fast path.
enum Glob: Equatable, Sendable {
    /// A component with no wildcard, compared byte for byte.
    case literal([UInt8])
    /// `*`: every component.
    case anything
    /// `*` followed by literal bytes, as in `*.log`.
    case suffix([UInt8])
    /// Literal bytes followed by `*`, as in `build*`.
    case prefix([UInt8])
    /// Any other shape, matched token by token.
    case tokens([GlobToken])

    /// Compiles the pattern for one component.
    ///
    /// - Throws: `IgnorePatternError` for a dangling `\`, an unclosed `[` or a
    ///   POSIX class name.
    init(_ scalars: ArraySlice<Unicode.Scalar>) throws(IgnorePatternError) {
        var tokens: [GlobToken] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            switch scalars[index] {
            case "\\":
                index += 1
                guard index < scalars.endIndex else { throw .trailingBackslash }
                tokens.appendLiteral(scalars[index])
            case "*":
                if tokens.last != .star { tokens.append(.star) }
            case "?":
                tokens.append(.anyScalar)
            case "[":
                let (set, end) = try ScalarSet.parse(scalars, openingAt: index)
                tokens.append(.oneOf(set))
                index = end
            default:
                tokens.appendLiteral(scalars[index])
            }
            index += 1
        }
        self.init(tokens)
    }

    private init(_ tokens: [GlobToken]) {
        let stars = tokens.indices.filter { tokens[$0] == .star }
        let bytes = tokens.compactMap(\.literalByte)
        guard bytes.count + stars.count == tokens.count, stars.count <= 1 else {
            self = .tokens(tokens)
            return
        }
        guard let star = stars.first else {
            self = .literal(bytes)
            return
        }
        switch star {
        case _ where tokens.count == 1: self = .anything
        case tokens.startIndex: self = .suffix(bytes)
        case tokens.endIndex - 1: self = .prefix(bytes)
        default: self = .tokens(tokens)
        }
    }

    /// Whether the component `text` (UTF-8, no `/`) matches. Does not allocate.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .literal(let bytes):
            text.elementsEqual(bytes)
        case .anything:
            true
        case .suffix(let bytes):
            text.count >= bytes.count && text.suffix(bytes.count).elementsEqual(bytes)
        case .prefix(let bytes):
            text.starts(with: bytes)
        case .tokens(let tokens):
            Self.matches(tokens, text)
        }
    }

    // Iterative matching with one backtrack point: a `*` cannot cross a
    // component boundary, so only the latest `*` ever needs to grow.
    private static func matches(_ tokens: [GlobToken], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var token = 0
        var offset = 0
        var lastStar: (token: Int, offset: Int)?
        while offset < text.count {
            if token < tokens.count {
                let length = UTF8.scalarLength(text, at: offset)
                switch tokens[token] {
                case .star:
                    lastStar = (token, offset)
                    token += 1
                    continue
                case .byte(let byte) where byte == text[offset]:
                    token += 1
                    offset += 1
                    continue
                case .anyScalar:
                    token += 1
                    offset += length
                    continue
                case .oneOf(let set) where set.contains(UTF8.scalarValue(text, at: offset, length: length)):
                    token += 1
                    offset += length
                    continue
                default:
                    break
                }
            }
            guard let star = lastStar else { return false }
            let grown = star.offset + UTF8.scalarLength(text, at: star.offset)
            lastStar = (star.token, grown)
            token = star.token + 1
            offset = grown
        }
        return tokens[token...].allSatisfy { $0 == .star }
    }
}

/// One step of a `Glob` that has no fast path.
enum GlobToken: Equatable, Sendable {
    /// One literal byte of UTF-8.
    case byte(UInt8)
    /// `?`: one Unicode scalar.
    case anyScalar
    /// `*`: any run of scalars, possibly empty.
    case star
    /// `[...]`: one scalar in (or, negated, not in) a class.
    case oneOf(ScalarSet)

    var literalByte: UInt8? {
        if case .byte(let byte) = self { byte } else { nil }
    }
}

extension [GlobToken] {
    fileprivate mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        append(contentsOf: UTF8.encode(scalar)!.map(GlobToken.byte))
    }
}

extension UTF8 {
    /// The byte count of the scalar whose first byte is at `offset`, clamped
    /// to the buffer (Swift strings hold valid UTF-8, so clamping is a guard).
    static func scalarLength(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        let lead = text[offset]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return Swift.min(length, text.count - offset)
    }

    /// The value of the `length`-byte scalar at `offset`.
    static func scalarValue(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, length: Int) -> UInt32 {
        guard length > 1 else { return UInt32(text[offset]) }
        var value = UInt32(text[offset]) & (0x7F >> length)
        for index in offset + 1..<offset + length {
            value = value << 6 | UInt32(text[index] & 0x3F)
        }
        return value
    }
}
