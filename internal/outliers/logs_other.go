//go:build !amd64

package outliers

// hasLogs is false: the kernel is amd64 assembly.
const hasLogs = false

// logsAVX512 is never called here (useLogs is false).
func logsAVX512(x []float64) {}

// devKeysAVX512 is never called here (useLogs is false).
func devKeysAVX512(keys []uint32, med float64) {}
