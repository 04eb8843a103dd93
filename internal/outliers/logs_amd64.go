package outliers

import "golang.org/x/sys/cpu"

// hasFloatKernels reports whether this CPU runs logsAVX512 and
// devKeysAVX512: AVX-512 F and DQ (VCVTQQ2PD).
var hasFloatKernels = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// logsAVX512 replaces each of the first len(x) &^ 7 values of x, all
// finite and positive normal numbers, by math.Log of it, bit for bit
// (archLog's steps, eight at a time).
//
//go:noescape
func logsAVX512(x []float64)

// devKeysAVX512 replaces each of the first len(keys) &^ 7 keys
// (floatKey) by the key of its value's deviation from med, float32 of
// |v - med|, as medianMAD's loop computes it.
//
//go:noescape
func devKeysAVX512(keys []uint32, med float64)
