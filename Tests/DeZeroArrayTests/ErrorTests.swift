import Testing
@testable import DeZeroArray

/// Bad input stops the process with a message that names the operation and the shapes (run as
/// exit tests: each body runs in a child process that must fail).
@Suite struct ErrorTests {
    /// The child's message: the first line of its standard error (printed by debug and release
    /// builds alike; scripts/check-release-messages.sh checks a release binary).
    static func message(_ result: ExitTest.Result?) -> String {
        guard let result else { return "" }
        let text = String(decoding: result.standardErrorContent, as: UTF8.self)
        return String(text.split(separator: "\n").first ?? "")
    }

    @Test func addWithMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]) + NDArray.zeros([4])
        }
        #expect(Self.message(result).contains("add: operands could not be broadcast together with shapes [2, 3] [4]"))
    }

    @Test func comparisonWithMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([3]) .< NDArray.zeros([2, 2])
        }
        #expect(Self.message(result).contains("less: operands could not be broadcast together with shapes [3] [2, 2]"))
    }

    @Test func inPlaceResultThatDoesNotFit() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var a = NDArray.zeros([3, 1])
            a += NDArray.zeros([3, 4])
        }
        #expect(Self.message(result).contains("add (in place): output of shape [3, 1] cannot hold the broadcast result of shape [3, 4]"))
    }

    @Test func pickedRowOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([4, 3])[NDArray([1, 4] as [Int64])]
        }
        #expect(Self.message(result).contains("subscript: index 4 is out of bounds for axis 0 with size 4 (array shape [4, 3])"))
    }

    @Test func pickedColumnOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3])[NDArray.arange(2), NDArray([0, -4] as [Int64])]
        }
        #expect(Self.message(result).contains("subscript: index -4 is out of bounds for axis 1 with size 3 (array shape [2, 3])"))
    }

    @Test func matmulMisaligned() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(NDArray.zeros([2, 3]), NDArray.zeros([4, 5]))
        }
        #expect(Self.message(result).contains("matmul: shapes [2, 3] and [4, 5] are not aligned: 3 (dim 1) != 4 (dim 0)"))
    }

    @Test func matmulOfZeroDimensional() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(NDArray(scalar: 2.0), NDArray.zeros([2]))
        }
        #expect(Self.message(result).contains("matmul: input operands must have at least one dimension"))
    }

    @Test func sumOverAnAxisOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).sum(axis: 2)
        }
        #expect(Self.message(result).contains("sum: axis 2 is out of bounds for an array of dimension 2"))
    }

    @Test func sumOverANegativeAxisOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).sum(axes: [0, -3])
        }
        #expect(Self.message(result).contains("sum: axis -3 is out of bounds for an array of dimension 2"))
    }

    @Test func sumWithDuplicateAxes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).sum(axes: [1, -1])
        }
        #expect(Self.message(result).contains("sum: duplicate value in 'axis' [1, -1]"))
    }

    @Test func maxOfAnEmptyArray() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([0, 3]).max()
        }
        #expect(Self.message(result).contains("max: zero-size array of shape [0, 3] to reduction operation max which has no identity"))
    }

    @Test func reshapeToTheWrongSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).reshape([4, 2])
        }
        #expect(Self.message(result).contains("reshape: cannot reshape array of size 6 (shape [2, 3]) into shape [4, 2]"))
    }

    @Test func reshapeWithAnUninferableDimension() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).reshape([4, -1])
        }
        #expect(Self.message(result).contains("reshape: cannot reshape array of size 6 (shape [2, 3]) into shape [4, -1]"))
    }

    @Test func reshapeWithTwoUnknownDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).reshape([-1, -1])
        }
        #expect(Self.message(result).contains("reshape: can only specify one unknown dimension, got [-1, -1]"))
    }

    @Test func broadcastToAnIncompatibleShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([3]).broadcast(to: [2, 4])
        }
        #expect(Self.message(result).contains("broadcast_to: cannot broadcast shape [3] to [2, 4]"))
    }

    @Test func concatenateMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = concatenate([NDArray.zeros([2, 3]), NDArray.zeros([2, 4])], axis: 0)
        }
        #expect(Self.message(result).contains("concatenate: all input array dimensions except axis 0 must match; got [[2, 3], [2, 4]]"))
    }

    @Test func splitIntoUnequalSections() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = split(NDArray.zeros([5]), 2)
        }
        #expect(Self.message(result).contains("split: array split does not result in an equal division"))
    }

    @Test func transposeWithBadAxes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.zeros([2, 3]).transpose([0, 0])
        }
        #expect(Self.message(result).contains("transpose: axes [0, 0] do not match array of shape [2, 3]"))
    }
}
