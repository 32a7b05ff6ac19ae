import Testing

@testable import DeZeroCUDA

/// NVRTC from PyPI (`scripts/install-nvrtc.sh`) compiles CUDA C++ without a GPU: these run
/// wherever it is installed, and say why they skip elsewhere.
@Suite(.enabled(if: (try? NVRTC.shared()) != nil, "NVRTC not found: run scripts/install-nvrtc.sh"))
struct NVRTCTests {
    static let saxpy = """
        extern "C" __global__ void saxpy(float a, const float *x, float *y, long long n) {
            long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
            if (i < n) y[i] = a * x[i] + y[i];
        }
        """

    @Test func compilesToPTX() throws {
        let ptx = String(decoding: try NVRTC.shared().compile(Self.saxpy, output: .ptx, architecture: 90), as: UTF8.self)
        #expect(ptx.contains(".entry saxpy"))
        #expect(ptx.contains(".target sm_90"))
    }

    @Test func compilesToACubinForTheH200() throws {
        let cubin = try NVRTC.shared().compile(Self.saxpy, output: .cubin, architecture: 90, options: NVRTC.spillsAreErrors)
        #expect(cubin.starts(with: [0x7F, 0x45, 0x4C, 0x46]))  // an ELF file
    }

    @Test func aCompileErrorThrowsWithTheLog() {
        #expect {
            _ = try NVRTC.shared().compile("extern \"C\" __global__ void k() { undeclared = 1; }", output: .ptx, architecture: 90)
        } throws: { error in
            guard case CUDAError.nvrtc(let call, _, let log) = error else { return false }
            return call == "nvrtcCompileProgram" && log.contains("undeclared")
        }
    }

    /// ptxas's resource checks run in the cubin compile: too much shared memory is an error.
    @Test func resourceErrorsShowInTheCubinCompile() {
        let source = """
            extern "C" __global__ void big(float *y) {
                __shared__ float s[100000];
                s[threadIdx.x] = 1; __syncthreads(); y[threadIdx.x] = s[threadIdx.x + 1];
            }
            """
        #expect(throws: CUDAError.self) {
            _ = try NVRTC.shared().compile(source, output: .cubin, architecture: 90, options: NVRTC.spillsAreErrors)
        }
    }
}
