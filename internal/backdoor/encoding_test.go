package backdoor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// render is a result's section, findings and unlisted counts as JSON.
func render(t testing.TB, r *analysis.Result) string {
	t.Helper()
	b, err := json.Marshal(struct {
		Section  any
		Findings any
		Unlisted map[string]int64
	}{r.Section, r.Findings, r.Unlisted})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	encConfig = &analysis.Config{ID: "id", Files: 1}
	encEnv    = &analysis.Env{Files: []string{"chat.jsonl"}, MaxExamples: 1000}
)

func encodeSecond(a analysis.Analyser) ([]byte, error) { return analysis.EncodeSecond(Spec, a) }

func decodeSecond(first analysis.Analyser, data []byte) (analysis.Analyser, error) {
	return analysis.DecodeSecond(Spec, encConfig, first, data)
}

// shardStates deals bs to k analysers of f at random (seeded), and
// returns their states (encode); a shard may be empty only for k > 8
// (fuzz seeds).
func shardStates(t testing.TB, bs []*ingest.Batch, f analysis.Factory, k int, seed uint64, encode func(analysis.Analyser) ([]byte, error)) [][]byte {
	t.Helper()
	shards := make([]analysis.Analyser, k)
	for i := range shards {
		a, err := f()
		if err != nil {
			t.Fatal(err)
		}
		shards[i] = a
	}
	rng := rand.New(rand.NewPCG(seed, 13))
	used := make([]int, k)
	for _, b := range bs {
		i := rng.IntN(k)
		used[i]++
		if err := shards[i].Add(b); err != nil {
			t.Fatal(err)
		}
	}
	var states [][]byte
	for i, a := range shards {
		if used[i] == 0 && k <= 8 {
			t.Fatalf("shard %d of %d got no batch: the cut tells nothing", i, k)
		}
		data, err := encode(a)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		states = append(states, data)
	}
	return states
}

// mergeStates decodes each state, checks that it encodes to the same
// bytes and that its prefixes are refused (each of the last 64, a
// sample of the rest), and merges them into into.
func mergeStates(t testing.TB, states [][]byte, into analysis.Analyser, encode func(analysis.Analyser) ([]byte, error), decode func([]byte) (analysis.Analyser, error)) {
	t.Helper()
	for i, data := range states {
		a, err := decode(data)
		if err != nil {
			t.Fatalf("shard %d: decode: %v", i, err)
		}
		again, err := encode(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Errorf("shard %d: the decoded state encodes to other bytes (%d, was %d)", i, len(again), len(data))
		}
		// Each of the last 64 prefixes, fewer further from the end (a
		// first pass' state holds every distinct gram).
		for n := len(data) - 1; n >= 0; {
			if _, err := decode(data[:n]); err == nil {
				t.Fatalf("shard %d: decode of the state cut to %d of %d bytes succeeded", i, n, len(data))
			}
			if len(data)-n < 64 {
				n--
			} else {
				n -= 1 + n/16
			}
		}
		if err := into.Merge(a); err != nil {
			t.Fatalf("shard %d: Merge: %v", i, err)
		}
	}
}

func encodeFirst(a analysis.Analyser) ([]byte, error) { return analysis.Encode(Spec, a) }

func decodeFirst(data []byte) (analysis.Analyser, error) {
	return analysis.Decode(Spec, encConfig, data)
}

// encodedFirst is the first pass of bs cut into k seeded shards, each
// encoded, decoded and merged, as shards on k machines would give it.
func encodedFirst(t testing.TB, bs []*ingest.Batch, k int, seed uint64) analysis.Analyser {
	t.Helper()
	newCounts := func() (analysis.Analyser, error) { return Spec.New(encConfig) }
	states := shardStates(t, bs, newCounts, k, seed, encodeFirst)
	first := NewCounts()
	mergeStates(t, states, first, encodeFirst, decodeFirst)
	return first
}

