package outliers

// Sixty-four bytes at a time (featChunks): on CPUs with AVX-512 BW and
// VBMI, features hands the kernel every run of 64-byte chunks of ASCII
// bytes, a whole text a call (asm is never inlined); the kernel counts
// each byte in the histograms and the words that start in the chunk (a
// letter or digit not after one: a 128-byte table lookup, VPERMI2B, and
// a mask), and stops at a chunk holding a byte that is not ASCII, which
// the eight-byte path takes. useChunks picks it (set at start-up from
// the CPU; the tests turn it off to hold the eight-byte path, the
// fallback on other CPUs, to the same features).

// featState is what the kernel carries from chunk to chunk.
type featState struct {
	words  int // word starts: added to
	inWord int // 1 after a letter or digit: read and carried
}

// wordClass is 0x80 for an ASCII letter or digit, else 0.
var wordClass = func() (t [128]byte) {
	for c := range t {
		if asciiFeat[c]&featWord != 0 {
			t[c] = 0x80
		}
	}
	return t
}()

// useChunks reports whether features calls the kernel.
var useChunks = hasChunks
