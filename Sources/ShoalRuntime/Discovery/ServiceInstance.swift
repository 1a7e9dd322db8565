/// One DNS-SD service instance as a browser reports it: a name seen on one
/// network interface over one IP protocol. The same device shows up as
/// several instances (IPv4 and IPv6, several interfaces).
struct ServiceInstance: Hashable, Sendable, CustomStringConvertible {
    /// The interface index the instance was seen on.
    var interface: Int32
    /// The IP protocol (Avahi's `AvahiProtocol` value) it was seen over.
    var ipProtocol: Int32
    /// The service instance name, such as `laptop`.
    var name: String
    /// The service type, such as `_shoal._tcp`.
    var type: String
    /// The domain, usually `local`.
    var domain: String

    var description: String { "'\(name)'.\(type).\(domain) (interface \(interface), protocol \(ipProtocol))" }
}
