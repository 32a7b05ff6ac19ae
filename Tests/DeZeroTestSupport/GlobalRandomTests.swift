import DeZeroTestSupport
import Testing

/// The parent of every suite whose tests draw from the global generator (`Random`, which the
/// lazily sized layers, `EmbedID`, dropout and compiled steps use, as DeZero uses
/// `np.random`) or change process-wide settings (the compiler's options): its suites run one
/// test at a time, in every test target, so a test's `Random.seed` is not disturbed by another
/// test's draws.
@Suite(.serialized) public enum GlobalRandomTests {}
