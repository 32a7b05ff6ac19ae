import ArgumentParser
import DeZeroArray

/// The book's steps and the example programs, one subcommand each.
@main
struct DeZeroExamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dezero-examples",
        abstract: "Runs the steps of 'Deep Learning from Scratch 3' and DeZero's example programs.",
        subcommands: [
            Demo.self,
            // Stage 1: finding derivatives automatically (steps 1-10).
            Step01.self, Step02.self, Step03.self, Step04.self, Step05.self, Step06.self, Step07.self, Step08.self,
            Step09.self, Step10.self,
            // Stage 2: expressing it in natural code (steps 11-24).
            Step11.self, Step12.self, Step13.self, Step14.self, Step15.self, Step16.self, Step17.self, Step18.self,
            Step19.self, Step20.self, Step21.self, Step22.self, Step23.self, Step24.self,
            // Stage 3: higher-order differentiation (steps 25-36).
            Step25.self, Step26.self, Step27.self, Step28.self, Step29.self, Step30.self, Step31.self, Step32.self,
            Step33.self, Step34.self, Step35.self, Step36.self,
            // Stage 4: neural networks (steps 37-51).
            Step37.self, Step38.self, Step39.self, Step40.self, Step41.self, Step42.self, Step43.self, Step44.self,
            Step45.self, Step46.self, Step47.self, Step48.self, Step49.self, Step50.self, Step51.self, Step52.self,
            // Stage 5: challenges with DeZero (steps 53-60; step 52, the GPU through CuPy, has none).
            Step53.self, Step54.self, Step55.self, Step56.self, Step57.self, Step58.self, Step59.self, Step60.self,
            // DeZero's example programs.
            SpiralBN.self, MNISTProgram.self, GAN.self, VAE.self, TanhGraph.self,
            // Hidden: a deliberate misuse, for scripts/check-release-messages.sh.
            Misuse.self,
            // Compiled programs exported and run on their own.
            SpiralExport.self,
        ],
        defaultSubcommand: Demo.self)
}
