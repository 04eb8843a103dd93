package stats

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
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

// checkKernels compares every kernel this CPU can run, and the ones in
// use, with the Go ones on text.
func checkKernels(t *testing.T, text string) {
	n := len(text)
	// Scratch full of garbage, to see every byte and word written.
	junk := func() ([]byte, []uint64) {
		dst, bm := bytes.Repeat([]byte{0xA5}, n+tokSlack), make([]uint64, 2*(n/64+1))
		for i := range bm {
			bm[i] = 0xdeadbeef
		}
		return dst, bm
	}
	dstGo, bmGo := junk()
	charsGo, asciiGo := lowerBitsGo(dstGo, bmGo, []byte(text))
	if lt, _, _ := lowerASCII(nil, []byte(text)); !bytes.Equal(dstGo[:n], lt) || !bytes.Equal(dstGo[n:], make([]byte, tokSlack)) {
		t.Fatalf("lowerBitsGo(%q) copied %q, lowerASCII %q", text, dstGo, lt)
	}
	for _, k := range append(kernels(), kernel{"in use", lowerBitsKernel, wordBitsKernel}) {
		dst, bm := junk()
		chars, ascii := k.lower(dst, bm, []byte(text))
		if !bytes.Equal(dst, dstGo) || !slices.Equal(bm, bmGo) || chars != charsGo || ascii != asciiGo {
			t.Fatalf("lowerBits %s(%q) = %q %x %d %v, Go kernel %q %x %d %v", k.name, text, dst, bm, chars, ascii, dstGo, bmGo, charsGo, asciiGo)
		}
		_, bm = junk()
		k.words(bm, []byte(text))
		if !slices.Equal(bm, bmGo) {
			t.Fatalf("WordBitmaps %s(%q) = %x, lowerBits Go kernel %x", k.name, text, bm, bmGo)
		}
	}
	if got := WordBitmaps(nil, []byte(text)); !slices.Equal(got, bmGo) {
		t.Fatalf("WordBitmaps(%q) = %x, lowerBits Go kernel %x", text, got, bmGo)
	}
}

// TestLowerBitsKernels holds every kernel this CPU can run (AVX-512BW and
// AVX2 assembly) to the Go one: the copy with its zero slack, the bitmaps,
// the character count and the ASCII flag.
func TestLowerBitsKernels(t *testing.T) {
	t.Logf("kernels: %v", kernels())
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

// TestLowerBitsKernelsCount runs the token tests with every kernel, which
// the one chosen at start-up hides.
func TestLowerBitsKernelsCount(t *testing.T) {
	saved, savedW := lowerBitsKernel, wordBitsKernel
	defer func() { lowerBitsKernel, wordBitsKernel = saved, savedW }()
	for _, k := range kernels() {
		lowerBitsKernel, wordBitsKernel = k.lower, k.words
		t.Run(k.name+"/TestCountTokensBlocks", TestCountTokensBlocks)
		t.Run(k.name+"/TestWordHashes", TestWordHashes)
	}
}

// BenchmarkLowerBits runs every kernel this CPU can run over the sample's
// texts.
func BenchmarkLowerBits(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	for _, k := range kernels() {
		b.Run(k.name, func(b *testing.B) {
			var dst []byte
			var bm []uint64
			b.SetBytes(n)
			b.ReportAllocs()
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				for _, t := range texts {
					if cap(dst) < len(t)+tokSlack {
						dst = make([]byte, 2*len(t)+tokSlack)
					}
					bm = bitmapScratch(bm, len(t))
					k.lower(dst[:len(t)+tokSlack], bm, t)
				}
			}
		})
	}
}
