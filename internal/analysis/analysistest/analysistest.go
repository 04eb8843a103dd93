// Package analysistest checks an analysis' portable state the way the
// issue "one analysis contract" asks: a real corpus split into random
// shards, each shard run in its own analyser, encoded, decoded and merged,
// must finish into the one-process result, byte for byte. Only tests
// import it.
package analysistest

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Corpus is the real text the shards are cut from: the shipped sample
// (305 mails with labels and ids), the messy JSONL fixture (bad records)
// and a copy of the sample in t's temporary directory with the label of
// every fifth row flipped, a copied file with label noise as real corpora
// have, so that there are duplicates across files and clusters whose
// labels conflict; read with ids, labels and lenient JSON.
func Corpus(t testing.TB) []string {
	t.Helper()
	root := fixtures.Root()
	sample := filepath.Join(root, "testdata", "sample.jsonl")
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i := 0; i < len(lines); i += 5 {
		lines[i] = bytes.Replace(lines[i], []byte(`"label":"ham"`), []byte(`"label":"spam"`), 1)
	}
	cp := filepath.Join(t.TempDir(), "sample-copy.jsonl")
	if err := os.WriteFile(cp, bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{sample, filepath.Join(root, "testdata", "jsonl", "messy.jsonl"), cp}
}

// corpusFiles is the number of files of Corpus.
const corpusFiles = 3

// Render is a finished Result as the bytes compared: its section,
// findings, unlisted counts, gate metrics and rows to drop as JSON.
func Render(t testing.TB, env *analysis.Env, a analysis.Analyser) []byte {
	t.Helper()
	r, err := a.Finish(env)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	b, err := json.Marshal(struct {
		Section  any
		Findings any
		Unlisted map[string]int64
		Metrics  map[string]float64
		Drop     any
	}{r.Section, r.Findings, r.Unlisted, r.Metrics, r.Drop})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// EncodedShards reads Corpus once in small batches, hands every batch to
// one analyser of s (the one-process run) and to one of k shard
// analysers chosen at random (seeded), then encodes each shard, decodes
// it, checks that the decoded state encodes to the same bytes, merges
// the decoded shards in shard order into a fresh analyser and checks that
// it finishes into the one-process result byte for byte, and that every
// prefix of a state is refused (every one of the last 128 bytes, fewer
// further from the end). c.Files is set to the corpus' file count. For a
// spec with a second pass, the result of a first pass is that of its
// second pass built from it (s.Second) and run over the corpus in one
// analyser. It returns the shards' encodings (to seed fuzz targets) and
// the one-process result.
func EncodedShards(t testing.TB, s *analysis.Spec, c *analysis.Config, k int, seed uint64) (states [][]byte, want []byte) {
	t.Helper()
	return open(t, c).firstPass(t, s, k, seed)
}

// EncodedShardsIn is EncodedShards over other inputs than Corpus, read
// with iopts (its Label, ID, Workers and ChunkBytes are set as
// EncodedShards sets them): for an analysis that Corpus tells nothing
// about (chat data, say).
func EncodedShardsIn(t testing.TB, s *analysis.Spec, c *analysis.Config, paths []string, iopts ingest.Options, k int, seed uint64) (states [][]byte, want []byte) {
	t.Helper()
	return openPaths(t, c, paths, iopts).firstPass(t, s, k, seed)
}

// firstPass runs the K-shard encode, decode and merge of s's first pass
// over r's batches.
func (r *run) firstPass(t testing.TB, s *analysis.Spec, k int, seed uint64) (states [][]byte, want []byte) {
	t.Helper()
	p := pass{
		name:   s.Name,
		new:    func() (analysis.Analyser, error) { return s.New(r.c) },
		encode: func(a analysis.Analyser) ([]byte, error) { return analysis.Encode(s, a) },
		decode: func(data []byte) (analysis.Analyser, error) { return analysis.Decode(s, r.c, data) },
		render: func(a analysis.Analyser) []byte { return r.finish(t, s, a) },
	}
	return r.shards(t, p, k, seed)
}

// EncodedSecondShards is EncodedShards for the second pass of s: the
// second pass is built from first (s.Second, as analysis.RunSpecs does),
// or, when first is nil, from the merge of the first pass' states of the
// corpus cut into k shards (Cut), each decoded; its analysers are cut
// into k shards, encoded (analysis.EncodeSecond), decoded against that
// first pass (analysis.DecodeSecond) and merged. It returns the first pass too, to
// build more cuts from (a model is costly to train) and for fuzz targets.
func EncodedSecondShards(t testing.TB, s *analysis.Spec, c *analysis.Config, first analysis.Analyser, k int, seed uint64) (states [][]byte, want []byte, _ analysis.Analyser) {
	t.Helper()
	r := open(t, c)
	if first == nil {
		// As shards on several machines would: the first pass' shards
		// encoded, decoded and merged.
		var err error
		if first, err = s.New(r.c); err != nil {
			t.Fatal(err)
		}
		for i, data := range r.cut(t, s, k, seed) {
			a, err := analysis.Decode(s, r.c, data)
			if err != nil {
				t.Fatalf("first pass, shard %d: Decode: %v", i, err)
			}
			if err := first.Merge(a); err != nil {
				t.Fatalf("first pass, shard %d: Merge: %v", i, err)
			}
		}
	}
	f, err := s.Second(first, r.c)
	if err != nil || f == nil {
		t.Fatalf("%s: no second pass (%v): the corpus tells nothing", s.Name, err)
	}
	p := pass{
		name:   s.SecondHeader().Name,
		new:    f,
		encode: func(a analysis.Analyser) ([]byte, error) { return analysis.EncodeSecond(s, a) },
		decode: func(data []byte) (analysis.Analyser, error) { return analysis.DecodeSecond(s, r.c, first, data) },
		render: func(a analysis.Analyser) []byte { return Render(t, r.env, a) },
	}
	states, want = r.shards(t, p, k, seed)
	return states, want, first
}

// Cut returns the states of the corpus cut into k random shards (seeded)
// by s's first pass, encoded, without the checks of EncodedShards: for
// tests of what a decoder refuses, and fuzz seeds, of an analysis whose
// result is costly (a model to train).
func Cut(t testing.TB, s *analysis.Spec, c *analysis.Config, k int, seed uint64) [][]byte {
	t.Helper()
	return open(t, c).cut(t, s, k, seed)
}

// cut is Cut on the opened corpus.
func (r *run) cut(t testing.TB, s *analysis.Spec, k int, seed uint64) [][]byte {
	t.Helper()
	shards := make([]analysis.Analyser, k)
	for i := range shards {
		var err error
		if shards[i], err = s.New(r.c); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 13))
	r.read(t, func(b *ingest.Batch) error { return shards[rng.IntN(k)].Add(b) })
	var states [][]byte
	for i, a := range shards {
		data, err := analysis.Encode(s, a)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		states = append(states, data)
	}
	return states
}

// pass is what a shard test cuts: how to make, encode, decode and render
// one analyser.
type pass struct {
	name   string
	new    analysis.Factory
	encode func(analysis.Analyser) ([]byte, error)
	decode func([]byte) (analysis.Analyser, error)
	render func(analysis.Analyser) []byte
}

// run is the corpus opened for a shard test.
type run struct {
	inputs []ingest.Input
	iopts  ingest.Options
	c      *analysis.Config
	env    *analysis.Env
}

// open expands Corpus and copies c with Files set; the inputs are closed
// when t ends.
func open(t testing.TB, c *analysis.Config) *run {
	t.Helper()
	r := openPaths(t, c, Corpus(t), ingest.Options{Text: []string{"text"}, LenientJSON: true})
	if len(r.inputs) != corpusFiles {
		t.Fatalf("the corpus has %d files, want %d", len(r.inputs), corpusFiles)
	}
	return r
}

// openPaths is open for any inputs, read with iopts.
func openPaths(t testing.TB, c *analysis.Config, paths []string, iopts ingest.Options) *run {
	t.Helper()
	inputs, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ingest.Close(inputs) })
	iopts.Label, iopts.ID, iopts.Workers, iopts.ChunkBytes = c.Label, c.ID, 1, 4<<10
	cc := *c
	cc.Files = len(inputs)
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = filepath.Base(in.Path)
	}
	return &run{inputs: inputs, iopts: iopts, c: &cc, env: &analysis.Env{Files: files, MaxExamples: 1000}}
}

