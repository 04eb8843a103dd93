package llmtok

import "testing"

// BenchmarkAppendIDs encodes real text (the benchmark corpus's head, or the
// repository's sample) with a new Encoder, so a cold piece cache, each
// iteration.
func BenchmarkAppendIDs(b *testing.B) {
	texts := corpusTexts(b, 4<<20)
	var n int64
	for _, s := range texts {
		n += int64(len(s))
	}
	for _, name := range TiktokenNames() {
		b.Run(name, func(b *testing.B) {
			tok := mustTiktoken(b, name)
			b.SetBytes(n)
			b.ReportAllocs()
			var ids []uint32
			for b.Loop() {
				enc := tok.NewEncoder()
				for _, s := range texts {
					ids = enc.AppendIDs(ids[:0], []byte(s))
				}
			}
		})
	}
}

// BenchmarkCounterMerge merges two counters of o200k_base's size.
func BenchmarkCounterMerge(b *testing.B) {
	var a, c Counter
	ids := make([]uint32, 200000)
	for i := range ids {
		ids[i] = uint32(i)
	}
	c.Add(ids)
	b.SetBytes(int64(8 * len(c.Counts)))
	b.ReportAllocs()
	for b.Loop() {
		a.Merge(&c)
	}
}
