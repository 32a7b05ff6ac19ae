import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// Spiral classification steps of book step 48, eager and compiled from the same start.
@Suite struct TrainingParityTests {
    /// A fresh MLP and optimizer, seeded.
    static func spiralSetup(_ optimizer: Optimizer) -> (MLP, Optimizer, NDArray, NDArray) {
        Random.seed(0)
        let (x, t) = getSpiral()
        let model = MLP([10, 3])
        optimizer.setup(model)
        return (model, optimizer, x, t)
    }

    /// Losses of `steps` training steps on batches of 30, eagerly or compiled (with `passes`),
    /// and the parameters at the end.
    static func losses(
        _ makeOptimizer: () -> Optimizer, hooks: (MLP) -> [any OptimizerHook] = { _ in [] }, compiled: Bool,
        passes: PassConfiguration = PassConfiguration.all[0], steps: Int = 20
    ) throws -> [NDArray] {
        let (model, optimizer, x, t) = spiralSetup(makeOptimizer())
        for hook in hooks(model) { optimizer.addHook(hook) }
        let step = { (x: Variable, t: Variable) -> Variable in
            let loss = softmaxCrossEntropy(model(x), t)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        let compiledStep = compile("step", passes: passes.passes, step)
        var losses: [NDArray] = []
        for i in 0..<steps {
            let rows = NDArray.arange(i % 10 * 30, i % 10 * 30 + 30)
            let (xb, tb) = (Variable(x[rows]), Variable(t[rows]))
            losses.append(compiled ? try compiledStep(xb, tb).data : step(xb, tb).data)
        }
        if compiled { #expect(compiledStep.function.closureRuns == 2) }
        return losses + model.params().flatMap { [$0.data] + ($0.grad.map { [$0.data] } ?? []) }
    }

    /// Whether two runs gave the same bits.
    static func same(_ a: [NDArray], _ b: [NDArray]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ArrayBits($0) == ArrayBits($1) }
    }

    /// The optimizers the parity tests train with, by name.
    static let optimizerNames = ["SGD", "MomentumSGD", "AdaGrad", "AdaDelta", "Adam", "AdamW", "RMSProp"]

    /// A fresh optimizer named `name` (one of ``optimizerNames``).
    static func optimizer(_ name: String) -> Optimizer {
        switch name {
        case "SGD": SGD(lr: 1)
        case "MomentumSGD": MomentumSGD()
        case "AdaGrad": AdaGrad()
        case "AdaDelta": AdaDelta()
        case "Adam": Adam()
        case "AdamW": AdamW()
        default: RMSProp()
        }
    }

    @Test(arguments: optimizerNames)
    func optimizerStepsMatchEagerBitForBit(_ name: String) throws {
        let make = { Self.optimizer(name) }
        let eager = try Self.losses(make, compiled: false)
        for passes in PassConfiguration.all {
            let compiled = try Self.losses(make, compiled: true, passes: passes)
            #expect(Self.same(eager, compiled), "\(name), \(passes): eager \(eager) compiled \(compiled)")
        }
    }

    @Test func hooksMatchEagerBitForBit() throws {
        let hookSets: [() -> [any OptimizerHook]] = [
            { [WeightDecay(1e-2)] }, { [ClipGrad(0.5)] }, { [ClipGrad(1e6)] }, { [WeightDecay(1e-3), ClipGrad(1)] },
        ]
        for hooks in hookSets {
            let eager = try Self.losses({ MomentumSGD(lr: 0.5) }, hooks: { _ in hooks() }, compiled: false)
            for passes in PassConfiguration.all {
                let compiled = try Self.losses({ MomentumSGD(lr: 0.5) }, hooks: { _ in hooks() }, compiled: true, passes: passes)
                #expect(Self.same(eager, compiled), "\(hooks()), \(passes)")
            }
        }
    }

    @Test func frozenParametersStayFixedAndTheOthersTrainAsEager() throws {
        let freeze: (MLP) -> [any OptimizerHook] = { [FreezeParam($0.layers[0])] }
        let eager = try Self.losses({ SGD(lr: 1) }, hooks: freeze, compiled: false)
        for passes in PassConfiguration.all {
            let compiled = try Self.losses({ SGD(lr: 1) }, hooks: freeze, compiled: true, passes: passes)
            #expect(Self.same(eager, compiled), "\(passes)")
            #expect(!arrayEqual(compiled[0], compiled[19]))
        }
    }

    /// Book step 44: two `L.Linear` layers outside any Model, both holding parameters named `W`
    /// and `b`; each must keep its own slots (they once shared the names, and the program
    /// loaded l1.W for l2.W).
    @Test func separateLayersWithTheSameParameterNamesKeepTheirOwnSlots() throws {
        func losses(compiled: Bool, passes: PassConfiguration = PassConfiguration.all[0]) throws -> [NDArray] {
            Random.seed(0)
            let x = Random.rand(100, 1)
            let y = sin(2.0 * Double.pi * x) + Random.rand(100, 1)
            let l1 = L.Linear(10), l2 = L.Linear(1)
            let step = { (x: Variable, y: Variable) -> Variable in
                let loss = meanSquaredError(y, l2(sigmoid(l1(x))))
                l1.cleargrads()
                l2.cleargrads()
                loss.backward()
                for p in l1.params() + l2.params() { p.data -= 0.2 * p.grad!.data }
                return loss
            }
            let compiledStep = compile("step", passes: passes.passes, step)
            return try (0..<6).map { _ in
                compiled ? try compiledStep(Variable(x), Variable(y)).data : step(Variable(x), Variable(y)).data
            }
        }
        let eager = try losses(compiled: false)
        for passes in PassConfiguration.all {
            let compiled = try losses(compiled: true, passes: passes)
            #expect(Self.same(eager, compiled), "\(passes): eager \(eager) compiled \(compiled)")
        }
    }

    @Test func printsTheProgram() throws {
        let (model, optimizer, x, t) = Self.spiralSetup(SGD(lr: 1))
        let step = compile("step") { (x: Variable, t: Variable) -> Variable in
            let loss = softmaxCrossEntropy(model(x), t)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        for _ in 0..<3 { _ = try step(Variable(x[0..<30]), Variable(t[0..<30])) }
        print(step.function.programs[0])
    }
}
}
