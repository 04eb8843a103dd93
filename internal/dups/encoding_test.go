package dups_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

func config() *analysis.Config {
	return &analysis.Config{
		Label: "label", ID: "id", MaxExamples: 5, CollectDrops: true,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
	}
}

// TestEncodedShards: the corpus cut into random shards, each encoded,
// decoded and merged, gives the one-process result byte for byte.
func TestEncodedShards(t *testing.T) {
	plain := &analysis.Config{MaxExamples: 1000, ExactNormalize: dups.NormalizeNone, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ}
	for _, s := range []*analysis.Spec{dups.ExactSpec, dups.NearSpec} {
		// The labelled cuts (all but the last) must carry label conflicts.
		results := analysistest.Shards(t, s, config(), plain)
		for i, want := range results[:len(results)-1] {
			if !strings.Contains(string(want), `"kind":"label_conflict"`) {
				t.Errorf("%s, cut %d: no label_conflict in %.200s", s.Name, i, want)
			}
		}
	}
}

// TestExactRefusesNormalization: a state normalised otherwise is refused.
func TestExactRefusesNormalization(t *testing.T) {
	states, _ := analysistest.EncodedShards(t, dups.ExactSpec, config(), 2, 1)
	c := config()
	c.ExactNormalize, c.Files = dups.NormalizeNone, len(analysistest.Corpus(t))
	if _, err := analysis.Decode(dups.ExactSpec, c, states[0]); err == nil {
		t.Errorf("Decode of a %s state with %s: no error", dups.NormalizeDefault, dups.NormalizeNone)
	}
}

// TestExactKeys: states hashed with different keys refuse to merge, and
// the result does not depend on the key.
func TestExactKeys(t *testing.T) {
	keyed := func(b byte) *analysis.Config {
		c := config()
		c.DedupKey = bytes.Repeat([]byte{b}, dups.KeySize)
		return c
	}
	states, want := analysistest.EncodedShards(t, dups.ExactSpec, keyed(1), 3, 7)
	for _, c := range []*analysis.Config{keyed(2), config()} {
		if _, other := analysistest.EncodedShards(t, dups.ExactSpec, c, 3, 7); !bytes.Equal(other, want) {
			t.Errorf("key %x: result %.300s, want %.300s (key 0101…)", c.DedupKey, other, want)
		}
		c.Files = len(analysistest.Corpus(t))
		_, err := analysis.Decode(dups.ExactSpec, c, states[0])
		if err == nil || !strings.Contains(err.Error(), "same DATAAUDIT_SHARD_KEY") {
			t.Errorf("Decode of a state of key 0101… with key %x: %v, want an error asking for the same key", c.DedupKey, err)
		}
	}
	a, _ := dups.ExactSpec.New(keyed(1))
	b, _ := dups.ExactSpec.New(keyed(2))
	if err := a.Merge(b); err == nil {
		t.Errorf("Merge of Exacts of two keys: no error")
	}
	short := config()
	short.DedupKey = []byte("too short")
	if _, err := dups.ExactSpec.New(short); err == nil {
		t.Errorf("New with a key of %d bytes: no error", len(short.DedupKey))
	}
}

func FuzzDecodeExact(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, dups.ExactSpec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, dups.ExactSpec, config(), state)
	})
}

func FuzzDecodeNear(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, dups.NearSpec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, dups.NearSpec, config(), state)
	})
}

// TestOneLineArrayShards: every element of a JSON array written on one
// line is at line 1; cut into shards at random, the exact duplicates of
// those rows must still finish into the one-process result byte for byte
// (the rows were once ordered by position alone); so must the near
// duplicates.
func TestOneLineArrayShards(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 900 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"r%d","label":"%c","text":"text number %d is here and %d there"}`, i, 'a'+rune(i%3), i*7%40, i*11%7)
	}
	b.WriteString("]")
	path := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	noID := config()
	noID.ID = ""
	for _, s := range []*analysis.Spec{dups.ExactSpec, dups.NearSpec} {
		for _, tc := range []struct {
			name string
			c    *analysis.Config
			k    int
		}{{"ids/2", config(), 2}, {"ids/4", config(), 4}, {"no-ids/3", noID, 3}} {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				for seed := range uint64(4) {
					analysistest.EncodedShardsIn(t, s, tc.c, []string{path}, ingest.Options{Text: []string{"text"}}, tc.k, seed)
				}
			})
		}
	}
}
