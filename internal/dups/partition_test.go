package dups_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// partitionKey keys the near duplicates' partitions in these tests, as
// a job's key does.
var partitionKey = []byte("a job's key")

// exactByPartition runs the exact duplicates' shuffle over the shards'
// states: SplitExact, ExactOfPartition per partition, CombineExact, the
// rests merged in, ExactTotalled. drop, when >= 0, loses that
// partition's result; twice repeats it.
func exactByPartition(c *analysis.Config, states [][]byte, p, list, drop, twice int) (analysis.Analyser, error) {
	rests := make([][]byte, len(states))
	parts := make([][][]byte, p)
	for k, s := range states {
		rest, ps, err := dups.SplitExact(c, s, p)
		if err != nil {
			return nil, err
		}
		rests[k] = rest
		for q, d := range ps {
			parts[q] = append(parts[q], d)
		}
	}
	var partials [][]byte
	for q := range p {
		r, err := dups.ExactOfPartition(c, q, p, parts[q], list)
		if err != nil {
			return nil, err
		}
		if q != drop {
			partials = append(partials, r)
		}
		if q == twice {
			partials = append(partials, r)
		}
	}
	listed, totals, err := dups.CombineExact(c, partials)
	if err != nil {
		return nil, err
	}
	all, err := mergeStates(dups.ExactSpec, c, rests)
	if err != nil {
		return nil, err
	}
	if err := all.Merge(listed); err != nil {
		return nil, err
	}
	return dups.ExactTotalled(all, totals)
}

// nearByPartition runs the near duplicates' shuffle: SplitNear,
// SharedOfPartition per partition, NearCandidates per shard, the
// candidates and rests merged in shard order, NearTotalled.
func nearByPartition(c *analysis.Config, states [][]byte, p, drop, twice int) (analysis.Analyser, error) {
	var rests [][]byte
	keys := make([][][]byte, p)
	for _, s := range states {
		rest, ks, err := dups.SplitNear(c, s, p, partitionKey)
		if err != nil {
			return nil, err
		}
		rests = append(rests, rest)
		for q, d := range ks {
			keys[q] = append(keys[q], d)
		}
	}
	var shared [][]byte
	for q := range p {
		s, err := dups.SharedOfPartition(q, p, keys[q])
		if err != nil {
			return nil, err
		}
		if q != drop {
			shared = append(shared, s)
		}
		if q == twice {
			shared = append(shared, s)
		}
	}
	var totals dups.NearTotals
	for _, s := range states {
		cand, t, err := dups.NearCandidates(c, s, p, partitionKey, shared)
		if err != nil {
			return nil, err
		}
		rests = append(rests, cand)
		totals.Rows += t.Rows
	}
	all, err := mergeStates(dups.NearSpec, c, rests)
	if err != nil {
		return nil, err
	}
	return dups.NearTotalled(all, totals)
}

// mergeStates decodes states and merges them in order.
func mergeStates(s *analysis.Spec, c *analysis.Config, states [][]byte) (analysis.Analyser, error) {
	all, err := s.New(c)
	if err != nil {
		return nil, err
	}
	for i, data := range states {
		a, err := analysis.Decode(s, c, data)
		if err != nil {
			return nil, fmt.Errorf("state %d: %w", i, err)
		}
		if err := all.Merge(a); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// envOf is the Env of paths listing list findings.
func envOf(paths []string, list int) *analysis.Env {
	var files []string
	for _, p := range paths {
		files = append(files, filepath.Base(p))
	}
	return &analysis.Env{Files: files, MaxExamples: list}
}

// editedCorpus writes the sample with, after it, copies of every third
// mail with 5 to 20% of their words swapped, deleted or re-cased, and
// labels flipped on every fourth copy: near duplicates that share some
// LSH bands and not others, some of them with conflicting labels.
func editedCorpus(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures.Root(), "testdata", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 19))
	out := bytes.Clone(data)
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		if i%3 != 0 {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal(line, &r); err != nil {
			continue
		}
		text, _ := r["text"].(string)
		words := strings.Fields(text)
		for range int(float64(len(words)) * (0.05 + 0.15*rng.Float64())) {
			if len(words) < 3 {
				break
			}
			k := rng.IntN(len(words) - 1)
			switch rng.IntN(3) {
			case 0:
				words[k], words[k+1] = words[k+1], words[k]
			case 1:
				words = append(words[:k], words[k+1:]...)
			default:
				words[k] = strings.ToUpper(words[k])
			}
		}
		r["text"], r["id"] = strings.Join(words, " "), fmt.Sprintf("copy-%d", i)
		if i%4 == 0 && r["label"] == "ham" {
			r["label"] = "spam"
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, b...), '\n')
	}
	path := filepath.Join(t.TempDir(), "edited.jsonl")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPartitions: the corpus cut into random shards, whose exact and
