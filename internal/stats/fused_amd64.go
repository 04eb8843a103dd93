//go:build amd64

package stats

import "golang.org/x/sys/cpu"

// lowerBitsAVX512 is lowerBitsGo with AVX-512BW, 64 bytes an iteration:
// range compares give each bitmap as a mask register, and the lowercase
// copy is one masked byte add. It returns the characters of text and the
// OR of the high bitmaps. dst must hold 64*(len(text)/64)+64 bytes, and
// len(text)+64; bm 2*(len(text)/64+1) words.
//
//go:noescape
func lowerBitsAVX512(dst []byte, bm []uint64, text []byte) (chars int, high uint64)

// wordBitsAVX512 is wordBitsGo with AVX-512BW. bm must hold
// 2*(len(text)/64+1) words.
//
//go:noescape
func wordBitsAVX512(bm []uint64, text []byte)

func init() {
	if cpu.X86.HasAVX512BW {
		lowerBitsKernel, wordBitsKernel = lowerBitsAsm, wordBitsAVX512
	}
}

func lowerBitsAsm(dst []byte, bm []uint64, text []byte) (int, bool) {
	chars, high := lowerBitsAVX512(dst, bm, text)
	return chars, high == 0
}
