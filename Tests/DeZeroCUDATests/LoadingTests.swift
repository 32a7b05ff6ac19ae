import Foundation
import Testing

@testable import DeZeroCUDA

/// Loading the CUDA libraries: typed errors, never a crash, when they are missing.
@Suite struct LoadingTests {
    @Test func missingLibraryListsEveryPathTried() {
        #expect {
            _ = try NVRTC(candidates: ["/nonexistent/libnvrtc.so.12", "libdoesnotexist.so"])
        } throws: { error in
            guard case CUDAError.libraryNotFound(let library, let tried) = error else { return false }
            return library == "libnvrtc" && tried.count == 2 && tried[0].hasPrefix("/nonexistent/libnvrtc.so.12: ")
                && "\(error)".contains("cannot load libnvrtc")
        }
    }

    @Test func libraryWithoutTheEntryPointsIsATypedError() {
        #expect {
            _ = try NVRTC(candidates: ["libz.so.1"])
        } throws: { error in
            guard case CUDAError.missingSymbol(let library, let symbol) = error else { return false }
            return library == "libnvrtc" && symbol == "nvrtcCreateProgram"
        }
    }

    @Test func searchHonoursTheEnvironmentVariableFirst() {
        let paths = LibrarySearch.candidates(variable: "PATH", sonames: ["libx.so.1"], stem: "libx.so")
        #expect(paths.first == ProcessInfo.processInfo.environment["PATH"])
        #expect(paths.dropFirst().first == "libx.so.1")
    }

    /// Without a driver (CI), asking for a device throws; with one, it names the GPU.
    @Test func deviceIsATypedErrorWithoutADriver() {
        do {
            let device = try CUDA.device(0)
            #expect(device.description == "cuda:0")
        } catch {
            #expect("\(error)".hasPrefix("CUDA:"))
        }
    }
}
