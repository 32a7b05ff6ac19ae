import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 serving the files under `root`, so that the download
/// path is tested without a network: `GET /a/b` answers `root/a/b` or 404.
final class LoopbackHTTPServer: @unchecked Sendable {
    let root: String
    private(set) var port: UInt16 = 0
    private let listener: Int32
    private let lock = NSLock()
    private var served: [String] = []

    /// The request paths answered so far.
    var requests: [String] { lock.withLock { served } }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(root: String) {
        self.root = root
        #if canImport(Glibc)
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        listener = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(listener >= 0, "socket failed")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                precondition(bind(listener, raw, length) == 0, "bind failed")
                precondition(getsockname(listener, raw, &length) == 0, "getsockname failed")
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        precondition(listen(listener, 8) == 0, "listen failed")
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops accepting connections.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            answer(connection)
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let n = read(connection, &buffer, buffer.count)
            if n <= 0 { return }
            request += buffer[..<n]
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        let path = line.count > 1 ? String(line[1]) : "/"
        lock.withLock { served.append(path) }
        let body = FileManager.default.contents(atPath: root + path).map { [UInt8]($0) }
        let head =
            body.map { "HTTP/1.1 200 OK\r\nContent-Length: \($0.count)\r\nConnection: close\r\n\r\n" }
            ?? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + (body ?? [])
        var sent = 0
        while sent < response.count {
            let n = response[sent...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }
}

extension Array where Element: Equatable {
    fileprivate func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
