package dups

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkNormalize measures the default normalization on the sample's
// mails (mostly ASCII, a few rows not).
func BenchmarkNormalize(b *testing.B) {
	f, err := os.Open("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts [][]byte
	var n int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
			texts = append(texts, []byte(r.Text))
			n += int64(len(r.Text))
		}
	}
	var z Normalizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			z.Normalize(t)
		}
	}
}
