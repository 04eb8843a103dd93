//go:build amd64

package stats

import "golang.org/x/sys/cpu"

// lowerBitsAVX512 is lowerBitsGo with AVX-512BW, 64 bytes an iteration:
// range compares give each bitmap as a mask register, the lowercase copy
// is one masked byte add, and the last block is a masked load. It returns
// the characters of text and the OR of the high bitmaps. dst must hold
// len(text)+64 bytes, bm 2*(len(text)/64+1) words.
//
//go:noescape
func lowerBitsAVX512(dst []byte, bm []uint64, text []byte) (chars int, high uint64)

// wordBitsAVX512 is wordBitsGo with AVX-512BW. bm must hold
// 2*(len(text)/64+1) words.
//
//go:noescape
func wordBitsAVX512(bm []uint64, text []byte)

// lowerBitsAVX2 is lowerBitsAVX512 with AVX2, two 32-byte halves a block,
// for the whole blocks of text only: it returns their continuation bytes
// (not characters) and the OR of their high bitmaps, and lowerBitsAVX2Go
// does the last block.
//
//go:noescape
func lowerBitsAVX2(dst []byte, bm []uint64, text []byte) (cont int, high uint64)

// wordBitsAVX2 is wordBitsAVX512 with AVX2, for the whole blocks of text
// only.
//
//go:noescape
func wordBitsAVX2(bm []uint64, text []byte)

// mix64AVX512 is mixGo with AVX-512DQ: Mix64 of eight words an
// instruction (VPMULLQ), the last ones through a masked load and store.
//
//go:noescape
func mix64AVX512(h []uint64)

func init() {
	if cpu.X86.HasAVX512DQ {
		mixKernel = mix64AVX512
	}
	switch {
	case cpu.X86.HasAVX512BW:
		lowerBitsKernel, wordBitsKernel = lowerBitsAsm, wordBitsAVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT:
		lowerBitsKernel, wordBitsKernel = lowerBitsAVX2Go, wordBitsAVX2Go
	}
}

func lowerBitsAsm(dst []byte, bm []uint64, text []byte) (int, bool) {
	chars, high := lowerBitsAVX512(dst, bm, text)
	return chars, high == 0
}

// lowerBitsAVX2Go is lowerBitsAVX2 over the whole blocks of text, then over
// the last one copied into a zero-padded block.
func lowerBitsAVX2Go(dst []byte, bm []uint64, text []byte) (int, bool) {
	n := len(text)
	b := n &^ 63
	cont, high := lowerBitsAVX2(dst, bm, text[:b])
	var pad [64]byte
	copy(pad[:], text[b:])
	c, h := lowerBitsAVX2(dst[b:b+64], bm[b/32:], pad[:])
	clear(dst[n : n+tokSlack])
	return n - cont - c, high|h == 0
}

// wordBitsAVX2Go is wordBitsAVX2 over the whole blocks of text, then over
// the last one copied into a zero-padded block.
func wordBitsAVX2Go(bm []uint64, text []byte) {
	b := len(text) &^ 63
	wordBitsAVX2(bm, text[:b])
	var pad [64]byte
	copy(pad[:], text[b:])
	wordBitsAVX2(bm[b/32:], pad[:])
}

// kernels lists the kernels this CPU can run, for the tests.
func kernels() []kernel {
	ks := []kernel{{"go", lowerBitsGo, wordBitsGo}}
	if cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT {
		ks = append(ks, kernel{"avx2", lowerBitsAVX2Go, wordBitsAVX2Go})
	}
	if cpu.X86.HasAVX512BW {
		ks = append(ks, kernel{"avx512", lowerBitsAsm, wordBitsAVX512})
	}
	return ks
}

// countShortASCII is countASCII's token loop in assembly (BMI1/BMI2) for
// blocks from to to-1 of a text, less the runs asciiArgs.mixed marks: see
// asciiArgs.
//
//go:noescape
func countShortASCII(a *asciiArgs, full *byte, bm *uint64, from, to int)

func init() {
	asciiAsm = cpu.X86.HasBMI1 && cpu.X86.HasBMI2
}
