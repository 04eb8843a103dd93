package evasions

import "golang.org/x/sys/cpu"

// hasChunks reports whether this CPU runs scanChunksAVX512: AVX-512 BW
// (byte masks), VBMI (VPERMI2B), DQ (byte mask moves), BMI1, BMI2 and
// POPCNT.
var hasChunks = cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512DQ &&
	cpu.X86.HasBMI1 && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT

// scanChunksAVX512 takes the plain 64-byte chunks at the start of t,
// then the plain blocks of the chunk where it stops (see chunks.go),
// counting and carrying st, and returns how many bytes it took, a
// multiple of 8. tab is kernelTables.
//
//go:noescape
func scanChunksAVX512(t []byte, st *chunkState, tab *chunkTables) int

// scanChunks is the kernel on this CPU.
func scanChunks(t []byte, st *chunkState) int {
	st.minB64, st.minHex = chainB64, chainHex
	return scanChunksAVX512(t, st, &kernelTables)
}

// b64BlocksAVX512 is b64BlocksGo from t[0], 64 bytes at a time, the last
// whole blocks under a mask: it returns the bytes of the blocks taken, a
// multiple of 8, the bytes in them that are not line breaks and their
// classes. class is b64Class.
//
//go:noescape
func b64BlocksAVX512(t []byte, class *[128]byte) (took, n int, cl uint8)

// b64BlocksKernel is the kernel on this CPU.
func b64BlocksKernel(t []byte, j int) (next, n int, cl uint8) {
	took, n, cl := b64BlocksAVX512(t[j:], &b64Class)
	return j + took, n, cl
}

// b64AheadAVX512 is the block loop of earlyB64 from t[0], 64 bytes at a
// time, the last whole blocks under a mask: it takes the blocks before
// the first byte that ends the base64 run (not ASCII, or not a letter,
// digit, + / = or line break), and returns their bytes (a multiple of
// 8), those that are not line breaks, and the hex run (hex digits and
// line breaks in a row) going on at their end, from hexRun going on at
// t[0]; or stop when a hex run reaches min in them (8 <= min <= 64).
// class is b64AheadClass.
//
//go:noescape
func b64AheadAVX512(t []byte, hexRun, min int, class *[128]byte) (took, n, hexRunOut int, stop bool)

// b64Ahead is the kernel on this CPU.
func b64Ahead(t []byte, hexRun, min int) (took, n, hexRunOut int, stop bool) {
	return b64AheadAVX512(t, hexRun, min, &b64AheadClass)
}

// wsMask64AVX512 is wsMaskGo of the 64 bytes at w.
//
//go:noescape
func wsMask64AVX512(w *byte) uint64

// eqMask64AVX512 is the mask of the bytes equal to c of the 64 bytes at
// p, a bit a byte.
//
//go:noescape
func eqMask64AVX512(p *byte, c byte) uint64

// eqPairMask64AVX512 is the mask of the bytes of the 64 at p that are c0
// with c1 after them (it reads 65 bytes), a bit a byte.
//
//go:noescape
func eqPairMask64AVX512(p *byte, c0, c1 byte) uint64

// windowsAVX512 marks n (at most 64) windows of 24 bytes at p,
// p+stride, ...: bit i of eq when window i holds three = or more, of
// cand when none of its bytes is over 0x7F or of class bit 1 and one is
// of class bit 2 (recall37.go's looks37 with deepClass, recall31.go's
// keyRun with keyClass).
//
//go:noescape
func windowsAVX512(p *byte, n, stride int, class *[128]byte) (eq, cand uint64)

// lineGateAVX512 is lineGateStep's samples from q, step bytes apart, up
// to the first whose line after e2 ends as far on (a line run may be
// there: lineRunAt), in one call: it returns the sample at, e1 and e2,
// or at >= len(t) when none is left (recall36.go).
//
//go:noescape
func lineGateAVX512(t []byte, q, step int) (at, e1, e2 int)

// longGateAVX512 is longGateStep in one call: whether a sample every
// step bytes repeats over 64 bytes at a period of 17 to 64
// (recall24long.go).
//
//go:noescape
func longGateAVX512(t []byte, step int) bool
