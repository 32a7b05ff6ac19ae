import DeZero
import DeZeroArray
import DeZeroCUDA
import Foundation

// The GPU check (scripts/gpu-check.sh runs it on a machine with a GPU):
//   dezero-gpu-check eager|compiled|training   one part of the parity suite (parity: all three):
//       eager GPU functions against the CPU, compiled CUDA programs against the interpreter,
//       the spiral classifier trained compiled on the GPU against eager on the CPU
//   dezero-gpu-check bench [FILTER...]         the GPU benchmarks (copy, W3 at 64M, MLP, spiral)
// Exit status 1 when a parity check fails or there is no GPU.

let command = CommandLine.arguments.dropFirst().first ?? "parity"
do {
    let device = try CUDA.device(0)
    let gpu = try CUDA.gpu(0)
    print("GPU: \(gpu.name), sm_\(gpu.architecture), \(gpu.multiprocessors) multiprocessors, as \(device)")
} catch {
    print("dezero-gpu-check: no GPU: \(error)")
    exit(1)
}
switch command {
case "parity", "eager", "compiled", "training":
    var report = ParityReport()
    if command == "parity" || command == "eager" { checkEagerFunctions(&report) }
    if command == "parity" || command == "compiled" { checkCompiledPrograms(&report) }
    if command == "parity" || command == "training" { checkTraining(&report) }
    report.finish()
case "bench":
    runBenchmarks(Array(CommandLine.arguments.dropFirst(2)))
default:
    print("usage: dezero-gpu-check parity|eager|compiled|training|bench [FILTER...]")
    exit(2)
}
