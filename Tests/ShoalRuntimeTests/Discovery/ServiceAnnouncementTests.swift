import ShoalCrypto
import Testing

@testable import ShoalRuntime

@Suite struct ServiceAnnouncementTests {
    let device = DeviceIdentity.generate().deviceID

    private func txt(_ strings: String...) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    @Test func roundTripsThroughTXTStrings() throws {
        let announcement = ServiceAnnouncement(deviceID: device, deviceName: "Küche")
        #expect(announcement.txtStrings == txt("id=\(device)", "name=Küche"))
        #expect(try ServiceAnnouncement(txtStrings: announcement.txtStrings) == announcement)
    }

    @Test func anEmptyNameIsNotPublished() {
        #expect(ServiceAnnouncement(deviceID: device, deviceName: "").txtStrings == txt("id=\(device)"))
    }

    @Test func aLongNameIsCutAtACharacterBoundaryToFitOneTXTString() throws {
        let name = String(repeating: "é", count: 200)  // 400 bytes of UTF-8
        let strings = ServiceAnnouncement(deviceID: device, deviceName: name).txtStrings
        #expect(strings[1].count <= ServiceAnnouncement.maximumStringLength)
        let parsed = try ServiceAnnouncement(txtStrings: strings)
        #expect(parsed.deviceName == String(repeating: "é", count: 125))
    }

    @Test func readsKeysWithoutRegardToCaseAndTakesTheFirstOccurrence() throws {
        let other = DeviceIdentity.generate().deviceID
        let parsed = try ServiceAnnouncement(txtStrings: txt("ID=\(device)", "id=\(other)", "Name=a", "name=b"))
        #expect(parsed.deviceID == device)
        #expect(parsed.deviceName == "a")
    }

    @Test func acceptsTheIDInLowercaseAndWithoutDashes() throws {
        let plain = device.description.replacingOccurrences(of: "-", with: "").lowercased()
        #expect(try ServiceAnnouncement(txtStrings: txt("id=\(plain)")).deviceID == device)
    }

    @Test func ignoresEmptyKeysAndUnknownKeys() throws {
        let parsed = try ServiceAnnouncement(txtStrings: txt("=x", "", "version=2", "flag", "id=\(device)"))
        #expect(parsed.deviceID == device)
        #expect(parsed.deviceName == nil)
    }

    @Test func aNameThatIsNotUTF8IsLeftOut() throws {
        let parsed = try ServiceAnnouncement(txtStrings: txt("id=\(device)") + [Array("name=".utf8) + [0xFF, 0xFE]])
        #expect(parsed.deviceName == nil)
    }

    @Test(arguments: [
        (["name=x"], ServiceAnnouncementError.missingID),
        ([], .missingID),
        (["id"], .idWithoutValue),
        (["id="], .invalidID("")),
        (["id=not-a-device"], .invalidID("")),
    ])
    func refusesAServiceWithoutAUsableID(strings: [String], expected: ServiceAnnouncementError) {
        let error = #expect(throws: ServiceAnnouncementError.self) {
            try ServiceAnnouncement(txtStrings: strings.map { Array($0.utf8) })
        }
        if case .invalidID = expected {
            guard case .invalidID = error else {
                Issue.record("expected an invalid ID, got \(String(describing: error))")
                return
            }
        } else {
            #expect(error == expected)
        }
    }

    @Test func refusesAMistypedID() {
        var text = Array(device.description)
        text[3] = text[3] == "A" ? "B" : "A"
        #expect(throws: ServiceAnnouncementError.self) {
            try ServiceAnnouncement(txtStrings: [Array("id=\(String(text))".utf8)])
        }
    }

    @Test func refusesAnIDThatIsNotUTF8() {
        #expect(throws: ServiceAnnouncementError.invalidID("not UTF-8")) {
            try ServiceAnnouncement(txtStrings: [Array("id=".utf8) + [0xC3, 0x28]])
        }
    }

    @Test func errorsSayWhatIsWrongWithTheRecord() {
        #expect(ServiceAnnouncementError.missingID.description == "its TXT record has no 'id'")
        #expect("\(ServiceAnnouncementError.invalidID("x"))".contains("not a device ID"))
    }

    @Test func theServiceNameIsTheDeviceNameCutToOneDNSLabel() {
        let long = AvahiDiscovery.Configuration(
            deviceID: device, deviceName: String(repeating: "ü", count: 40), port: 1)
        #expect(long.serviceName.utf8.count <= 63)
        #expect(long.serviceName == String(repeating: "ü", count: 31))
        let empty = AvahiDiscovery.Configuration(deviceID: device, deviceName: "", port: 1)
        #expect(empty.serviceName == "Shoal \(device.shortID)")
    }
}
