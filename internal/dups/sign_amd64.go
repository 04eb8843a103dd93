//go:build !purego

package dups

import "golang.org/x/sys/cpu"

// useSign512 chooses emptyBins512 and bandsBytes512 over their Go loops
// in sign: set at start-up on CPUs with AVX-512 F, BW and DQ; tests turn
// it off to run the Go path on the same machine.
var useSign512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512DQ

// emptyBins512 returns the empty bins (0xffffffff) of two signatures
// before densifying, bit k for bin k, as emptyBinsGo does: four compares
// of 16 bins a signature instead of a loop over 64.
//
//go:noescape
func emptyBins512(word, bi *[nearK]uint32) (we, be uint64)

// bandsBytes512 sets bands to the LSH band keys of the densified word
// signature and w and b to the low 8 bits of every bin of word and bi,
// as sign's Go loops do: the 16 bands' four Mix64 each in the lanes of
// two registers, the bytes by VPMOVDB.
//
//go:noescape
func bandsBytes512(word, bi *[nearK]uint32, bands *[nearBands]uint32, w, b *nearSig)

// useMinhash512 chooses minhash512 for minhash's words after the first
// on CPUs with AVX-512 F and DQ (VPMULLQ) and BMI2 (SHLX); tests turn it
// off to run the Go path on the same machine.
var useMinhash512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasBMI2

// minhash512 puts the words of hs (at least one) and their pairs into
// word and bi as minhash's loop does, prev being the hash of the word
// before hs[0]. The 16 hashes of 8 words are computed in the lanes of
// two registers, the 16 minimums one by one.
//
//go:noescape
func minhash512(hs []uint64, prev uint64, word, bi *[nearK]uint32)

// densify512 is densifyFull on CPUs with AVX-512 (useSign512, and CD for
// VPLZCNTQ: useDensify512), full neither 0 nor every bin.
//
//go:noescape
func densify512(sig *[nearK]uint32, full uint64)

// useDensify512 chooses densify512 over densifyFull's loop, for
// signatures with at least densify512Min empty bins; tests turn it off.
var useDensify512 = useSign512 && cpu.X86.HasAVX512CD
