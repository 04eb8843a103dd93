package evasions

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkLongGateHot runs longGate's loop, a sample every 1, 2 and 4
// KB, over the texts BenchmarkCheckTextHot checks (the first megabyte of
// the 30 MB mail corpus, in the second-level cache as they are right
// after checkText): its cost beside checkText's, warm. "1K-twobyte"
// takes a candidate period where the first two bytes repeat, not the
// first alone (longCandsTwoByte): fewer 64-byte compares, twice the
// eqByteAny work, no faster (rejected).
func BenchmarkLongGateHot(b *testing.B) {
	texts, n := hotTexts(b)
	for _, c := range []struct {
		name  string
		step  int
		cands func([]byte, int) uint64
	}{{"1K", 1024, longCands}, {"1K-equal", 1024, longCandsEqual}, {"1K-twobyte", 1024, longCandsTwoByte}, {"1.5K", 1536, longCands}, {"1.25K", 1280, longCands}, {"0.875K", 896, longCands}, {"2K", 2048, longCands}, {"2K-equal", 2048, longCandsEqual}, {"4K", 4096, longCands}} {
		b.Run(c.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			hits := 0
			for b.Loop() {
				for _, t := range texts {
					if len(t) < c.step+128 {
						continue
					}
					for q := 0; q+2*longMaxPeriod <= len(t); q += c.step {
						if c.cands(t, q) != 0 {
							hits++
							break
						}
					}
				}
			}
			_ = hits
		})
	}
}

// longCandsEqual is longCands with each candidate confirmed by
// bytes.Equal over the 64 bytes, without longConfirm's first word
// compared inline.
func longCandsEqual(t []byte, q int) uint64 {
	c := t[q]
	var m uint64
	for k := range 6 {
		x := eqByteAny(binary.LittleEndian.Uint64(t[q+longMinPeriod+8*k:]), c)
		m |= ((x >> 7) * 0x0102040810204080 >> 56) << (8 * k)
	}
	var out uint64
	for r := m; r != 0; r &= r - 1 {
		p := longMinPeriod + bits.TrailingZeros64(r)
		if bytes.Equal(t[q:q+64], t[q+p:q+p+64]) {
			out |= 1 << (p - longMinPeriod)
		}
	}
	return out
}

// longCandsTwoByte is longCands with candidates where t[q:q+2] repeats.
func longCandsTwoByte(t []byte, q int) uint64 {
	c0, c1 := t[q], t[q+1]
	var m uint64
	for k := range 6 {
		at := q + longMinPeriod + 8*k
		x := eqByteAny(binary.LittleEndian.Uint64(t[at:]), c0) & eqByteAny(binary.LittleEndian.Uint64(t[at+1:]), c1)
		m |= ((x >> 7) * 0x0102040810204080 >> 56) << (8 * k)
	}
	return longConfirm(t, q, m)
}

// TestLongCandsTwoByte holds the benchmark's longCandsTwoByte to
// longCands.
func TestLongCandsTwoByte(t *testing.T) {
	texts := chunkTexts()
	for _, c := range longCases {
		texts = append(texts, []byte(c.text))
	}
	for _, tx := range texts {
		for q := 0; q+2*longMaxPeriod <= len(tx); q += 13 {
			if a, b := longCandsTwoByte(tx, q), longCands(tx, q); a != b {
				t.Fatalf("longCandsTwoByte(%q, %d) = %x, want %x", tx[q:q+128], q, a, b)
			}
		}
	}
}

// BenchmarkLongGateWarm runs checkText then longGate's loop a sample
// every 1 or 2 KB (none: checkText alone) over BenchmarkCheckTextHot's
// texts: the loop's cost with the text warm from checkText, as in the
// scan (BenchmarkLongGateHot's texts are read by the loop alone). The
// difference of 1K and 2K is what checkText pays for a step of 1 KB
// (session 30, recall28.go).
func BenchmarkLongGateWarm(b *testing.B) {
	texts, n := hotTexts(b)
	for _, step := range []int{0, 2048, 1024} {
		b.Run(fmt.Sprintf("step%d", step), func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			var found [numEvasionKinds]string
			hits := 0
			for b.Loop() {
				for _, t := range texts {
					found = [numEvasionKinds]string{}
					checkText(t, &found)
					if step > 0 && len(t) >= step+128 && longGateStep(t, step) {
						hits++
					}
				}
			}
			_ = hits
		})
	}
}

// TestLongGateKernel holds longGateStep on the kernel's CPUs (one call,
// longGateAVX512) to its loop in Go (longCands' word arithmetic and
// longConfirm), on texts of prose with units of 15 to 66 bytes repeated
// a few times or many, units that differ in one byte, at several steps.
func TestLongGateKernel(t *testing.T) {
	if !hasChunks {
		t.Skip("no kernel on this CPU")
	}
	defer func(u bool) { useChunks = u }(useChunks)
	rng := rand.New(rand.NewSource(24))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyz \n"[rng.Intn(28)]
		}
		return string(b)
	}
	hits := 0
	for n := range 3000 {
		var b strings.Builder
		for b.Len() < 100+rng.Intn(6000) {
			switch r := rng.Intn(20); {
			case r < 17:
				b.WriteString(word(rng.Intn(200)))
			case r < 18:
				b.WriteString(strings.Repeat(word(15+rng.Intn(52)), 2+rng.Intn(6)))
			case r < 19:
				u := word(15 + rng.Intn(52))
				for range 3 + rng.Intn(60) {
					if rng.Intn(8) == 0 {
						b.WriteString(u[:len(u)-1] + "x")
					} else {
						b.WriteString(u)
					}
				}
			default:
				b.WriteString(strings.Repeat("a", rng.Intn(70)))
			}
		}
		tx := []byte(b.String())
		for _, step := range []int{longEvery, 64, 300} {
			useChunks = true
			got := longGateStep(tx, step)
			useChunks = false
			if want := longGateStep(tx, step); got != want {
				t.Fatalf("longGateStep(text %d of %d bytes, %d) = %v, want %v", n, len(tx), step, got, want)
			}
			if got {
				hits++
			}
		}
	}
	if hits == 0 {
		t.Fatal("no text passed the gate")
	}
	t.Logf("%d of 9000 passed", hits)
}