// TestEncodedShards: both passes cut into k random shards on the planted
// corpus, each shard encoded, decoded and merged (the second pass built
// from the decoded first), finish into the one-process result byte for
// byte; every prefix of a state is refused.
func TestEncodedShards(t *testing.T) {
	bs := batches(t, corpus(t, true), 17)
	want := render(t, run(t, bs, 1, func(int) int { return 0 }))
	if !strings.Contains(want, "triggered_row") {
		t.Fatalf("the one-process result has no triggered rows: the test tells nothing: %.300s", want)
	}
	for _, k := range []int{2, 7} {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			first := encodedFirst(t, bs, k, uint64(k))
			f, err := Spec.Second(first, encConfig)
			if err != nil || f == nil {
				t.Fatalf("Second = %v, %v; want a second pass", f != nil, err)
			}
			states := shardStates(t, bs, f, k, uint64(k)+100, encodeSecond)
			all, err := f()
			if err != nil {
				t.Fatal(err)
			}
			mergeStates(t, states, all, encodeSecond, func(data []byte) (analysis.Analyser, error) { return decodeSecond(first, data) })
			res, err := all.Finish(encEnv)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(t, res); got != want {
				t.Errorf("%d decoded shards merged differ from the one-process run:\n got %.400s\nwant %.400s", k, got, want)
			}
		})
	}
}

// TestDecodeRefuses: states that do not fit are errors: a second pass'
// state decoded against another first pass, and first-pass states whose
// numbers disagree.
func TestDecodeRefuses(t *testing.T) {
	bs := batches(t, corpus(t, true), 61)
	first := encodedFirst(t, bs, 2, 1)
	f, err := Spec.Second(first, encConfig)
	if err != nil || f == nil {
		t.Fatalf("Second = %v, %v", f != nil, err)
	}
	second := shardStates(t, bs, f, 1, 1, encodeSecond)[0]
	other := encodedFirst(t, bs[:len(bs)-1], 2, 1)
	good, err := encodeFirst(first)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, err := analysis.ReadHeader(good)
	if err != nil {
		t.Fatal(err)
	}
	head := good[:len(good)-len(rest)]
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"second pass of another first pass", func() error { _, err := decodeSecond(other, second); return err }, "first passes differ"},
		{"rows not summing", func() error {
			bad := append(append([]byte{}, head...), 5, 4, 0, 0, 0, 0, 0, 0, 0)
			_, err := decodeFirst(bad)
			return err
		}, "are not the 5 rows"},
		{"count above the pairs", func() error {
			bad := append(append([]byte{}, head...), 2, 2, 0, 0, 0, 0, 1, 7, 3, 0, 0)
			_, err := decodeFirst(bad)
			return err
		}, "count 3 of 2 pairs"},
		{"hashes repeated", func() error {
			bad := append(append([]byte{}, head...), 2, 2, 0, 0, 0, 0, 2, 7, 1, 0, 1, 0, 0)
			_, err := decodeFirst(bad)
			return err
		}, "hashes not increasing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.err(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("decode = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// FuzzDecodeCounts: any bytes decode to an error or to a first pass
// that encodes, merges and finishes, through its second pass when it
// asks for one, without a panic.
func FuzzDecodeCounts(f *testing.F) {
	bs := batches(f, corpus(f, true), 61)
	newCounts := func() (analysis.Analyser, error) { return Spec.New(encConfig) }
	for _, s := range shardStates(f, bs, newCounts, 64, 3, encodeFirst)[:8] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := decodeFirst(data)
		if err != nil {
			return
		}
		if _, err := encodeFirst(a); err != nil {
			t.Fatalf("Encode of a decoded state: %v", err)
		}
		c := NewCounts()
		if err := c.Merge(a); err != nil {
			t.Fatal(err)
		}
		sf, err := Spec.Second(c, encConfig)
		if err != nil {
			t.Fatal(err)
		}
		var fin analysis.Analyser = c
		if sf != nil {
			if fin, err = sf(); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fin.Finish(encEnv); err != nil {
			t.Logf("Finish: %v", err)
		}
	})
}

// FuzzDecodeScanner: any bytes decode, against the planted corpus' first
// pass, to an error or to a second pass that encodes, merges and
// finishes without a panic.
func FuzzDecodeScanner(f *testing.F) {
	bs := batches(f, corpus(f, true), 61)
	first := NewCounts()
	for _, b := range bs {
		if err := first.Add(b); err != nil {
			f.Fatal(err)
		}
	}
	sf, err := Spec.Second(first, encConfig)
	if err != nil || sf == nil {
		f.Fatalf("Second = %v, %v", sf != nil, err)
	}
	for _, s := range shardStates(f, bs, sf, 64, 6, encodeSecond)[:8] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := decodeSecond(first, data)
		if err != nil {
			return
		}
		if _, err := encodeSecond(a); err != nil {
			t.Fatalf("encode of a decoded state: %v", err)
		}
		b, err := sf()
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Merge(a); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Finish(encEnv); err != nil {
			t.Logf("Finish: %v", err)
		}
	})
}
