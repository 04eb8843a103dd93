//go:build !amd64

package outliers

// hasChunks is false: the kernel is amd64 assembly.
const hasChunks = false

// featChunks is never called here (useChunks is false).
func featChunks(t []byte, hist *[4][256]uint32, st *featState) int { return 0 }
