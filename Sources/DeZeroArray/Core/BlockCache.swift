#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Freed large buffers kept for the next array of the same size class.
///
/// A training step allocates and frees the same large temporaries every time (im2col columns,
/// activations, their gradients). Handed back to the system, each one comes back as fresh pages
/// that the kernel must zero on first touch, which took a fifth of a convolutional GAN's step.
/// Kept here (up to ``limit`` bytes in all: an eighth of the machine's memory, at most 1 GiB),
/// they are reused at once. Blocks are grouped by
/// size rounded up to 1 MiB (buffers of 4 MiB and more, on 2 MiB boundaries, to 2 MiB), so a
/// block is only ever reused for an array it can hold.
enum BlockCache {
    /// Buffers from this size up go through the cache.
    static let minimumByteCount = 1 << 20
    /// The most bytes kept at once; blocks beyond it go back to the system.
    static let limit: Int = {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        return Swift.min(1 << 30, Swift.max(physical / 8, 0))
    }()

    /// The bytes held now.
    static var heldBytes: Int { state.withLock { $0.bytes } }

    /// Block addresses (as integers, which may cross threads) by capacity.
    private struct State {
        var blocks: [Int: [UInt]] = [:]
        var bytes = 0
    }

    private static let state = Mutex(State())

    /// The capacity a block for `byteCount` bytes is given (and filed under).
    static func capacity(for byteCount: Int) -> Int {
        let granule = byteCount >= Storage.hugePageLimit ? 2 << 20 : 1 << 20
        return (byteCount + granule - 1) / granule * granule
    }

    /// A cached block of `capacity` bytes, if one is free.
    static func take(capacity: Int) -> UnsafeMutableRawPointer? {
        state.withLock { state in
            guard let address = state.blocks[capacity]?.popLast() else { return nil }
            state.bytes -= capacity
            return UnsafeMutableRawPointer(bitPattern: address)
        }
    }

    /// Keeps `block` (of `capacity` bytes) for reuse; false when the cache is full and the
    /// caller must free it.
    static func keep(_ block: UnsafeMutableRawPointer, capacity: Int) -> Bool {
        let address = UInt(bitPattern: block)
        return state.withLock { state in
            guard state.bytes + capacity <= limit else { return false }
            state.blocks[capacity, default: []].append(address)
            state.bytes += capacity
            return true
        }
    }
}
