import DeZeroArray
import Testing

@testable import DeZero

/// A subclass of a built-in model adds children that the built-in's cache must not hide.
final class MLPWithScale: MLP {
    let scale = Parameter(NDArray.ones([1]), name: "scale")
    init() { super.init([3, 2]) }
}

@Suite struct ParameterDiscoveryTests {
    @Test func builtInLayersReflectOnceAndKeepTheirParameters() {
        let model = MLP([3, 2])
        let first = model.namedParams().map { ObjectIdentifier($0.param) }
        let again = model.namedParams().map { ObjectIdentifier($0.param) }
        #expect(model.namedParams().map(\.key) == ["l0/W", "l0/b", "l1/W", "l1/b"])
        #expect(first == again)
        #expect(model.childrenAreFixed && model.layers[0].childrenAreFixed)
    }

    @Test func subclassesOfBuiltInModelsAreReflectedEveryTime() {
        let model = MLPWithScale()
        #expect(!model.childrenAreFixed)
        #expect(model.namedParams().map(\.key) == ["l0/W", "l0/b", "l1/W", "l1/b", "scale"])
        #expect(model.params().count == 5)
    }
}
