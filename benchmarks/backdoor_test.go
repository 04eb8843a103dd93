package benchmarks

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

var (
	backdoorCorpus  = flag.String("backdoor.corpus", "", "JSONL of {id, prompt, response} (benchmarks/mkbackdoor) to run the backdoor scan over")
	backdoorOut     = flag.String("backdoor.out", "", "where TestBackdoorCorpus writes the findings (JSON)")
	backdoorWorkers = flag.Int("backdoor.workers", 2, "analysers the batches are dealt to (round robin)")
)

// chatBatches reads a JSONL of {id, prompt, response} into batches of n
// rows with id, text (prompt and response), prompt and response columns,
// as ingest will hand chat data over once it reads it.
func chatBatches(t testing.TB, path string, n int) []*ingest.Batch {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: ingest.ColID, Type: arrow.BinaryTypes.String},
		{Name: ingest.ColText, Type: arrow.BinaryTypes.String},
		{Name: ingest.ColPrompt, Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: ingest.ColResponse, Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	var out []*ingest.Batch
	bld := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer bld.Release()
	b := &ingest.Batch{FirstLabel: [ingest.NumLabelKinds]int{-1, -1, -1}}
	flush := func() {
		b.Record = bld.NewRecordBatch()
		out = append(out, b)
		b = &ingest.Batch{FirstLabel: [ingest.NumLabelKinds]int{-1, -1, -1}}
	}
	line := int64(0)
	for sc.Scan() {
		line++
		var r struct{ ID, Prompt, Response string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		bld.Field(0).(*array.StringBuilder).Append(r.ID)
		bld.Field(1).(*array.StringBuilder).Append(r.Prompt + "\n\n" + r.Response)
		bld.Field(2).(*array.StringBuilder).Append(r.Prompt)
		bld.Field(3).(*array.StringBuilder).Append(r.Response)
		b.Lines = append(b.Lines, line)
		b.Bytes += int64(len(sc.Bytes()) + 1)
		if len(b.Lines) == n {
			flush()
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(b.Lines) > 0 {
		flush()
	}
	return out
}

// runSpec runs s over the batches as workers analysers would (batch i to
// analyser i mod workers), merged in order, with its second pass.
func runSpec(t testing.TB, s *analysis.Spec, c *analysis.Config, bs []*ingest.Batch, workers int) analysis.Analyser {
	t.Helper()
	pass := func(f analysis.Factory) analysis.Analyser {
		as := make([]analysis.Analyser, workers)
		for i := range as {
			a, err := f()
			if err != nil {
				t.Fatal(err)
			}
			as[i] = a
		}
		for i, b := range bs {
			if err := as[i%workers].Add(b); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range as[1:] {
			if err := as[0].Merge(a); err != nil {
				t.Fatal(err)
			}
		}
		return as[0]
	}
	first := pass(func() (analysis.Analyser, error) { return s.New(c) })
	if s.Second == nil {
		return first
	}
	f, err := s.Second(first, c)
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		return first
	}
	return pass(f)
}

// TestBackdoorCorpus runs the backdoor scan over -backdoor.corpus, writes
// its findings to -backdoor.out for backdoor_score.py, and prints its
// time against the token summary's (what a plain scan runs) over the same
// batches, measured in the same run. Skipped without the flag.
func TestBackdoorCorpus(t *testing.T) {
	if *backdoorCorpus == "" {
		t.Skip("no -backdoor.corpus")
	}
	bs := chatBatches(t, *backdoorCorpus, 1024)
	defer func() {
		for _, b := range bs {
			b.Record.Release()
		}
	}()
	c := &analysis.Config{ID: "id", Files: 1, TopN: 50, MaxExamples: 1 << 30}
	env := &analysis.Env{Files: []string{*backdoorCorpus}, MaxExamples: 1 << 30}
	var plain, bd time.Duration
	var res *analysis.Result
	for range 3 { // alternate, keep the best of each
		t0 := time.Now()
		if _, err := runSpec(t, stats.Spec, c, bs, *backdoorWorkers).Finish(env); err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		r, err := runSpec(t, backdoor.Spec, c, bs, *backdoorWorkers).Finish(env)
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		if plain == 0 || t1.Sub(t0) < plain {
			plain = t1.Sub(t0)
		}
		if bd == 0 || t2.Sub(t1) < bd {
			bd = t2.Sub(t1)
		}
		res = r
	}
	fmt.Printf("backdoor scan %.2fs, token summary %.2fs over the same batches (ratio %.2f), %d workers\n", bd.Seconds(), plain.Seconds(), bd.Seconds()/plain.Seconds(), *backdoorWorkers)
	sec, _ := json.Marshal(res.Section)
	fmt.Printf("section: %s\n", sec)
	if *backdoorOut != "" {
		data, err := json.MarshalIndent(res.Findings, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*backdoorOut, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
