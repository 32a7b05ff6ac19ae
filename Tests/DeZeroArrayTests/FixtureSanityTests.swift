import Foundation
import Testing
@testable import DeZeroArray

/// The fixture file itself: every op is one the catalog knows, every group is replayed by a
/// suite, and JSON numbers reach us bit for bit.
@Suite struct FixtureSanityTests {
    static let groups: Set<String> = [
        "promotion", "elementwise", "broadcast", "astype", "creation", "views", "reductions", "linalg", "join",
    ]

    @Test func everyCaseHasAKnownOpAndGroup() {
        #expect(Fixtures.all.count > 2500)
        let unknownOps = Set(Fixtures.all.map(\.op)).subtracting(OpCatalog.knownOps)
        #expect(unknownOps.isEmpty, "fixture ops the catalog does not map: \(unknownOps.sorted())")
        let unknownGroups = Set(Fixtures.all.map(\.group)).subtracting(Self.groups)
        #expect(unknownGroups.isEmpty, "fixture groups no suite replays: \(unknownGroups.sorted())")
        #expect(Set(Fixtures.all.map(\.name)).count == Fixtures.all.count, "case names are unique")
    }

    @Test func jsonNumbersRoundTripExactly() throws {
        let json = #"{"dtype":"float64","shape":[5],"data":[0.1,5e-324,1.7976931348623157e308,-0.0,"-inf"]}"#
        let t = try JSONDecoder().decode(FixtureTensor.self, from: Data(json.utf8))
        guard case .floats(let v) = t.values else { Issue.record("not floats"); return }
        #expect(v[0].bitPattern == 0x3FB9_9999_9999_999A)
        #expect(v[1].bitPattern == 1)
        #expect(v[2] == .greatestFiniteMagnitude)
        #expect(v[3].bitPattern == (-0.0 as Double).bitPattern)
        #expect(v[4] == -.infinity)
        let j32 = #"{"dtype":"float32","shape":[3],"data":[0.1,1e-45,3.4028235e+38]}"#
        let t32 = try JSONDecoder().decode(FixtureTensor.self, from: Data(j32.utf8))
        let a = t32.base
        #expect(a.scalars(as: Float.self) == [0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
        let ji = #"{"dtype":"int64","shape":[2],"data":[9223372036854775807,-9223372036854775808]}"#
        let ti = try JSONDecoder().decode(FixtureTensor.self, from: Data(ji.utf8))
        #expect(ti.base.scalars(as: Int64.self) == [.max, .min])
    }
}
