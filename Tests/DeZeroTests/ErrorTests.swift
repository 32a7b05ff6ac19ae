import DeZeroArray
import Testing

@testable import DeZero

/// Misused functions stop with a message naming the function and the shapes.
@Suite struct FunctionErrorTests {
    @Test func addWithMismatchedShapesStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Variable(NDArray.ones([2, 3])) + Variable(NDArray.ones([4]))
        }
    }

    @Test func matmulMisalignedStops() async {
        await #expect(processExitsWith: .failure) {
            _ = matmul(Variable(NDArray.ones([2, 3])), Variable(NDArray.ones([4, 5])))
        }
    }

    @Test func softmaxCrossEntropyWithWrongLabelCountStops() async {
        await #expect(processExitsWith: .failure) {
            _ = softmaxCrossEntropy(Variable(NDArray.ones([4, 3])), Variable(NDArray([0, 1] as [Int64])))
        }
    }

    @Test func conv2dChannelMismatchStops() async {
        await #expect(processExitsWith: .failure) {
            _ = conv2d(Variable(NDArray.ones([1, 3, 5, 5])), Variable(NDArray.ones([2, 4, 3, 3])))
        }
    }

    @Test func batchNormOn3DInputStops() async {
        await #expect(processExitsWith: .failure) {
            let c = Variable(NDArray.ones([3]))
            _ = batchNorm(Variable(NDArray.ones([2, 3, 4])), gamma: c, beta: c, mean: c, variance: c)
        }
    }

    @Test func linearSizeMismatchMessageNamesShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = linear(Variable(NDArray.ones([2, 3])), Variable(NDArray.ones([4, 5])))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul") && message.contains("[2, 3]") && message.contains("[4, 5]"))
    }
}