// near duplicates are cut into P partitions, grouped per partition and
// combined, gives the one-process result byte for byte, whatever the
// partitions, the shards and the findings listed.
func TestPartitions(t *testing.T) {
	plain := &analysis.Config{MaxExamples: 1000, ExactNormalize: dups.NormalizeNone, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ}
	corpus, edited := analysistest.Corpus(t), []string{editedCorpus(t)}
	iopts := ingest.Options{Text: []string{"text"}, LenientJSON: true}
	listed := config()
	listed.CollectDrops = false // the partitions ship only the clusters listed
	for ci, c := range []*analysis.Config{config(), listed, plain} {
		for _, shards := range []int{1, 4} {
			for pi, paths := range [][]string{corpus, edited} {
				var exact, near [][]byte
				if pi == 0 {
					exact, _ = analysistest.EncodedShards(t, dups.ExactSpec, c, shards, uint64(shards))
					near, _ = analysistest.EncodedShards(t, dups.NearSpec, c, shards, uint64(shards))
				} else {
					exact, _ = analysistest.EncodedShardsIn(t, dups.ExactSpec, c, paths, iopts, shards, uint64(shards))
					near, _ = analysistest.EncodedShardsIn(t, dups.NearSpec, c, paths, iopts, shards, uint64(shards))
				}
				cc := *c
				cc.Files = len(paths)
				for _, list := range []int{1000, 2, 1, 0} {
					env := envOf(paths, list)
					for _, p := range []int{1, 3, 7} {
						name := fmt.Sprintf("config %d, corpus %d, %d shards, list %d, %d partitions", ci, pi, shards, list, p)
						t.Run(name, func(t *testing.T) {
							one, err := mergeStates(dups.ExactSpec, &cc, exact)
							if err != nil {
								t.Fatal(err)
							}
							wantExact := analysistest.Render(t, env, one)
							got, err := exactByPartition(&cc, exact, p, list, -1, -1)
							if err != nil {
								t.Fatalf("exact by partition: %v", err)
							}
							if g := analysistest.Render(t, env, got); !bytes.Equal(g, wantExact) {
								t.Errorf("exact by partition = %s\nwant %s", g, wantExact)
							}
							one, err = mergeStates(dups.NearSpec, &cc, near)
							if err != nil {
								t.Fatal(err)
							}
							wantNear := analysistest.Render(t, env, one)
							got, err = nearByPartition(&cc, near, p, -1, -1)
							if err != nil {
								t.Fatalf("near by partition: %v", err)
							}
							if g := analysistest.Render(t, env, got); !bytes.Equal(g, wantNear) {
								t.Errorf("near by partition = %s\nwant %s", g, wantNear)
							}
						})
					}
				}
			}
		}
	}
}

// TestPartitionsSeeClusters: the corpus' duplicates are what the
// partitions are tested on, so they must be there: clusters of both
// kinds, label conflicts, and rows that share no band key.
func TestPartitionsSeeClusters(t *testing.T) {
	c := config()
	for _, s := range []*analysis.Spec{dups.ExactSpec, dups.NearSpec} {
		_, want := analysistest.EncodedShards(t, s, c, 2, 1)
		for _, w := range []string{`"clusters":`, `"label_conflict"`} {
			if !strings.Contains(string(want), w) || strings.Contains(string(want), `"clusters":0`) {
				t.Errorf("%s: %q missing or no cluster in %.300s", s.Name, w, want)
			}
		}
	}
}

// TestPartitionsLostOrRepeated: a partition lost or given twice, or a
// part given to another partition, is an error, never a smaller report.
func TestPartitionsLostOrRepeated(t *testing.T) {
	c := config()
	exact, _ := analysistest.EncodedShards(t, dups.ExactSpec, c, 3, 5)
	near, _ := analysistest.EncodedShards(t, dups.NearSpec, c, 3, 5)
	c.Files = len(analysistest.Corpus(t))
	const p = 3
	for _, tc := range []struct {
		name        string
		drop, twice int
		want        string
	}{
		{"lost", 1, -1, "partition 1 of 3 never came"},
		{"repeated", -1, 2, "partition 2 of 3 given 2 times"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exactByPartition(c, exact, p, 5, tc.drop, tc.twice); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("exact, partition %s: %v, want an error %q", tc.name, err, tc.want)
			}
			if _, err := nearByPartition(c, near, p, tc.drop, tc.twice); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("near, partition %s: %v, want an error %q", tc.name, err, tc.want)
			}
		})
	}
	t.Run("foreign part", func(t *testing.T) {
		_, parts, err := dups.SplitExact(c, exact[0], p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dups.ExactOfPartition(c, 0, p, parts[1:2], 5); err == nil {
			t.Errorf("ExactOfPartition(0) of a part of partition 1: no error")
		}
		_, keys, err := dups.SplitNear(c, near[0], p, partitionKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dups.SharedOfPartition(0, p+1, keys[:1]); err == nil {
			t.Errorf("SharedOfPartition(0 of %d) of a part of partition 0 of %d: no error", p+1, p)
		}
		if _, err := dups.SharedOfPartition(0, p, [][]byte{keys[0][:len(keys[0])-1]}); err == nil {
			t.Errorf("SharedOfPartition of a cut part: no error")
		}
	})
}
