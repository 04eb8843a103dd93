//go:build !amd64

package evasions

// hasChunks is false: the kernel is amd64 assembly.
const hasChunks = false

// scanChunks is never called here (useChunks is false).
func scanChunks(t []byte, st *chunkState) int { return 0 }

// b64BlocksKernel is never called here (useChunks is false).
func b64BlocksKernel(t []byte, j int) (next, n int, cl uint8) { return j, 0, 0 }

// b64Ahead is never called here (useChunks is false).
func b64Ahead(t []byte, hexRun, min int) (took, n, hexRunOut int, stop bool) {
	return 0, 0, hexRun, false
}

// wsMask64AVX512 is never called here (useChunks is false).
func wsMask64AVX512(w *byte) uint64 { return 0 }

// eqMask64AVX512 is never called here (useChunks is false).
func eqMask64AVX512(p *byte, c byte) uint64 { return 0 }

// eqPairMask64AVX512 is never called here (useChunks is false).
func eqPairMask64AVX512(p *byte, c0, c1 byte) uint64 { return 0 }

// windowsAVX512 is never called here (useChunks is false).
func windowsAVX512(p *byte, n, stride int, class *[128]byte) (eq, cand uint64) { return 0, 0 }

// lineGateAVX512 is never called here (useChunks is false).
func lineGateAVX512(t []byte, q, step int) (at, e1, e2 int) { return len(t), -1, -1 }

// longGateAVX512 is never called here (useChunks is false).
func longGateAVX512(t []byte, step int) bool { return false }
