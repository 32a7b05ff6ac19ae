import Foundation

// `DEZERO_NO_NETWORK` (`-Xswiftc -DDEZERO_NO_NETWORK`) builds DeZero without URLSession: on
// Linux that leaves FoundationNetworking and libcurl out of the link, which a fully static
// build needs (scripts/build-gpu-check.sh). Downloads then fail with a message; files already
// in the data directory load as usual.
#if DEZERO_NO_NETWORK
enum Downloader {
    static func download(_ url: String, to destination: String, timeout: Double) throws(DatasetError) {
        throw .downloadFailed(
            url: url, destination: destination,
            reason: "this build has no network support (built with DEZERO_NO_NETWORK); put the file there by hand")
    }
}
#else

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one URL to a file with URLSession, showing a ``ProgressBar`` on a terminal.
enum Downloader {
    /// Fetches `url` into `destination` (written whole or not at all). On a terminal, standard
    /// error shows DeZero's `Downloading: name [###...] 42.00%` bar, ending in ` Done`;
    /// elsewhere one `Downloading: name` line.
    static func download(_ url: String, to destination: String, timeout: Double) throws(DatasetError) {
        guard let remote = URL(string: url), remote.scheme != nil else {
            throw .downloadFailed(url: url, destination: destination, reason: "not a valid URL")
        }
        let name = (destination as NSString).lastPathComponent
        let showBar = ProgressBar.standardErrorIsTerminal
        let delegate = DownloadDelegate(destination: destination, label: "Downloading: \(name)", showBar: showBar)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout, 24 * 3600)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        if showBar { delegate.drawBar() } else { standardError("Downloading: \(name)\n") }
        session.downloadTask(with: remote).resume()
        delegate.finished.wait()
        session.finishTasksAndInvalidate()
        if let failure = delegate.failure {
            if showBar { standardError("\n") }
            throw .downloadFailed(url: url, destination: destination, reason: failure)
        }
        if showBar { delegate.finishBar(" Done") }
    }

    private static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Receives URLSession's callbacks on its queue; the lock guards what the waiting thread reads.
private final class DownloadDelegate: NSObject, URLSessionDownloadDelegate, @unchecked Sendable {
    let destination: String
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var bar: ProgressBar
    private var _failure: String?

    /// A delegate storing the download at `destination`, with a bar labelled `label` if `showBar`.
    init(destination: String, label: String, showBar: Bool) {
        self.destination = destination
        bar = ProgressBar(total: nil, label: label, unit: .bytes, enabled: showBar)
    }

    /// Why the download failed, once `finished` was signalled; `nil` on success.
    var failure: String? { lock.withLock { _failure } }

    /// Draws the bar at its current state.
    func drawBar() { lock.withLock { bar.update(bar.completed) } }

    /// Draws the bar at 100%, then `message`, and ends its line.
    func finishBar(_ message: String) { lock.withLock { bar.finish(message) } }

    func urlSession(
        _ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64,
        totalBytesWritten: Int64, totalBytesExpectedToWrite: Int64
    ) {
        lock.withLock {
            // Switch to a percentage bar once the server has told the length.
            if bar.total == nil && totalBytesExpectedToWrite > 0 {
                bar = ProgressBar(total: Int(totalBytesExpectedToWrite), label: bar.label, enabled: bar.isEnabled)
            }
            bar.update(Int(totalBytesWritten))
        }
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        if let http = downloadTask.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            fail("the server answered HTTP \(http.statusCode)")
            return
        }
        // Move into the data directory under a temporary name, then rename: a reader never sees
        // half a file.
        let manager = FileManager.default
        let temporary = destination + ".download"
        do {
            if manager.fileExists(atPath: temporary) { try manager.removeItem(atPath: temporary) }
            try manager.moveItem(at: location, to: URL(fileURLWithPath: temporary))
            if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
            try manager.moveItem(atPath: temporary, toPath: destination)
        } catch {
            try? manager.removeItem(atPath: temporary)
            fail("cannot store the file (\(error.localizedDescription))")
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error { fail(error.localizedDescription) }
        finished.signal()
    }

    private func fail(_ reason: String) {
        lock.withLock {
            if _failure == nil { _failure = reason }
        }
    }
}
#endif
