package evasions

import (
	"math/rand"
	"testing"
)

// TestMasks64 holds the kernel's 64-byte masks (wsMask64AVX512,
// eqMask64AVX512, eqPairMask64AVX512) to the word arithmetic they stand
// for (wsMaskGo, eqByteAny), on bytes of every value.
func TestMasks64(t *testing.T) {
	if !hasChunks {
		t.Skip("no kernel on this CPU")
	}
	rng := rand.New(rand.NewSource(31))
	alpha := []byte(" \t\n\r\v\fab=&\x00\x80\xa0\xff\x89\x8a\x8d")
	buf := make([]byte, 64+65)
	for n := range 20000 {
		for i := range buf {
			if n%2 == 0 {
				buf[i] = byte(rng.Intn(256))
			} else {
				buf[i] = alpha[rng.Intn(len(alpha))]
			}
		}
		for off := range 64 {
			w := buf[off : off+64]
			if got, want := wsMask64AVX512(&w[0]), wsMaskGo(w); got != want {
				t.Fatalf("wsMask64AVX512(%q) = %064b, want %064b", w, got, want)
			}
			c := w[rng.Intn(64)]
			var want uint64
			for k := range 8 {
				x := eqByteAny(uint64(w[8*k])|uint64(w[8*k+1])<<8|uint64(w[8*k+2])<<16|uint64(w[8*k+3])<<24|uint64(w[8*k+4])<<32|uint64(w[8*k+5])<<40|uint64(w[8*k+6])<<48|uint64(w[8*k+7])<<56, c)
				want |= ((x >> 7) * 0x0102040810204080 >> 56) << (8 * k)
			}
			if got := eqMask64AVX512(&w[0], c); got != want {
				t.Fatalf("eqMask64AVX512(%q, %#x) = %064b, want %064b", w, c, got, want)
			}
			w2 := buf[off : off+65]
			j := rng.Intn(64)
			c0, c1 := w2[j], w2[j+1]
			if got, want := eqPairMask64AVX512(&w2[0], c0, c1), eqMask64AVX512(&w2[0], c0)&eqMask64AVX512(&w2[1], c1); got != want {
				t.Fatalf("eqPairMask64AVX512(%q, %#x, %#x) = %064b, want %064b", w2, c0, c1, got, want)
			}
		}
	}
}
