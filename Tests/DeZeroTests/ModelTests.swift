import DeZeroArray
import Foundation
import DeZeroTestSupport
import Testing

@testable import DeZero

extension GlobalRandomTests {
/// VGG16 and ResNet against the Python DeZero's architectures (models.json: every key and shape
/// after a forward pass on a (1, 3, 32, 32) input, and the parameter counts) and outputs.
@Suite struct ModelTests {
    let x = fixture(NNFixtures.models, "x")

    /// Expects `model`'s keys and shapes (after a forward pass) to be DeZero's.
    func expectArchitecture(_ model: Layer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = NNFixtures.architectures[name]!
        let ours = Dictionary(uniqueKeysWithValues: model.namedParams().map { ($0.key, $0.param.shape) })
        #expect(ours == expected.shapes, sourceLocation: sourceLocation)
        #expect(model.params().reduce(0) { $0 + $1.size } == expected.count, sourceLocation: sourceLocation)
    }

    /// Expects the uninitialized `model`'s keys and known sizes to fit DeZero's shapes.
    func expectPendingShapes(_ model: Layer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = NNFixtures.architectures[name]!.shapes
        let ours = model.namedParams()
        #expect(Set(ours.map(\.key)) == Set(expected.keys), sourceLocation: sourceLocation)
        for (key, p) in ours {
            let pattern = p.pendingShape ?? p.shape.map { $0 }
            let shape = expected[key] ?? []
            #expect(
                pattern.count == shape.count && zip(pattern, shape).allSatisfy { $0 == nil || $0 == $1 },
                "\(key): \(pattern) vs \(shape)", sourceLocation: sourceLocation)
        }
    }

    @Test func vgg16MatchesDeZero() {
        Random.seed(0)
        let model = VGG16()
        expectPendingShapes(model, "vgg16_224")
        let y = withTestMode { withNoGrad { model(x) } }
        #expect(y.shape == [1, 1000])
        expectMatch(y.data, fixture(NNFixtures.models, "vgg16"), "y")
        expectArchitecture(model, "vgg16")
        #expect(NNFixtures.architectures["vgg16_224"]!.count == 138_357_544)
    }

    @Test func resnet50MatchesDeZero() {
        Random.seed(0)
        let model = ResNet50()
        let y = withTestMode { withNoGrad { model(x) } }
        #expect(y.shape == [1, 1000])
        // 50 float32 layers: our BLAS and summation order differ from NumPy's in the last bits.
        expectMatch(y.data, fixture(NNFixtures.models, "resnet50"), "y", tolerance: 1e-5)
        expectArchitecture(model, "resnet50")
    }

    @Test(arguments: [101, 152])
    func deeperResNetsHaveDeZerosLayers(_ depth: Int) {
        let model: ResNet = depth == 101 ? ResNet101() : ResNet152()
        #expect(model.nLayers == depth)
        expectPendingShapes(model, "resnet\(depth)")
    }

    @Test func pretrainedWeightsComeFromDeZerosURLs() {
        #expect(VGG16.weightsURL == "https://github.com/koki0702/dezero-models/releases/download/v0.1/vgg16.npz")
        #expect(ResNet.weightsURL(nLayers: 50) == "https://github.com/koki0702/dezero-models/releases/download/v0.1/resnet50.npz")
    }

    @Test func vggPreprocessReversesChannelsAndSubtractsTheMean() {
        let image = NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [1, 2, 3])
        let x = VGG16.preprocess(image)
        #expect(x.shape == [3, 1, 2] && x.dtype == .float32)
        let values: [Double] = [3 - 103.939, 6 - 103.939, 2 - 116.779, 5 - 116.779, 1 - 123.68, 4 - 123.68]
        let expected = NDArray(values, shape: [3, 1, 2]).astype(.float32)
        expectMatch(x, expected, "preprocessed", tolerance: 1e-6)
    }

    @Test func resnetRejectsOtherDepths() async {
        await #expect(processExitsWith: .failure) { _ = ResNet(nLayers: 34) }
    }
}
}
