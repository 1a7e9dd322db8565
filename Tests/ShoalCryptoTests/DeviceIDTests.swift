import Foundation
import ShoalCrypto
import Testing

@Suite struct DeviceIDTests {
    let identity = try! DeviceIdentity(seed: [UInt8](repeating: 42, count: 32))

    @Test func textFormIsEightGroupsOfSevenAndParsesBack() throws {
        let text = identity.deviceID.description
        let groups = text.split(separator: "-")
        #expect(groups.count == 8)
        #expect(groups.allSatisfy { $0.count == 7 })
        #expect(try DeviceID(parsing: text) == identity.deviceID)
        #expect(identity.deviceID.shortID == String(text.prefix(7)))
    }

    @Test func parsingForgivesCaseDashesSpacesAndLookalikeDigits() throws {
        let text = identity.deviceID.description
        #expect(try DeviceID(parsing: text.lowercased()) == identity.deviceID)
        #expect(try DeviceID(parsing: text.replacingOccurrences(of: "-", with: " ")) == identity.deviceID)
        #expect(try DeviceID(parsing: text.replacingOccurrences(of: "-", with: "")) == identity.deviceID)
        let lookalikes = text.replacingOccurrences(of: "O", with: "0").replacingOccurrences(of: "I", with: "1")
            .replacingOccurrences(of: "B", with: "8")
        #expect(try DeviceID(parsing: lookalikes) == identity.deviceID)
    }

    /// Every single-character change anywhere in the ID is caught.
    @Test func everySingleTypoIsCaught() throws {
        let text = Array(identity.deviceID.description.replacingOccurrences(of: "-", with: ""))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        for position in text.indices {
            for replacement in alphabet where replacement != text[position] {
                var typo = text
                typo[position] = replacement
                #expect(throws: DeviceIDError.self) { try DeviceID(parsing: String(typo)) }
            }
        }
    }

    @Test func typoErrorNamesTheGroups() {
        var text = Array(identity.deviceID.description)
        text[9] = text[9] == "A" ? "C" : "A"  // second group
        #expect(throws: DeviceIDError.checkMismatch(String(text), group: 1)) { try DeviceID(parsing: String(text)) }
        let message = "\(DeviceIDError.checkMismatch(String(text), group: 1))"
        #expect(message.contains("a character in groups 1 and 2 is mistyped"))
    }

    @Test func wrongLengthAndForeignCharactersSaySo() {
        let text = identity.deviceID.description
        #expect(throws: DeviceIDError.wrongLength(String(text.dropLast()), 55)) {
            try DeviceID(parsing: String(text.dropLast()))
        }
        #expect(throws: DeviceIDError.wrongLength(text + "A", 57)) { try DeviceID(parsing: text + "A") }
        let withNine = "9" + text.dropFirst()
        #expect(throws: DeviceIDError.invalidCharacter(withNine, "9")) { try DeviceID(parsing: withNine) }
        #expect(throws: DeviceIDError.notASCII("é" + text)) { try DeviceID(parsing: "é" + text) }
        #expect("\(DeviceIDError.wrongLength("ABC", 3))".contains("a device ID has 56"))
    }

    @Test func deviceIDIsTheHashOfThePublicKey() {
        #expect(identity.deviceID.rawBytes == ContentHash.of(identity.publicKey.bytes).bytes)
        #expect(identity.publicKey.deviceID == identity.deviceID)
        let other = DeviceIdentity.generate()
        #expect(other.deviceID != identity.deviceID)
    }
}

@Suite struct DeviceIdentityTests {
    @Test func signaturesVerifyOnlyForTheSignerAndTheMessage() throws {
        let alice = DeviceIdentity.generate()
        let bob = DeviceIdentity.generate()
        let message: [UInt8] = Array("index batch".utf8)
        let signature = alice.sign(message)
        #expect(signature.count == 64)
        #expect(alice.publicKey.isValidSignature(signature, of: message))
        #expect(!bob.publicKey.isValidSignature(signature, of: message))
        #expect(!alice.publicKey.isValidSignature(signature, of: message + [0]))
        var flipped = signature
        flipped[10] ^= 1
        #expect(!alice.publicKey.isValidSignature(flipped, of: message))
        #expect(!alice.publicKey.isValidSignature(signature.dropLast(), of: message))
    }

    @Test func keyFileRoundTripsAndNeverShowsTheSecretInDescription() throws {
        let identity = DeviceIdentity.generate()
        let text = identity.keyFileText
        let loaded = try DeviceIdentity(keyFileText: text, path: "k")
        #expect(loaded.deviceID == identity.deviceID)
        let secret = try #require(text.split(separator: "\n").last?.split(separator: " ").last)
        #expect(secret.count == 64)
        #expect(!"\(identity)".contains(secret))
    }

    @Test func damagedKeyFilesAreRefusedWithTheReason() {
        #expect(throws: IdentityError.damagedKeyFile(path: "k", reason: "no secret-seed line")) {
            try DeviceIdentity(keyFileText: "device-id X\n", path: "k")
        }
        #expect(throws: IdentityError.damagedKeyFile(path: "k", reason: "secret-seed is not 64 hexadecimal digits")) {
            try DeviceIdentity(keyFileText: "secret-seed abc\n", path: "k")
        }
    }
}
