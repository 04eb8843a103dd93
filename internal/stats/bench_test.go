package stats

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

func BenchmarkTokenizer(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
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
	texts, n := fixtures.SampleTexts(b)
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
	texts, n := fixtures.SampleTexts(b)
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
	texts, n := fixtures.SampleTexts(b)
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	lb := array.NewStringBuilder(memory.DefaultAllocator)
	for i, t := range texts {
		tb.Append(string(t))
		lb.Append([]string{"ham", "spam"}[i%2])
	}
	text, label := tb.NewArray(), lb.NewArray()
	defer text.Release()
	defer label.Release()
	// words: the word hashes are left on the batch (ingest.Batch.Words), as
	// in the default scan, whose near-duplicate check asks for them.
	for _, name := range []string{"text", "text+label", "words"} {
		withLabel := name == "text+label"
		fields := []arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}}
		cols := []arrow.Array{text}
		if withLabel {
			fields = append(fields, arrow.Field{Name: ingest.ColLabel, Type: arrow.BinaryTypes.String})
			cols = append(cols, label)
		}
		rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(len(texts)))
		batch := &ingest.Batch{Record: rec, Lines: make([]int64, len(texts))}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			s := NewSummary(Options{})
			s.words.Want = name == "words"
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				if err := s.Add(batch); err != nil {
					b.Fatal(err)
				}
			}
		})
		rec.Release()
	}
}

