@_spi(Device) import DeZeroArray
import DeZeroCompiler

/// What the GPU code reads of a device array: its device address (element `[0, 0, ...]`),
/// layout, and new arrays on the device.
extension NDArray {
    /// The device address of element `[0, 0, ...]`.
    var address: UInt64 { UInt64(UInt(bitPattern: deviceAddress)) }

    /// The layout of this view for the generic kernels.
    var layout: Layout { Layout(shape: shape, strides: strides) }

    /// A new C-contiguous array on `device` whose elements are not initialized.
    static func empty(_ type: TensorType, on device: Device) -> NDArray {
        NDArray.uninitialized(shape: type.shape, dtype: type.dtype, device: device)
    }
}
