import Glibc

/// The machine's processor count, to size thread pools.
public enum ProcessorCount {
    /// Processors currently online. The corresponding C function is `sysconf`.
    public static var online: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