// read hands every batch of the corpus, in small batches, to add.
func (r *run) read(t testing.TB, add func(*ingest.Batch) error) {
	t.Helper()
	err := ingest.Run(context.Background(), r.inputs, r.iopts, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		return add(b)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// finish renders a, an analyser of s's first pass: through its second
// pass, run over the corpus in one analyser, when s has one.
func (r *run) finish(t testing.TB, s *analysis.Spec, a analysis.Analyser) []byte {
	t.Helper()
	if s.Second == nil {
		return Render(t, r.env, a)
	}
	f, err := s.Second(a, r.c)
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		return Render(t, r.env, a)
	}
	second, err := f()
	if err != nil {
		t.Fatal(err)
	}
	r.read(t, second.Add)
	return Render(t, r.env, second)
}

// shards runs the shard test of EncodedShards on p.
func (r *run) shards(t testing.TB, p pass, k int, seed uint64) (states [][]byte, want []byte) {
	t.Helper()
	one, err := p.new()
	if err != nil {
		t.Fatal(err)
	}
	shards := make([]analysis.Analyser, k)
	for i := range shards {
		if shards[i], err = p.new(); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 13))
	used := make([]int, k)
	r.read(t, func(b *ingest.Batch) error {
		if err := one.Add(b); err != nil {
			return err
		}
		i := rng.IntN(k)
		used[i]++
		return shards[i].Add(b)
	})
	for i, n := range used {
		if n == 0 {
			t.Fatalf("shard %d of %d got no batch: the split tells nothing", i, k)
		}
	}
	want = p.render(one)

	all, err := p.new()
	if err != nil {
		t.Fatal(err)
	}
	for i, shard := range shards {
		data, err := p.encode(shard)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		a, err := p.decode(data)
		if err != nil {
			t.Fatalf("shard %d: Decode: %v", i, err)
		}
		again, err := p.encode(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Errorf("shard %d: the decoded state encodes to other bytes (%d, was %d)", i, len(again), len(data))
		}
		for n := len(data) - 1; n >= 0; n -= 1 + n/128 {
			if _, err := p.decode(data[:n]); err == nil {
				t.Fatalf("shard %d: Decode of the state cut to %d of %d bytes succeeded", i, n, len(data))
			}
		}
		if err := all.Merge(a); err != nil {
			t.Fatalf("shard %d: Merge: %v", i, err)
		}
		states = append(states, data)
	}
	if got := p.render(all); !bytes.Equal(got, want) {
		t.Errorf("%s: %d decoded shards merged differ from the one-process run:\n got %.400s\nwant %.400s", p.name, k, got, want)
	}
	return states, want
}

