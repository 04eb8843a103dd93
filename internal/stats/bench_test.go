package stats

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/dataaudit/dataaudit/internal/ingest"
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

func BenchmarkTokenizer(b *testing.B) {
	texts, n := sampleTexts(b)
	var tz Tokenizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			for tok, p := tz.Next(t, 0); tok != nil; tok, p = tz.Next(t, p) {
			}
		}
	}
}

func BenchmarkCountTable(b *testing.B) {
	texts, n := sampleTexts(b)
	var tz Tokenizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		tab := newCountTable()
		for _, t := range texts {
			for tok, p := tz.Next(t, 0); tok != nil; tok, p = tz.Next(t, p) {
				tab.add(tok, 1)
			}
		}
	}
}

// BenchmarkMapCount is the baseline the count table must beat.
func BenchmarkMapCount(b *testing.B) {
	texts, n := sampleTexts(b)
	var tz Tokenizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		m := map[string]uint64{}
		for _, t := range texts {
			for tok, p := tz.Next(t, 0); tok != nil; tok, p = tz.Next(t, p) {
				m[string(tok)]++
			}
		}
	}
}

// BenchmarkSummaryAdd is the per-worker hot path: one batch of real text
// through a Summary, with and without a label column.
func BenchmarkSummaryAdd(b *testing.B) {
	texts, n := sampleTexts(b)
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	lb := array.NewStringBuilder(memory.DefaultAllocator)
	for i, t := range texts {
		tb.Append(string(t))
		lb.Append([]string{"ham", "spam"}[i%2])
	}
	text, label := tb.NewArray(), lb.NewArray()
	defer text.Release()
	defer label.Release()
	for _, withLabel := range []bool{false, true} {
		name := "text"
		fields := []arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}}
		cols := []arrow.Array{text}
		if withLabel {
			name = "text+label"
			fields = append(fields, arrow.Field{Name: ingest.ColLabel, Type: arrow.BinaryTypes.String})
			cols = append(cols, label)
		}
		rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(len(texts)))
		batch := &ingest.Batch{Record: rec, Lines: make([]int64, len(texts))}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			s := NewSummary(Options{})
			for b.Loop() {
				if err := s.Add(batch); err != nil {
					b.Fatal(err)
				}
			}
		})
		rec.Release()
	}
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
