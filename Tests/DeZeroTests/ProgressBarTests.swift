import Testing

@testable import DeZero

@Suite struct ProgressBarTests {
    @Test func rendersLikeDeZerosDownloadBar() {
        #expect(ProgressBar.render(completed: 0, total: 30) == "[..............................] 0.00%")
        #expect(ProgressBar.render(completed: 11, total: 30) == "[###########...................] 36.67%")
        #expect(ProgressBar.render(completed: 30, total: 30) == "[##############################] 100.00%")
        #expect(ProgressBar.render(completed: 45, total: 30) == "[##############################] 100.00%")
        #expect(ProgressBar.render(completed: 1, total: 4, label: "epoch 1", width: 4) == "epoch 1 [#...] 25.00%")
        #expect(ProgressBar.render(completed: 0, total: 0, width: 2) == "[##] 100.00%")
    }

    @Test func unknownTotalShowsTheCount() {
        #expect(ProgressBar.render(completed: 12, total: nil, label: "batches") == "batches 12")
        #expect(ProgressBar.render(completed: 999, total: nil, unit: .bytes) == "999 B")
        #expect(ProgressBar.render(completed: 12_345_678, total: nil, unit: .bytes) == "12.3 MB")
    }

    @Test func updatesTrackProgressWhenDisabled() {
        let bar = ProgressBar(total: 4, width: 4, enabled: false)
        #expect(!bar.isEnabled)
        bar.advance()
        bar.advance(by: 2)
        #expect(bar.completed == 3 && bar.currentLine == "[###.] 75.00%")
        bar.finish()
        #expect(bar.completed == 4 && bar.currentLine == "[####] 100.00%")
    }
}
