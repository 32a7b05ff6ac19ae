import DeZeroArray

print("benchmarks: none yet")
