package stats_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// totalled finishes a summary of the partitions' top tokens with the
// totals of all partitions, as a distributed scan does.
type totalled struct {
	analysis.Analyser
	total    uint64
	distinct int
}

func (t totalled) Finish(env *analysis.Env) (*analysis.Result, error) {
	res, err := t.Analyser.Finish(env)
	if err != nil {
		return nil, err
	}
	r := res.Section.(*stats.Result)
	r.SetTokenTotals(t.total, t.distinct)
	res.Metrics = r.Metrics()
	return res, nil
}

// TestTokenPartitions: the corpus cut into shards, each shard's words
// cut into P partitions by token, each partition merged apart and cut to
// its top tokens, then the shards' rests and the partitions' tops merged
// and finished with the partitions' totals, gives the one-process
// result byte for byte, with and without per-label counts, for top
// lists long and short.
func TestTokenPartitions(t *testing.T) {
	var files []string
	for _, p := range analysistest.Corpus(t) {
		files = append(files, filepath.Base(p))
	}
	env := &analysis.Env{Files: files, MaxExamples: 1000}
	key := []byte("job key")
	for _, c := range []*analysis.Config{config(), {MaxExamples: 1000, TopN: 3, TopPerLabel: 1}, {Label: "label", MaxExamples: 5, TopN: 2, TopPerLabel: 2}} {
		for _, tt := range []struct{ shards, parts int }{{1, 1}, {3, 2}, {5, 7}} {
			t.Run(fmt.Sprintf("top=%d/label=%q/shards=%d/partitions=%d", c.TopN, c.Label, tt.shards, tt.parts), func(t *testing.T) {
				states, want := analysistest.EncodedShards(t, stats.Spec, c, tt.shards, 7)
				cc := *c
				cc.Files = len(files)
				var rest analysis.Analyser
				parts := make([][][]byte, tt.parts)
				for i, st := range states {
					r, ps, err := stats.SplitTokens(&cc, st, tt.parts, key)
					if err != nil {
						t.Fatalf("SplitTokens(shard %d) = %v", i, err)
					}
					a, err := analysis.Decode(stats.Spec, &cc, r)
					if err != nil {
						t.Fatal(err)
					}
					if rest == nil {
						rest = a
					} else if err := rest.Merge(a); err != nil {
						t.Fatal(err)
					}
					for p := range ps {
						parts[p] = append(parts[p], ps[p])
					}
				}
				var total uint64
				var distinct int
				for p := range parts {
					top, d, n, err := stats.TopOfPartition(&cc, parts[p])
					if err != nil {
						t.Fatalf("TopOfPartition(%d) = %v", p, err)
					}
					total, distinct = total+n, distinct+d
					a, err := analysis.Decode(stats.Spec, &cc, top)
					if err != nil {
						t.Fatal(err)
					}
					if err := rest.Merge(a); err != nil {
						t.Fatal(err)
					}
				}
				got := analysistest.Render(t, env, totalled{rest, total, distinct})
				if !bytes.Equal(got, want) {
					t.Fatalf("partitioned result = %s\nwant %s", got, want)
				}
			})
		}
	}
}

// FuzzSplitTokens feeds SplitTokens and TopOfPartition corrupted states
// that Decode accepts: they return parts or an error, never panic, the
// parts decode, and their top lists hold every token of the state.
func FuzzSplitTokens(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, stats.Spec, config(), 4) {
		f.Add(s, uint8(3))
	}
	c := *config()
	c.Files = len(analysistest.Corpus(f))
	f.Fuzz(func(t *testing.T, state []byte, p uint8) {
		if _, err := analysis.Decode(stats.Spec, &c, state); err != nil {
			return
		}
		rest, parts, err := stats.SplitTokens(&c, state, int(p%9), []byte("key"))
		if err != nil {
			return
		}
		if _, err := analysis.Decode(stats.Spec, &c, rest); err != nil {
			t.Fatalf("the rest of SplitTokens does not decode: %v", err)
		}
		for i := range parts {
			if _, _, _, err := stats.TopOfPartition(&c, parts[i:i+1]); err != nil {
				t.Fatalf("TopOfPartition(part %d) = %v", i, err)
			}
		}
		stats.TopOfPartition(&c, parts) // the parts of one state merged: an error or not, no panic
	})
}
