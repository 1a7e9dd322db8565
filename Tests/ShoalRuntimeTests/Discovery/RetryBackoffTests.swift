import Testing

@testable import ShoalRuntime

@Suite struct RetryBackoffTests {
    @Test func doublesUpToTheMaximumAndStaysThere() {
        let backoff = RetryBackoff(initial: .milliseconds(250), maximum: .seconds(2))
        let delays = (0...6).map { backoff.delay(afterFailures: $0) }
        let expected: [Duration] = [
            .zero, .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(2), .seconds(2),
        ]
        #expect(delays == expected)
        #expect(backoff.delay(afterFailures: .max) == .seconds(2))
    }

    @Test func aMaximumBelowTheInitialWaitIsRaised() {
        #expect(RetryBackoff(initial: .seconds(3), maximum: .seconds(1)).maximum == .seconds(3))
    }

    @Test func delaysReadAsSecondsInMessages() {
        #expect(AvahiSession.text(.milliseconds(250)) == "0.25 s")
        #expect(AvahiSession.text(.seconds(8)) == "8 s")
    }
}
