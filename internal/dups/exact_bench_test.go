package dups

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// BenchmarkExactAddCorpus measures Exact.Add (the default normalisation
// and the hash) on the 30 MB mail corpus when this machine has it
// (benchmarks/mkcorpus.sh), in batches of about 1 MiB of text as the
// audit reads it: thread CPU a pass over the corpus, each pass into a
// new Exact.
func BenchmarkExactAddCorpus(b *testing.B) {
	all := corpusAll(b)
	if len(all) == 0 {
		b.Skip("no /work/bench-data/corpus-30MB-s1.jsonl")
	}
	var batches []*ingest.Batch
	var n int64
	for lo := 0; lo < len(all); {
		var rows []fixtures.Row
		size := 0
		for hi := lo; hi < len(all) && size < 1<<20; hi++ {
			rows = append(rows, fixtures.Row{Text: all[hi]})
			size += len(all[hi])
		}
		batches = append(batches, fixtures.Batch(b, rows, int64(lo)))
		lo += len(rows)
		n += int64(size)
	}
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	b.SetBytes(n)
	b.ReportAllocs()
	defer fixtures.ThreadCPU(b)()
	for b.Loop() {
		d, err := NewExact(NormalizeDefault)
		if err != nil {
			b.Fatal(err)
		}
		for _, bt := range batches {
			if err := d.Add(bt); err != nil {
				b.Fatal(err)
			}
		}
	}
}
