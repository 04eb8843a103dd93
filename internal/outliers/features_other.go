//go:build !amd64

package outliers

// hasChunks is false: the kernel is amd64 assembly.
const hasChunks = false

// featChunks is never called here (useChunks is false).
func featChunks(t []byte, hist *[4][256]uint32, st *featState) int { return 0 }

// featMerge is never called here (useChunks is false).
func featMerge(hist *[4][256]uint32, n int, counts, nz *[256]uint32, four bool) int { return 0 }
