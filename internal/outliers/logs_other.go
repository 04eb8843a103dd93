//go:build !amd64

package outliers

// hasFloatKernels is false: the kernels are amd64 assembly.
const hasFloatKernels = false

// logsAVX512 is never called here (useFloatKernels is false).
func logsAVX512(x []float64) {}

// devKeysAVX512 is never called here (useFloatKernels is false).
func devKeysAVX512(keys []uint32, med float64) {}