// Shards runs EncodedShards over the usual cuts of the corpus: 1, 3 and
// 8 shards under c, then 5 shards under each of more. It returns the
// one-process results in that order, and fails a cut whose shard count is
// off or whose result is too short to tell anything.
func Shards(t testing.TB, s *analysis.Spec, c *analysis.Config, more ...*analysis.Config) [][]byte {
	t.Helper()
	type cut struct {
		k    int
		seed uint64
		c    *analysis.Config
	}
	cuts := []cut{{1, 1, c}, {3, 7, c}, {8, 42, c}}
	for _, m := range more {
		cuts = append(cuts, cut{5, 3, m})
	}
	var results [][]byte
	for _, cu := range cuts {
		states, want := EncodedShards(t, s, cu.c, cu.k, cu.seed)
		if len(states) != cu.k || len(want) < 200 {
			t.Errorf("%s in %d shards: %d states, result %.200s: too little to tell anything", s.Name, cu.k, len(states), want)
		}
		results = append(results, want)
	}
	return results
}

// FuzzDecode is the body of a fuzz target of s's decoder: any bytes after
// a valid header decode to an error or to an analyser that encodes,
// merges and finishes without a panic.
func FuzzDecode(t *testing.T, s *analysis.Spec, c *analysis.Config, state []byte) {
	cc := *c
	cc.Files = corpusFiles
	a, err := analysis.Decode(s, &cc, state)
	if err != nil {
		return
	}
	if _, err := analysis.Encode(s, a); err != nil {
		t.Fatalf("Encode of a decoded state: %v", err)
	}
	b, err := s.New(&cc)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Merge(a); err != nil {
		t.Fatalf("Merge of a decoded state: %v", err)
	}
	if _, err := b.Finish(&analysis.Env{Files: []string{"a", "b", "c"}, MaxExamples: 1000}); err != nil {
		t.Logf("Finish: %v", err)
	}
}

