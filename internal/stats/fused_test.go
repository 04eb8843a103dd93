package stats

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// kernelTexts are texts of 0 to 200 bytes that end on and off the 64-byte
// blocks, with every byte class the kernels tell apart at every place:
// both cases of letters and the bytes around them ('@', '[', '`', '{'),
// digits and '/', ':', continuation and lead bytes, NUL and 0xff.
func kernelTexts() []string {
	texts := []string{"", "a", "Z", "@[`{/:09azAZ", "\x00\x7f\x80\xbf\xc0\xff", "é", strings.Repeat("x", 64), strings.Repeat("É", 32), strings.Repeat("Q9 ", 43)}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		b := make([]byte, rng.IntN(200))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		texts = append(texts, string(b))
	}
	return texts
}

// checkKernels compares the lowerBits and WordBitmaps kernels in use with
// the Go ones on text.
func checkKernels(t *testing.T, text string) {
	n := len(text)
	// Scratch full of garbage, to see every byte and word written.
	junk := func(k int) []byte { return bytes.Repeat([]byte{0xA5}, k) }
	dstGo, dst := junk(n+tokSlack), junk(n+tokSlack)
	bmGo, bm := make([]uint64, 2*(n/64+1)), make([]uint64, 2*(n/64+1))
	for i := range bm {
		bmGo[i], bm[i] = 0xdeadbeef, 0xdeadbeef
	}
	charsGo, asciiGo := lowerBitsGo(dstGo, bmGo, []byte(text))
	chars, ascii := lowerBitsKernel(dst, bm, []byte(text))
	if !bytes.Equal(dst, dstGo) || !slices.Equal(bm, bmGo) || chars != charsGo || ascii != asciiGo {
		t.Fatalf("lowerBits(%q) = %q %x %d %v, Go kernel %q %x %d %v", text, dst, bm, chars, ascii, dstGo, bmGo, charsGo, asciiGo)
	}
	if lt, _, _ := lowerASCII(nil, []byte(text)); !bytes.Equal(dst[:n], lt) || !bytes.Equal(dst[n:], make([]byte, tokSlack)) {
		t.Fatalf("lowerBits(%q) copied %q, lowerASCII %q", text, dst, lt)
	}
	wantBM := make([]uint64, len(bm))
	wordBitsGo(wantBM, []byte(text))
	got := WordBitmaps(nil, []byte(text))
	if !slices.Equal(got, wantBM) || !slices.Equal(got, bmGo) {
		t.Fatalf("WordBitmaps(%q) = %x, Go kernel %x, lowerBits %x", text, got, wantBM, bmGo)
	}
}

// TestLowerBitsKernels holds the kernel in use (AVX-512BW assembly on CPUs
// that have it) to the Go one: the copy with its zero slack, the bitmaps,
// the character count and the ASCII flag.
func TestLowerBitsKernels(t *testing.T) {
	for _, text := range kernelTexts() {
		checkKernels(t, text)
	}
}

// FuzzLowerBits is TestLowerBitsKernels on any bytes.
func FuzzLowerBits(f *testing.F) {
	for _, s := range kernelTexts()[:20] {
		f.Add(s)
	}
	f.Fuzz(checkKernels)
}

// TestLowerBitsGoPath runs FuzzCountTokens's seeds and
// TestCountTokensBlocks with the Go kernels, which the assembly hides on
// CPUs that have it.
func TestLowerBitsGoPath(t *testing.T) {
	saved, savedW := lowerBitsKernel, wordBitsKernel
	lowerBitsKernel, wordBitsKernel = lowerBitsGo, wordBitsGo
	defer func() { lowerBitsKernel, wordBitsKernel = saved, savedW }()
	t.Run("TestCountTokensBlocks", TestCountTokensBlocks)
	t.Run("TestWordHashes", TestWordHashes)
}
