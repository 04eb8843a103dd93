package evasions

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// sampleTexts reads the texts of the shipped sample: real mail text.
func sampleTexts(b *testing.B) ([][]byte, int64) {
	b.Helper()
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
		var r struct{ Text *string }
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == nil {
			continue
		}
		texts = append(texts, []byte(*r.Text))
		n += int64(len(*r.Text))
	}
	return texts, n
}

// BenchmarkCheckText is the cleaning-evasion check of every row.
func BenchmarkCheckText(b *testing.B) {
	texts, n := sampleTexts(b)
	b.SetBytes(n)
	b.ReportAllocs()
	var found [numEvasionKinds]string
	for b.Loop() {
		for _, t := range texts {
			found = [numEvasionKinds]string{}
			checkText(t, &found)
		}
	}
}
