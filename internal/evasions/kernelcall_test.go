package evasions

import (
	"fmt"
	"testing"
)

// BenchmarkKernelCall measures a call of the scan kernel (scanChunks) on
// plain prose of a few lengths: 4 bytes is the call alone (no whole
// block: set-up and done), 8 to 56 the masked tail and partial, 64 one
// chunk, 72 a chunk and the tail. ns/call is the cost of one call; 64
// texts a length, at offsets 61 bytes apart in one buffer (session 26,
// see chunks.go).
func BenchmarkKernelCall(b *testing.B) {
	if !useChunks {
		b.Skip("no kernel on this CPU")
	}
	prose := []byte("the quick brown fox jumps over the lazy dog and then some more words follow here to fill it up nicely, again and again and over; ")
	for len(prose) < 4096 {
		prose = append(prose, prose...)
	}
	for _, n := range []int{4, 8, 16, 40, 64, 72, 128} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var texts [][]byte
			for off := 0; off+n <= len(prose) && len(texts) < 64; off += 61 {
				texts = append(texts, prose[off:off+n:off+n])
			}
			sink := 0
			for b.Loop() {
				for _, t := range texts {
					st := chunkState{}
					sink += scanChunks(t, &st)
				}
			}
			if sink < 0 {
				b.Fatal(sink)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/call")
		})
	}
}
