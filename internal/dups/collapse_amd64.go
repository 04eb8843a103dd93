//go:build !purego

package dups

import "golang.org/x/sys/cpu"

// useAVX512 chooses collapse512 over collapseGo: set at start-up on CPUs
// with AVX-512 BW, VBMI (VPERMI2B) and VBMI2 (VPCOMPRESSB); tests turn it off to run the
// Go path on the same machine.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512VBMI2 && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT

// collapse512 is collapseGo 64 bytes at a time with AVX-512: it writes
// src[:n] into dst as collapseRun describes, and returns what collapseRun
// returns. dst must have room for read+64 bytes: each block is stored
// whole, 64 bytes, at the write position.
//
// Per block: a mask of the bytes that are not ASCII (VPMOVB2M: the block
// stops before the first), masks of white space and capitals (VPCMPUB),
// capitals lowercased and white space made a space under them, and the
// bytes kept (all but white space after white space) packed together by
// VPCOMPRESSB; the last bytes are loaded under a mask. The whole of a run
// is one call. On the ASCII texts of the 30 MB mail corpus it takes 6.4
// CPU ms to collapseGo's 26.9 (BenchmarkNormalizeCorpus/ascii, -go; 24.3
// for the Go loop before it).
//
// Each block prefetches the line 512 bytes ahead (PREFETCHT0), past the
// end of src into the next text of the batch too. In the default audit
// the text comes from L3: every analysis reads the whole batch (about 1
// MiB of text) in turn, and the token summary's count tables, read in
// between, leave little of it in L2. Without the prefetch, more than half
// of collapse512's samples sat on the instruction after its load
// (perf annotate); with it, its share of the default audit's samples on
// the 200 MB JSONL fell from 1.12-1.14% to 0.82-0.84% (2 runs each, perf
// record -F 8000), and BenchmarkNormalizeCorpus/ascii -5.0% CPU (p=0.009,
// 6 runs). 1024 bytes ahead: 0.77-0.93%, no better.
//
// Session 28: a block lowercased, and its white space made a space,
// by one lookup in asciiLower (VPERMI2B, the table in two registers),
// and its white space marked by comparing that with spaces, where two
// range tests (VPSUBB, VPCMPUB), a VPCMPEQB, a KORQ and two masked
// writes took eight vector instructions: about 20 a block to 15.
// BenchmarkNormalizeCorpus/ascii 5.38 to 5.02 ms thread CPU (-6.7%,
// p=0.007, 20 runs each in 10 rounds alternated, CPU lock, load 13-15),
// BenchmarkExactAddCorpus 4.99 to 4.78 (-4.3%, p=0.056).
//
//go:noescape
func collapse512(dst, src *byte, n int, sp uint64) (w, read int, spOut uint64)
