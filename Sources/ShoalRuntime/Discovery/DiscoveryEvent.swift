public import ShoalCrypto

/// Something a `Discovery` method found out.
public enum DiscoveryEvent: Sendable, Equatable {
    /// A device was found, or what is known about it changed; the value is
    /// everything now known about it (it replaces any earlier one).
    case appeared(DiscoveredDevice)
    /// The device can no longer be found through this method.
    case disappeared(DeviceID)
    /// The method itself changed state, for example lost avahi-daemon.
    case stateChanged(DiscoveryState)
}
