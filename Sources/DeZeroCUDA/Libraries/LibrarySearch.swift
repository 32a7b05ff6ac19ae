import Foundation

/// Where the CUDA libraries are looked for, in order: the full path in an environment variable,
/// the dynamic loader's own search (sonames), the usual CUDA folders, then the `lib` folders of
/// NVIDIA's PyPI wheels (`site-packages/nvidia/*/lib`) in the Python environments of the machine
/// and of the repository (`.venv-nvrtc`).
enum LibrarySearch {
    /// The candidate paths of a library whose file names start with `stem` (as "libnvrtc.so"),
    /// given by `variable` when set, and known to the loader as `sonames`.
    static func candidates(variable: String, sonames: [String], stem: String) -> [String] {
        var paths: [String] = []
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { paths.append(path) }
        paths += sonames
        for folder in folders() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            // libnvrtc.so.13 before libnvrtc.so.12, the plain soname link before versioned files.
            for name in names.filter({ $0.hasPrefix(stem) && !$0.contains("alt") }).sorted(by: >) {
                paths.append(folder + "/" + name)
            }
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// The folders searched after the loader's own paths.
    static func folders() -> [String] {
        var folders = ["/usr/local/nvidia/lib64", "/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"]
        let fm = FileManager.default
        var sitePackages: [String] = []
        var prefixes = ["/usr/lib", "/usr/local/lib", NSHomeDirectory() + "/.local/lib"]
        if let venv = ProcessInfo.processInfo.environment["VIRTUAL_ENV"] { prefixes.append(venv + "/lib") }
        prefixes.append(fm.currentDirectoryPath + "/.venv-nvrtc/lib")
        for opt in (try? fm.contentsOfDirectory(atPath: "/opt")) ?? [] {
            prefixes += ["/opt/\(opt)/.venv/lib", "/opt/\(opt)/lib"]
        }
        for prefix in prefixes {
            for python in ((try? fm.contentsOfDirectory(atPath: prefix)) ?? []).filter({ $0.hasPrefix("python3") }) {
                sitePackages += ["\(prefix)/\(python)/site-packages", "\(prefix)/\(python)/dist-packages"]
            }
        }
        for site in sitePackages {
            let nvidia = site + "/nvidia"
            for package in ((try? fm.contentsOfDirectory(atPath: nvidia)) ?? []).sorted() {
                folders.append("\(nvidia)/\(package)/lib")
            }
        }
        return folders
    }
}
