package outliers

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refFeatChunks is what featChunks does, a byte at a time: the 64-byte
// chunks of ASCII at the start of t, counted into hist and st; the bytes
// taken.
func refFeatChunks(t []byte, hist *[4][256]uint32, st *featState) int {
	n := 0
	for ; n+64 <= len(t); n += 64 {
		c := t[n : n+64]
		if strings.IndexFunc(string(c), func(r rune) bool { return r >= 0x80 }) >= 0 {
			return n
		}
		for i, b := range c {
			hist[i%4][b]++
			w := int(asciiFeat[b]&featWord) / featWord
			if w == 1 && st.inWord == 0 {
				st.words++
			}
			st.inWord = w
		}
	}
	return n
}

// TestFeatChunks holds the kernel (featChunksAVX512) to refFeatChunks:
// bytes taken, histograms and word starts, from a word going on or not.
func TestFeatChunks(t *testing.T) {
	if !hasChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(64, 4))
	for i, s := range genTexts(3000) {
		b := []byte(strings.Repeat(s, 3))
		if i%3 == 0 { // ASCII bytes of every value
			for j := range b {
				b[j] = byte(rng.IntN(128))
			}
		}
		checkFeatChunks(t, b, featState{words: i, inWord: i % 2})
	}
}

func checkFeatChunks(t *testing.T, b []byte, st featState) {
	t.Helper()
	var got, want [4][256]uint32
	gotSt, wantSt := st, st
	n, wantN := featChunks(b, &got, &gotSt), refFeatChunks(b, &want, &wantSt)
	if n != wantN || gotSt != wantSt || got != want {
		t.Fatalf("featChunks(%q, %+v) = %d, %+v, want %d, %+v (histograms equal: %v)", b, st, n, gotSt, wantN, wantSt, got == want)
	}
}

// FuzzFeatChunks holds the kernel to refFeatChunks on any bytes.
func FuzzFeatChunks(f *testing.F) {
	for _, s := range genTexts(20) {
		f.Add([]byte(strings.Repeat(s, 3)), false)
	}
	f.Fuzz(func(t *testing.T, b []byte, inWord bool) {
		if !hasChunks {
			t.Skip("no AVX-512 kernel on this CPU")
		}
		st := featState{}
		if inWord {
			st.inWord = 1
		}
		checkFeatChunks(t, b, st)
	})
}
