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