// FuzzSeeds returns the n smallest states of the corpus cut into 64
// shards (and checks them as EncodedShards does), to seed a fuzz target.
// Small seeds keep Go's minimisation of each new input short; even so,
// run the targets with -fuzzminimizetime 50x, or a 30 s run spends most of
// its time minimising (8 executions in 30 s on 10 KB states):
//
//	go test ./internal/dups -run XXX -fuzz FuzzDecodeNear -fuzztime 30s -fuzzminimizetime 50x
func FuzzSeeds(f *testing.F, s *analysis.Spec, c *analysis.Config, n int) [][]byte {
	f.Helper()
	states, _ := EncodedShards(f, s, c, 64, 1)
	slices.SortStableFunc(states, func(a, b []byte) int { return len(a) - len(b) })
	return states[:min(n, len(states))]
}

// FuzzSecondSeeds is FuzzSeeds for the second pass of s: the n smallest
// states of its second pass cut into 64 shards, and the first pass they
// decode against (give both to FuzzDecodeSecond).
func FuzzSecondSeeds(f *testing.F, s *analysis.Spec, c *analysis.Config, n int) ([][]byte, analysis.Analyser) {
	f.Helper()
	states, _, first := EncodedSecondShards(f, s, c, nil, 64, 1)
	slices.SortStableFunc(states, func(a, b []byte) int { return len(a) - len(b) })
	return states[:min(n, len(states))], first
}

// FuzzDecodeSecond is the body of a fuzz target of the decoder of s's
// second pass: any bytes decode, against first, to an error or to an
// analyser that encodes, merges and finishes without a panic.
func FuzzDecodeSecond(t *testing.T, s *analysis.Spec, c *analysis.Config, first analysis.Analyser, state []byte) {
	cc := *c
	cc.Files = corpusFiles
	a, err := analysis.DecodeSecond(s, &cc, first, state)
	if err != nil {
		return
	}
	if _, err := analysis.EncodeSecond(s, a); err != nil {
		t.Fatalf("EncodeSecond of a decoded state: %v", err)
	}
	f, err := s.Second(first, &cc)
	if err != nil || f == nil {
		t.Fatalf("Second: %v", err)
	}
	b, err := f()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Merge(a); err != nil {
		t.Fatalf("Merge of a decoded state: %v", err)
	}
	if _, err := b.Finish(&analysis.Env{Files: []string{"a", "b", "c"}, MaxExamples: 1000}); err != nil {
		t.Logf("Finish: %v", err)
	}
}
