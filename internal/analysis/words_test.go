package analysis_test

import (
	"context"
	"sync"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// wordProbe counts the batches whose every text has the token summary's
// word hashes (Batch.Words) and those that miss some, and asks for them
// as the near duplicates do (WordHashes.Want, from the next batch on).
type wordProbe struct {
	mu            *sync.Mutex
	with, without *int
	batches       *int // this worker's batches
}

func (p wordProbe) Add(b *ingest.Batch) error {
	ok := b.Words != nil
	if ok {
		for i := range int(b.Record.NumRows()) {
			if _, has := b.Words.Row(i); !has {
				ok = false
			}
		}
	}
	if b.Words != nil {
		b.Words.Want = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if ok {
		*p.with++
	} else {
		*p.without++
	}
	*p.batches++
	return nil
}

func (p wordProbe) Merge(analysis.Analyser) error                  { return nil }
func (p wordProbe) Finish(*analysis.Env) (*analysis.Result, error) { return &analysis.Result{}, nil }

// wordReader is a wordProbe that declares itself a reader of word hashes.
type wordReader struct{ wordProbe }

func (wordReader) ReadsWords() {}

// TestWorkersAskWords: with an analysis that reads the word hashes
// (analysis.WordReader), every batch of every worker carries them, the
// first one too; without, the summary leaves them only once asked at the
// first batch (hashing every token costs it a store a token).
func TestWorkersAskWords(t *testing.T) {
	_, inputs := sampleInputs(t)
	for _, reads := range []bool{true, false} {
		var mu sync.Mutex
		var with, without int
		var workers []*int // each worker's batches
		factories := []analysis.Factory{
			func() (analysis.Analyser, error) { return stats.NewSummary(stats.Options{}), nil },
			func() (analysis.Analyser, error) {
				mu.Lock()
				defer mu.Unlock()
				workers = append(workers, new(int))
				probe := wordProbe{&mu, &with, &without, workers[len(workers)-1]}
				if reads {
					return wordReader{probe}, nil
				}
				return probe, nil
			},
		}
		opts := analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 4 << 10}}
		if _, err := analysis.Workers(context.Background(), inputs, opts, 1, factories); err != nil {
			t.Fatal(err)
		}
		if with+without < 4 {
			t.Fatalf("%d batches; the test wants several a worker", with+without)
		}
		if reads && without > 0 {
			t.Errorf("with a WordReader: %d of %d batches without word hashes, want none", without, with+without)
		}
		// A worker may get no batch at all on a loaded machine (the other
		// took them all): each worker that got one missed them once.
		busy := 0
		for _, n := range workers {
			if *n > 0 {
				busy++
			}
		}
		if !reads && (busy == 0 || without != busy) {
			t.Errorf("without a WordReader: %d of %d batches without word hashes, want %d (each busy worker's first)", without, with+without, busy)
		}
	}
}
