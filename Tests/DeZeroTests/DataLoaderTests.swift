import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZero

/// DataLoader and SeqDataLoader batches against the Python DeZero's, with the global generator
/// seeded as the fixture script seeds NumPy's.
extension GlobalRandomTests {
    @Suite(.serialized) struct DataLoaderTests {
        @Test func shuffledBatchesAndEpochsMatchDeZero() {
            let spiral = Spiral(train: true)
            Random.seed(3)
            let loader = DataLoader(spiral, batchSize: 32)
            #expect(loader.maxIter == 10 && loader.dataSize == 300)
            #expect(loader.index == DataFixtures.array("loader_index_epoch1").scalars(as: Int64.self).map { Int($0) })
            var epoch1: [(x: NDArray, t: NDArray)] = []
            for (x, t) in loader { epoch1.append((x, t)) }
            #expect(epoch1.count == 10)
            expectIdentical(epoch1[0].x, DataFixtures.array("loader_epoch1_b0_x"))
            expectIdentical(epoch1[0].t, DataFixtures.array("loader_epoch1_b0_t"))
            expectIdentical(epoch1[9].x, DataFixtures.array("loader_epoch1_b9_x"), "short last batch")
            expectIdentical(epoch1[9].t, DataFixtures.array("loader_epoch1_b9_t"))
            // The loop's end reset the loader with a new order.
            #expect(loader.iteration == 0)
            #expect(loader.index == DataFixtures.array("loader_index_epoch2").scalars(as: Int64.self).map { Int($0) })
            let first = loader.next()!
            expectIdentical(first.x, DataFixtures.array("loader_epoch2_b0_x"))
            expectIdentical(first.t, DataFixtures.array("loader_epoch2_b0_t"))
            expectIdentical(Random.rand(3), DataFixtures.array("loader_after"), "same draws as DeZero")
        }

        @Test func unshuffledLoaderKeepsOrderAndDrawsNothing() {
            let test = Spiral(train: false)
            Random.seed(11)
            let loader = DataLoader(test, batchSize: 100, shuffle: false)
            let batches = Array(loader)
            #expect(batches.count == 3)
            expectIdentical(batches[1].x, DataFixtures.array("plain_b1_x"))
            expectIdentical(batches[1].t, DataFixtures.array("plain_b1_t"))
            let draw = Random.rand(1)
            Random.seed(11)
            expectIdentical(draw, Random.rand(1))
        }

        @Test func mnistBatchesMatchDeZero() throws {
            let mnist = try MNIST(train: true, dataDirectory: DataFixtures.path("mnist"), download: false)
            Random.seed(5)
            let batches = Array(DataLoader(mnist, batchSize: 2))
            #expect(batches.count == 3)
            for (i, batch) in batches.enumerated() {
                expectIdentical(batch.x, DataFixtures.array("mnist_loader_b\(i)_x"), "x \(i)")
                expectIdentical(batch.t, DataFixtures.array("mnist_loader_b\(i)_t"), "t \(i)")
            }
        }

        @Test func seqDataLoaderOverSinCurveMatchesDeZero() {
            Random.seed(0)
            let curve = SinCurve(train: true)
            let loader = SeqDataLoader(curve, batchSize: 30)
            let batches = Array(loader)
            #expect(batches.count == DataFixtures.array("seq_sincurve_count").scalars(as: Int64.self)[0])
            for i in [0, 1, 33] {
                expectIdentical(batches[i].x, DataFixtures.array("seq_sincurve_b\(i)_x"), "x \(i)")
                expectIdentical(batches[i].t, DataFixtures.array("seq_sincurve_b\(i)_t"), "t \(i)")
            }
            #expect(!loader.shuffle)
        }

        @Test func seqDataLoaderJumpsAndWraps() {
            let dataset = TensorDataset(data: NDArray.arange(10), label: NDArray.arange(10) + 100)
            let loader = SeqDataLoader(dataset, batchSize: 3)
            let batches = Array(loader)
            #expect(batches.count == 4)
            expectIdentical(stack(batches.map(\.x)), DataFixtures.array("seq_arange_x"))
            expectIdentical(stack(batches.map(\.t)), DataFixtures.array("seq_arange_t"))
            // A second epoch starts over.
            expectIdentical(loader.next()!.x, batches[0].x)
        }

        /// The book's step 60 loop, `for x, t in dataloader`, on a subclass: this only compiles
        /// because `DataLoader` spells out `makeIterator()`.
        @Test func forInLoopsOverASeqDataLoader() {
            let dataset = TensorDataset(data: NDArray.arange(10), label: NDArray.arange(10) + 100)
            let loader = SeqDataLoader(dataset, batchSize: 3)
            for _ in 0..<2 {  // two epochs, the second starting over
                var firstRows: [Int64] = []
                for (x, t) in loader {
                    firstRows.append(x.scalars(as: Int64.self)[0])
                    #expect(t.scalars(as: Int64.self)[0] == firstRows.last! + 100)
                }
                #expect(firstRows == [0, 1, 2, 3])
            }
        }

        @Test func nextAfterTheLastBatchEndsTheEpoch() {
            let dataset = TensorDataset(data: NDArray.arange(5), label: NDArray.arange(5))
            let loader = DataLoader(dataset, batchSize: 2, shuffle: false)
            #expect(loader.next()!.x.scalars(as: Int64.self) == [0, 1])
            #expect(loader.next()!.x.scalars(as: Int64.self) == [2, 3])
            #expect(loader.next()!.x.scalars(as: Int64.self) == [4])
            #expect(loader.next() == nil)
            #expect(loader.next()!.x.scalars(as: Int64.self) == [0, 1])
        }

        @Test func mismatchedExampleShapesStopWithAClearMessage() async {
            await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                struct Ragged: Dataset {
                    var count: Int { 4 }
                    subscript(index: Int) -> (x: NDArray, t: NDArray) {
                        (NDArray.zeros([index == 2 ? 3 : 2]), NDArray(scalar: Int64(index)))
                    }
                }
                let loader = DataLoader(Ragged(), batchSize: 4, shuffle: false)
                _ = loader.next()
            }.map { result in
                let message = String(decoding: result.standardErrorContent, as: UTF8.self)
                #expect(message.contains("DataLoader: cannot stack a batch: example 2 has x of shape [3] (float64) but example 0 has [2] (float64)"))
            }
        }

        @Test func zeroBatchSizeStops() async {
            await #expect(processExitsWith: .failure) {
                _ = DataLoader(TensorDataset(data: NDArray.zeros([2]), label: NDArray.zeros([2])), batchSize: 0)
            }
        }
    }
}
