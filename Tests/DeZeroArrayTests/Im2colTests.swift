import Testing
@testable import DeZeroArray

@Suite struct Im2colTests {
    @Test(arguments: IndexingFixtures.convCases)
    func im2colMatchesDeZero(_ c: IndexingFixtures.ConvCase) {
        let col = im2col(
            c.x.array, kernelSize: (c.kernel[0], c.kernel[1]), stride: (c.stride[0], c.stride[1]),
            pad: (c.pad[0], c.pad[1]), toMatrix: c.to_matrix)
        #expect(col.matchesIndexingFixture(c.col), "got \(col.shape)")
    }

    @Test(arguments: IndexingFixtures.convCases)
    func col2imMatchesDeZero(_ c: IndexingFixtures.ConvCase) {
        let x = c.x.array
        let img = col2im(
            c.grad.array, imageShape: x.shape, kernelSize: (c.kernel[0], c.kernel[1]),
            stride: (c.stride[0], c.stride[1]), pad: (c.pad[0], c.pad[1]), toMatrix: c.to_matrix)
        #expect(img.matchesIndexingFixture(c.img), "got \(img.shape)")
    }

    @Test func outputSizesMatchDeZero() {
        for c in IndexingFixtures.file.outsize {
            #expect(getConvOutsize(inputSize: c.size, kernelSize: c.kernel, stride: c.stride, pad: c.pad) == c.conv)
            #expect(getDeconvOutsize(inputSize: c.size, kernelSize: c.kernel, stride: c.stride, pad: c.pad) == c.deconv)
        }
    }

    @Test func stridedInputAndAdjointness() {
        // A transposed (non-contiguous) image gives the same columns as its contiguous copy.
        let base = NDArray.arange(0.0, 2 * 3 * 5 * 4).reshape(2, 3, 4, 5)
        let x = base.transpose(0, 1, 3, 2)
        let a = im2col(x, kernelSize: (2, 3), stride: (2, 1), pad: (1, 1))
        let b = im2col(x.copy(), kernelSize: (2, 3), stride: (2, 1), pad: (1, 1))
        #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self))

        // col2im is the adjoint of im2col: <im2col(x), g> == <x, col2im(g)>.
        let g = NDArray.arange(0.0, Double(a.size)).reshape(a.shape) / 7.0
        let lhs = (a * g).sum().item()
        let back = col2im(g, imageShape: x.shape, kernelSize: (2, 3), stride: (2, 1), pad: (1, 1))
        let rhs = (x * back).sum().item()
        #expect(abs(lhs - rhs) <= 1e-9 * abs(lhs))
    }

    @Test func kernelLargerThanImageStops() async {
        await #expect(processExitsWith: .failure) {
            _ = im2col(NDArray.zeros([1, 1, 2, 2]), kernelSize: (3, 3))
        }
    }
}
