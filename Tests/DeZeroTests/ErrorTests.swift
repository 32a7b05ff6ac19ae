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

    /// The standard error of an exit test.
    static func text(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func sumToRejectsShapesThatDoNotBroadcast() async {
        // DeZero reshapes silently to [3, 2] and [6]; [2, 2] failed in a misleading reshape.
        let transposed = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = sumTo(NDArray.ones([2, 3]), [3, 2])
        })
        #expect(transposed.contains("sum_to: cannot sum shape [2, 3] to [3, 2]: [3, 2] does not broadcast to [2, 3]"), "\(transposed)")
        let flat = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = sumTo(NDArray.ones([2, 3]), [6])
        })
        #expect(flat.contains("cannot sum shape [2, 3] to [6]"), "\(flat)")
        let square = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = sumTo(NDArray.ones([2, 3]), [2, 2])
        })
        #expect(square.contains("cannot sum shape [2, 3] to [2, 2]"), "\(square)")
    }

    @Test func softmaxOfA1DInputSaysToPassAxis() async {
        let message = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmax(Variable(NDArray([1.0, 2.0, 3.0])))
        })
        #expect(message.contains("softmax: axis 1 is out of bounds for an input of shape [3]"), "\(message)")
        #expect(message.contains("pass axis: 0 (or -1) for a 1-d input"), "\(message)")
    }

    @Test func softmaxCrossEntropyNamesALabelBeyondTheClasses() async {
        let message = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(Variable(NDArray.ones([2, 3])), Variable(NDArray([0, 3] as [Int64])))
        })
        #expect(message.contains("label 3 (row 1) is not a class index for scores of shape [2, 3]"), "\(message)")
        #expect(message.contains("labels must lie in 0..<3"), "\(message)")
    }

    @Test func linearNamesABiasOfTheWrongLength() async {
        let message = Self.text(await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = linear(Variable(NDArray.ones([2, 5])), Variable(NDArray.ones([5, 3])), Variable(NDArray.ones([4])))
        })
        #expect(message.contains("linear: bias of shape [4] does not fit the output of shape [2, 3]"), "\(message)")
        #expect(message.contains("the bias needs 3 elements"), "\(message)")
    }
}
