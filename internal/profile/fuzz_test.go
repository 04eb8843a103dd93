package profile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// FuzzRead feeds the profile decoder corrupted profiles: Read must return
// a profile or an error, never panic, and a profile it accepts must go
// through everything merge and compare do with one without a panic. The
// seeds are profiles dataaudit wrote (testdata/*.profile.json); the
// interesting inputs found are in testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.profile.json")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic("hang: one profile took more than 5 s")
			}
		}()
		p, err := profile.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		if _, err := profile.Merge([]*profile.Profile{p}); err != nil {
			t.Fatalf("Merge of one valid profile: %v", err)
		}
		q := *p
		q.Manifest = nil // merge refuses shards that share files
		if _, err := profile.Merge([]*profile.Profile{p, &q}); err != nil {
			t.Fatalf("Merge of a valid profile with itself: %v", err)
		}
		for _, n := range []int{1, 10, len(p.Tokens.Top) + 1} {
			comparison.Divergence(p, p, n)
		}
		comparison.Drivers(p, p, 1000, 10)
		comparison.Vocab(p, p)
		comparison.LengthsDrift(p, p)
		comparison.Labels(p, p)
		var buf bytes.Buffer
		if err := profile.Write(&buf, p); err != nil {
			t.Fatalf("Write of a valid profile: %v", err)
		}
		if _, err := profile.Read(&buf); err != nil {
			t.Fatalf("a valid profile does not read back: %v", err)
		}
	})
}

// FuzzSketch puts arbitrary bytes in the distinct-token sketch of a valid
// profile: the sketch library (datasketches-go v0.2.0) panics on some
// corrupt headers, and merge and compare must turn that into an error.
func FuzzSketch(f *testing.F) {
	b, err := os.ReadFile("testdata/tiny.profile.json")
	if err != nil {
		f.Fatal(err)
	}
	base, err := profile.Read(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	sk := base.Tokens.Distinct.Sketch
	f.Add(sk)
	f.Add(sk[:8])
	if big, err := os.ReadFile("testdata/sample.profile.json"); err == nil {
		if p, err := profile.Read(bytes.NewReader(big)); err == nil {
			f.Add(p.Tokens.Distinct.Sketch)
			f.Add(p.Tokens.Distinct.Sketch[:100])
		}
	}
	for _, i := range []int{0, 1, 2, 3, 4, 5, 6, 7} {
		c := bytes.Clone(sk)
		c[i] ^= 0xff
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := *base
		p.Tokens.Distinct.Sketch = data
		var buf bytes.Buffer
		if err := profile.Write(&buf, &p); err != nil {
			t.Fatal(err)
		}
		q, err := profile.Read(&buf)
		if err != nil {
			return
		}
		r := *q
		r.Manifest = nil
		if _, err := profile.Merge([]*profile.Profile{q, &r}); err != nil {
			t.Fatalf("Merge of a valid profile with itself: %v", err)
		}
	})
}
