//go:build !amd64

package evasions

// hasChunks is false: the kernel is amd64 assembly.
const hasChunks = false

// scanChunks is never called here (useChunks is false).
func scanChunks(t []byte, st *chunkState) int { return 0 }
