package outliers

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// refFeatChunks is what featChunks does, a byte at a time: the 64-byte
// chunks of ASCII other than the controls 0 to 7 and 16 to 31 at the
// start of t, and the last bytes of t after them (fewer than 64) when
// they are too, counted into hist and st; the bytes taken.
func refFeatChunks(t []byte, hist *[4][256]uint32, st *featState) int {
	n := 0
	for ; n < len(t); n += 64 {
		c := t[n:min(n+64, len(t))]
		if slices.ContainsFunc(c, func(b byte) bool { return b >= 0x80 || b < 8 || b >= 16 && b < 32 }) {
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
	return min(n, len(t))
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
	// Every value the kernel counts, and runs of one value (a byte
	// counter's most: 8 a chunk), over as many chunks as its counters
	// hold before they are added up (31) and more, and a stop after.
	var counted []byte
	for c := range 128 {
		if c >= 8 && c < 16 || c >= 32 {
			counted = append(counted, byte(c))
		}
	}
	for _, chunks := range []int{1, 30, 31, 32, 62, 63, 100} {
		for _, tail := range []int{1, 8, 37, 63} { // the last bytes after the chunks
			b := make([]byte, 64*chunks+tail)
			for j := range b {
				b[j] = counted[j/(64*40)%len(counted)]
			}
			t.Run(fmt.Sprintf("chunks%d-tail%d", chunks, tail), func(t *testing.T) {
				checkFeatChunks(t, b, featState{})
			})
		}
		for _, run := range []bool{false, true} {
			for _, stop := range []string{"", "\x00", "\x1b", "é"} {
				b := make([]byte, 64*chunks)
				for j := range b {
					b[j] = counted[rng.IntN(len(counted))]
					if run {
						b[j] = counted[j/(64*40)%len(counted)] // 40 chunks of one value
					}
				}
				b = append(b, strings.Repeat("x", 70)...)
				b = append(b, stop...)
				b = append(b, strings.Repeat("y", 200)...)
				t.Run(fmt.Sprintf("chunks%d-run%v-stop%q", chunks, run, stop), func(t *testing.T) {
					checkFeatChunks(t, b, featState{})
				})
			}
		}
	}
}

func checkFeatChunks(t *testing.T, b []byte, st featState) {
	t.Helper()
	var got, want [4][256]uint32
	gotSt, wantSt := st, st
	n, wantN := featChunks(b, &got, &gotSt), refFeatChunks(b, &want, &wantSt)
	if n != wantN || gotSt != wantSt || histSum(&got) != histSum(&want) {
		t.Fatalf("featChunks(%q, %+v) = %d, %+v, want %d, %+v (counts equal: %v)", b, st, n, gotSt, wantN, wantSt, histSum(&got) == histSum(&want))
	}
}

// histSum is the four histograms' sum, by byte: what features reads
// (which histogram a byte is counted in is the kernel's choice).
func histSum(h *[4][256]uint32) (s [256]uint32) {
	for c := range s {
		s[c] = h[0][c] + h[1][c] + h[2][c] + h[3][c]
	}
	return s
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

// TestFeatMerge holds the merge kernels (featMergeAVX512, and
// featMerge1AVX512 on the first histogram alone) to featMergeGo:
// counts, nonzero counts in order, their number, and the histograms
// cleared in the first n counts only, on histograms from dense to empty.
func TestFeatMerge(t *testing.T) {
	if !hasChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{128, 256} {
		for _, fill := range []int{0, 1, 2, 10, 50, 100} {
			t.Run(fmt.Sprintf("n%d-fill%d", n, fill), func(t *testing.T) {
				for range 200 {
					var hist [4][256]uint32
					for c := range 256 {
						for j := range 4 {
							if rng.IntN(100) < fill {
								hist[j][c] = uint32(rng.IntN(3000))
							}
						}
					}
					checkFeatMerge(t, &hist, n)
				}
			})
		}
	}
}

func checkFeatMerge(t *testing.T, hist *[4][256]uint32, n int) {
	t.Helper()
	gotH, wantH := *hist, *hist
	var gotC, wantC, gotNZ, wantNZ [256]uint32
	got, want := featMerge(&gotH, n, &gotC, &gotNZ, true), featMergeGo(&wantH, n, &wantC, &wantNZ)
	if got != want || gotC != wantC || !slices.Equal(gotNZ[:got], wantNZ[:want]) || gotH != wantH {
		t.Fatalf("featMerge(%v, %d) = %d, %v, %v, want %d, %v, %v (histograms left equal: %v)", *hist, n, got, gotC, gotNZ[:got], want, wantC, wantNZ[:want], gotH == wantH)
	}
	// The first histogram alone (featMerge1AVX512), the others clear.
	gotH, wantH = [4][256]uint32{hist[0]}, [4][256]uint32{hist[0]}
	clear(gotC[:])
	clear(gotNZ[:])
	got, want = featMerge(&gotH, n, &gotC, &gotNZ, false), featMergeGo(&wantH, n, &wantC, &wantNZ)
	if got != want || gotC != wantC || !slices.Equal(gotNZ[:got], wantNZ[:want]) || gotH != wantH {
		t.Fatalf("featMerge(%v, %d, one) = %d, %v, %v, want %d, %v, %v (histograms left equal: %v)", hist[0], n, got, gotC, gotNZ[:got], want, wantC, wantNZ[:want], gotH == wantH)
	}
}

// FuzzFeatMerge holds the merge kernel to featMergeGo on histograms made
// of any bytes.
func FuzzFeatMerge(f *testing.F) {
	f.Add([]byte("the quick brown fox"), false)
	f.Add([]byte("\x00\xff\x80 aa"), true)
	f.Fuzz(func(t *testing.T, b []byte, all bool) {
		if !hasChunks {
			t.Skip("no AVX-512 kernel on this CPU")
		}
		var hist [4][256]uint32
		for i, c := range b {
			hist[i%4][c] += uint32(i)
		}
		n := 128
		if all {
			n = 256
		}
		checkFeatMerge(t, &hist, n)
	})
}
