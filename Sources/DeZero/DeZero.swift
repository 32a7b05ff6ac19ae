// `import DeZero` brings NDArray and the rest of the array layer along, as the Python
// DeZero's users get NumPy next to it.
@_exported import DeZeroArray
