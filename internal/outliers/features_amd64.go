package outliers

import "golang.org/x/sys/cpu"

// hasChunks reports whether this CPU runs featChunksAVX512: AVX-512 BW
// (byte masks), VBMI (VPERMI2B, VPERMB), GFNI (VGF2P8AFFINEQB), BITALG
// (VPOPCNTB), BMI1 (ANDN) and POPCNT.
var hasChunks = cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512GFNI &&
	cpu.X86.HasAVX512BITALG && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT

// featChunksAVX512 takes the 64-byte chunks at the start of t whose
// bytes are all ASCII and none a control other than 8 to 15 (tab, line
// breaks), and the last bytes of t after them (fewer than 64, loaded
// under a mask) when they are too: it counts each byte in hist[0] and
// the words that start in them into st, and returns how many bytes it
// took. tab is featKernelTables. See chunks.go for how it counts.
//
//go:noescape
func featChunksAVX512(t []byte, hist *[4][256]uint32, st *featState, tab *featTables) int

// featChunks is the kernel on this CPU.
func featChunks(t []byte, hist *[4][256]uint32, st *featState) int {
	return featChunksAVX512(t, hist, st, &featKernelTables)
}

// featMergeAVX512 is featMergeGo, sixteen counts at a time (VPCOMPRESSD
// for the nonzero ones); n is 128 or 256. It stores sixteen counts to nz
// at a time, all within its first n.
//
//go:noescape
func featMergeAVX512(hist *[4][256]uint32, n int, counts, nz *[256]uint32) int

// featMerge1AVX512 is featMergeAVX512 of the first histogram alone, for
// a text whose bytes the kernel and the per-byte paths counted (in
// hist[0]), not the eight-byte path (all four).
//
//go:noescape
func featMerge1AVX512(hist *[256]uint32, n int, counts, nz *[256]uint32) int

// featMerge is the merge on this CPU when useChunks is set: of the four
// histograms, or of hist[0] alone when one is false (the others are
// clear).
func featMerge(hist *[4][256]uint32, n int, counts, nz *[256]uint32, four bool) int {
	if !four {
		return featMerge1AVX512(&hist[0], n, counts, nz)
	}
	return featMergeAVX512(hist, n, counts, nz)
}
