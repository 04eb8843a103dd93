package labels

import (
	"context"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// BenchmarkFeatures measures the per-row hashing of words and pairs, on the
// shipped sample's mails.
func BenchmarkFeatures(b *testing.B) {
	t := &testing.T{}
	rs := readSample(t, 1)
	var n int64
	texts := make([][]byte, len(rs))
	for i, r := range rs {
		texts[i] = []byte(r.Text)
		n += int64(len(r.Text))
	}
	var f featurizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			f.features(t)
		}
	}
}

// BenchmarkPasses measures both passes' per-batch work (features, counts,
// sample; then scoring and trigger words), one worker, on the sample's
// mails twice, or on the JSONL file (text, label, id) named by
// $DATAAUDIT_BENCH_LABELS: the sample's mails are not the mail corpora's
// mix (benchmarks/mklabelfaults; use its first few thousand rows). counts
// includes allocating its tables (2 MiB a class) and the sample's copies,
// which a long run pays once. cpu-ns/op is the benchmark thread's CPU
// time (BenchmarkFeaturize).
func BenchmarkPasses(b *testing.B) {
	batches, n := benchBatches(b)
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	c := NewCounts(Options{Seed: 1})
	for _, bt := range batches {
		c.Add(bt)
	}
	m := c.Model()
	b.Run("counts", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		b.SetBytes(n)
		b.ReportAllocs()
		c0 := threadCPU()
		for b.Loop() {
			c := NewCounts(Options{Seed: 1})
			for _, bt := range batches {
				c.Add(bt)
			}
		}
		b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("score", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		b.SetBytes(n)
		b.ReportAllocs()
		c0 := threadCPU()
		for b.Loop() {
			sc := m.NewScorer()
			for _, bt := range batches {
				sc.Add(bt)
			}
		}
		b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
	})
}

// benchBatches reads the benchmark's rows (BenchmarkPasses) as batches,
// one worker, and returns them with their bytes.
func benchBatches(b *testing.B) ([]*ingest.Batch, int64) {
	b.Helper()
	path := os.Getenv("DATAAUDIT_BENCH_LABELS")
	if path == "" {
		t := &testing.T{}
		rs := readSample(t, 2)
		plant(rs)
		path = writeJSONL(t, rs)
	}
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	opts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 1}
	var batches []*ingest.Batch
	var n int64
	if err := ingest.Run(context.Background(), inputs, opts, func(_ int, bt *ingest.Batch) error {
		batches = append(batches, bt)
		n += bt.Bytes
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return batches, n
}

// BenchmarkFold measures the fold of the rows of BenchmarkPasses that
// pass 1 normalises (those with a byte of 0x80 or more; an ASCII row's
// fold comes from its features): by its definition (normFold: the whole
// text normalised) and as pass 1 finds it (normWords: only around those
// bytes).
func BenchmarkFold(b *testing.B) {
	batches, _ := benchBatches(b)
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	var texts [][]byte
	var n int64
	for _, bt := range batches {
		ingest.ForEachText(bt.Column(ingest.ColText), func(_ int, t []byte, valid bool) {
			if valid && !isASCII(t) {
				texts = append(texts, t)
				n += int64(len(t))
			}
		})
	}
	var z dups.Normalizer
	var f featurizer
	for _, bc := range []struct {
		name string
		fold func(t []byte) int
	}{
		{"normalise-all", func(t []byte) int { return normFold(&f, &z, 1, t, DefaultFolds) }},
		{"around-non-ascii", func(t []byte) int { return fold(1, f.normWords(&z, t), DefaultFolds) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.SetBytes(n)
			b.ReportAllocs()
			c0 := threadCPU()
			for b.Loop() {
				for _, t := range texts {
					bc.fold(t)
				}
			}
			b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkFeaturize measures featurising alone, on the rows of
// BenchmarkPasses: pass 1 from the text (the first batch of a worker),
// from the token summary's word hashes (the others), and pass 2 with the
// trigger candidates of the rows' model. cpu-ns/op is the benchmark
// thread's CPU time, which the machine's other load does not inflate as
// much as wall time.
func BenchmarkFeaturize(b *testing.B) {
	batches, n := benchBatches(b)
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	var texts [][]byte
	var words [][]uint64
	for _, bt := range batches {
		ingest.ForEachText(bt.Column(ingest.ColText), func(_ int, t []byte, valid bool) {
			if valid {
				texts = append(texts, t)
				words = append(words, wordHashes(t))
			}
		})
	}
	c := NewCounts(Options{Seed: 1})
	for _, bt := range batches {
		c.Add(bt)
	}
	m := c.Model()
	run := func(b *testing.B, f *featurizer, each func(f *featurizer, i int)) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		b.SetBytes(n)
		b.ReportAllocs()
		c0 := threadCPU()
		for b.Loop() {
			for i := range texts {
				each(f, i)
			}
		}
		b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
	}
	b.Run("pass1-text", func(b *testing.B) {
		run(b, &featurizer{}, func(f *featurizer, i int) { f.features(texts[i]) })
	})
	b.Run("pass1-words", func(b *testing.B) {
		run(b, &featurizer{}, func(f *featurizer, i int) { f.wordFeatures(words[i]) })
	})
	b.Run("pass2", func(b *testing.B) {
		f := &featurizer{}
		f.setCand(m.cand)
		run(b, f, func(f *featurizer, i int) { f.features(texts[i]) })
	})
	b.Run("fold-ascii-check", func(b *testing.B) {
		run(b, &featurizer{}, func(f *featurizer, i int) { isASCII(texts[i]) })
	})
}

// threadCPU returns the calling thread's CPU time in nanoseconds.
func threadCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