// BenchmarkSummaryAddCorpus is BenchmarkSummaryAdd on the first 64 MB of
// texts of the JSONL file named by $DATAAUDIT_BENCH_CORPUS (for example
// benchmarks/mkcorpus's 200 MB corpus). The sample has 30,000 distinct
// tokens and its table stays in the caches; a 64 MB slice of the corpus has
// about 100,000 and a worker's table does not, which is the regime of a real
// scan.
func BenchmarkSummaryAddCorpus(b *testing.B) {
	// The count tables are on 4 KiB pages, as in the dataaudit command
	// (no hugepages.Advise since session 19: package doc).
	batch, n := corpusBatch(b, 0, 64<<20)
	defer batch.Record.Release()
	// words: the word hashes are left on the batch, as in the default
	// scan, in batches of about 1 MB (700 rows), the readers' size.
	var small []*ingest.Batch
	for i := int64(0); i < batch.Record.NumRows(); i += 700 {
		j := min(i+700, batch.Record.NumRows())
		small = append(small, &ingest.Batch{Record: batch.Record.NewSlice(i, j), Lines: batch.Lines[i:j]})
	}
	for _, name := range []string{"text", "words", "text-go", "words-go"} {
		b.Run(name, func(b *testing.B) {
			if n, ok := strings.CutSuffix(name, "-go"); ok {
				defer func(on bool) { asciiAsm = on }(asciiAsm)
				asciiAsm, name = false, n
			}
			b.SetBytes(n)
			b.ReportAllocs()
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				s := NewSummary(Options{})
				s.words.Want = name == "words"
				if name == "text" {
					if err := s.Add(batch); err != nil {
						b.Fatal(err)
					}
					continue
				}
				for _, sb := range small {
					if err := s.Add(sb); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
	for _, sb := range small {
		sb.Record.Release()
	}
}

// corpusBatch reads the texts of $DATAAUDIT_BENCH_CORPUS from the first
// one after skip bytes of text up to size bytes into one batch.
func corpusBatch(b *testing.B, skip, size int64) (*ingest.Batch, int64) {
	path := os.Getenv("DATAAUDIT_BENCH_CORPUS")
	if path == "" {
		b.Skip("set DATAAUDIT_BENCH_CORPUS to a JSONL corpus with a text field")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	var n, skipped int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n < size && sc.Scan() {
		var r struct{ Text *string }
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == nil {
			continue
		}
		if skipped < skip {
			skipped += int64(len(*r.Text))
			continue
		}
		tb.Append(*r.Text)
		n += int64(len(*r.Text))
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	text := tb.NewArray()
	defer text.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}}, nil), []arrow.Array{text}, int64(text.Len()))
	return &ingest.Batch{Record: rec, Lines: make([]int64, text.Len())}, n
}

// BenchmarkTableMergeCorpus merges the count tables of two 64 MB halves of
// $DATAAUDIT_BENCH_CORPUS (about 100,000 distinct tokens each, most of
// them shared), as the end of a two-worker scan does. It is serial time.
func BenchmarkTableMergeCorpus(b *testing.B) {
	var tabs [2]*countTable
	for i := range tabs {
		batch, _ := corpusBatch(b, int64(i)*64<<20, 64<<20)
		s := NewSummary(Options{})
		if err := s.Add(batch); err != nil {
			b.Fatal(err)
		}
		batch.Record.Release()
		tabs[i] = s.tokens
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		t := cloneTable(tabs[0])
		b.StartTimer()
		if _, err := t.merge(tabs[1]); err != nil {
			b.Fatal(err)
		}
	}
}

func cloneTable(t *countTable) *countTable {
	c := *t
	c.slots = append([]slot(nil), t.slots...)
	c.mids = append([]midSlot(nil), t.mids...)
	c.entries = nil
	for _, ch := range t.entries {
		c.entries = append(c.entries, slices.Clone(ch))
	}
	c.arena = nil
	for _, ch := range t.arena {
		c.arena = append(c.arena, append(make([]byte, 0, cap(ch)), ch...))
	}
	c.high = nil
	if t.high != nil {
		c.high = map[uint32]uint64{}
		for k, v := range t.high {
			c.high[k] = v
		}
	}
	return &c
}

// BenchmarkSummaryAddJoined is BenchmarkSummaryAddCorpus/words with the
// same texts joined by a newline into texts of at least 1 or 4 KiB (joined0:
// as they are), in batches of about 1 MB of text each, so that the
// variants differ only in where texts end: a stand-in for pipelining the
// kernel's stage B across texts (package doc, session 26: joining did not
// help).
func BenchmarkSummaryAddJoined(b *testing.B) {
	batch, n := corpusBatch(b, 0, 64<<20)
	defer batch.Record.Release()
	col := batch.Record.Column(0).(*array.String)
	for _, j := range []int{0, 1024, 4096} {
		tb := array.NewStringBuilder(memory.DefaultAllocator)
		var sb strings.Builder
		var cuts []int64
		acc := 0
		for i := 0; i < col.Len(); i++ {
			v := col.Value(i)
			if j == 0 {
				tb.Append(v)
				acc += len(v)
			} else {
				if sb.Len() > 0 {
					sb.WriteByte('\n')
				}
				sb.WriteString(v)
				if sb.Len() >= j {
					acc += sb.Len()
					tb.Append(sb.String())
					sb.Reset()
				}
			}
			if acc >= 1<<20 {
				cuts, acc = append(cuts, int64(tb.Len())), 0
			}
		}
		if sb.Len() > 0 {
			tb.Append(sb.String())
		}
		cuts = append(cuts, int64(tb.Len()))
		text := tb.NewArray()
		rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}}, nil), []arrow.Array{text}, int64(text.Len()))
		text.Release()
		var small []*ingest.Batch
		var from int64
		for _, c := range cuts {
			if c > from {
				small = append(small, &ingest.Batch{Record: rec.NewSlice(from, c), Lines: make([]int64, c-from)})
			}
			from = c
		}
		rec.Release()
		b.Run(fmt.Sprintf("joined%d", j), func(b *testing.B) {
			b.SetBytes(n)
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				s := NewSummary(Options{})
				s.words.Want = true
				for _, sb := range small {
					if err := s.Add(sb); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		for _, sb := range small {
			sb.Record.Release()
		}
	}
}
