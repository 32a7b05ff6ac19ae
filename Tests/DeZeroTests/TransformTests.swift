import DeZeroArray
import Testing

@testable import DeZero

@Suite struct TransformTests {
    let x32 = DataFixtures.array("tf_x32")
    let xi = DataFixtures.array("tf_xi")

    @Test func normalizeMatchesDeZero() {
        expectIdentical(Normalize(mean: 0.5, std: 2.0)(x32), DataFixtures.array("tf_normalize_scalar_f32"), "scalar f32")
        expectIdentical(
            Normalize(mean: [0.1, 0.2, 0.3], std: [1.5, 2.5, 3.5])(x32), DataFixtures.array("tf_normalize_channel_f32"),
            "channel f32")
        expectIdentical(Normalize(mean: 0.5, std: 2.0)(xi), DataFixtures.array("tf_normalize_scalar_int"), "scalar int")
        expectIdentical(
            Normalize(mean: [0.5, 1.5, 2.5], std: [1.5, 2.5, 3.5])(xi), DataFixtures.array("tf_normalize_channel_int"),
            "channel int (values truncated to the input's dtype, as DeZero)")
        expectIdentical(Normalize()(x32), DataFixtures.array("tf_normalize_default"), "defaults")
    }

    @Test func flattenAndTypeConversionsMatchDeZero() {
        expectIdentical(Flatten()(x32), DataFixtures.array("tf_flatten"))
        expectIdentical(AsType(.float64)(x32), DataFixtures.array("tf_astype_f64"))
        expectIdentical(ToFloat()(xi), DataFixtures.array("tf_tofloat_int"))
        expectIdentical(ToInt()(x32 * 5.0), DataFixtures.array("tf_toint"))
    }

    @Test func datasetDefaultTransformsMatchDeZero() {
        expectIdentical(MNIST.defaultTransform(DataFixtures.array("tf_mnist_image")), DataFixtures.array("tf_mnist_default"))
        // Our MNIST stores float32 pixels where DeZero keeps uint8: the result is the same.
        expectIdentical(
            MNIST.defaultTransform(DataFixtures.array("tf_mnist_image").astype(.float32)),
            DataFixtures.array("tf_mnist_default"))
        expectIdentical(CIFAR10.defaultTransform(DataFixtures.array("tf_cifar_image")), DataFixtures.array("tf_cifar_default"))
        expectIdentical(
            CIFAR100.defaultTransform(DataFixtures.array("tf_cifar_image").astype(.float32)),
            DataFixtures.array("tf_cifar_default"))
    }

    @Test func composeAppliesInOrderAndEmptyIsIdentity() {
        expectIdentical(Compose()(x32), DataFixtures.array("tf_compose_empty"))
        let double = AnyTransform { $0 * 2.0 }
        let addOne = AnyTransform { $0 + 1.0 }
        let x = NDArray([1.0, 2.0])
        expectIdentical(Compose([double, addOne])(x), NDArray([3.0, 5.0]))
        expectIdentical(Compose([addOne, double])(x), NDArray([4.0, 6.0]))
    }

    @Test func normalizeWithOneChannelValueBroadcasts() {
        // DeZero reshapes a one-element list to (len(array), 1, ...), which fails for more than
        // one row; we broadcast it as the one value it is.
        let y = Normalize(mean: [1.0], std: [2.0])(NDArray([3.0, 5.0, 7.0], shape: [3, 1]))
        expectIdentical(y, NDArray([1.0, 2.0, 3.0], shape: [3, 1]))
    }

    @Test func normalizeWithTheWrongChannelCountStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Normalize(mean: [0.1, 0.2], std: 1)(NDArray.zeros([3, 4]))
        }.map { result in
            #expect(String(decoding: result.standardErrorContent, as: UTF8.self).contains("2 values of mean for 3 channels"))
        }
    }
}
