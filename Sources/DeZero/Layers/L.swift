/// The layers, as DeZero's `dezero.layers` module that the book imports as `L`:
/// `L.Linear(10)`, `L.Conv2d(16, kernelSize: 3)`, `L.BatchNorm()`.
///
/// The namespace keeps the layer classes apart from the functions of the same name
/// (`Linear`, `Conv2d`, `BatchNorm` and `Deconv2d` are `Function`s, as in DeZero's
/// `dezero.functions`), so that code reads as the book's `L.Linear` / `F.linear` does.
/// See docs/layers.md.
public enum L {
    /// The base class of every layer (DeZero's `L.Layer`).
    public typealias Layer = DeZero.Layer
}
