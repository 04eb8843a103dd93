package splits_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/splits"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// splitDir writes the sample cut into train (rows 0-199), test (the rest)
// and a file in no split, with copies of training rows planted: in test
// a verbatim copy, a re-cased and re-spaced one and one with a few words
// dropped; in the unsplit file a verbatim copy, which is not a leak. It
// returns the directory and the planted pairs (test line -> train line).
func splitDir(t *testing.T) (string, map[int64]int64, int) {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures.Root(), "testdata", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r map[string]any
		if json.Unmarshal(sc.Bytes(), &r) != nil || r["text"] == nil {
			continue // the sample's bad records
		}
		if _, ok := r["text"].(string); ok {
			recs = append(recs, r)
		}
	}
	edit := func(i int, fn func(string) string) map[string]any {
		r := map[string]any{}
		for k, v := range recs[i] {
			r[k] = v
		}
		r["text"] = fn(recs[i]["text"].(string))
		r["id"] = "planted-" + r["id"].(string)
		return r
	}
	same := func(s string) string { return s }
	recase := func(s string) string { return "  " + strings.ToUpper(strings.Join(strings.Fields(s), "\t")) + "\n" }
	drop := func(s string) string {
		w := strings.Fields(s)
		out := w[:0:0]
		for j, x := range w {
			if j%25 != 7 {
				out = append(out, x)
			}
		}
		return strings.Join(out, " ")
	}
	test := append([]map[string]any{}, recs[200:]...)
	planted := map[int64]int64{}
	for _, p := range []struct {
		train int
		fn    func(string) string
	}{{10, same}, {20, recase}, {30, drop}, {40, same}} {
		test = append(test, edit(p.train, p.fn))
		planted[int64(len(test))] = int64(p.train + 1)
	}
	dir := t.TempDir()
	write := func(name string, rs []map[string]any) {
		var b strings.Builder
		for _, r := range rs {
			line, _ := json.Marshal(r)
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("train.jsonl", recs[:200])
	write("test.jsonl", test)
	write("notes.jsonl", []map[string]any{edit(50, same)})
	return dir, planted, len(recs)
}

// run runs the token summary and the split checks over the split
// directory with the workers given and returns both results, finished.
func run(t *testing.T, dir string, workers int, llm *llmtok.Tokenizer) (*stats.Result, *analysis.Result, []string) {
	t.Helper()
	inputs, err := ingest.Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	table := splits.Detect(files)
	cfg := &analysis.Config{Label: "label", Files: len(files), Splits: table, ExactNormalize: dups.NormalizeDefault,
		NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ, MaxExamples: 1000, LLM: llm}
	iopts := ingest.Options{Text: []string{"text"}, Label: "label", Workers: workers, ChunkBytes: 16 << 10}
	specs := []*analysis.Spec{stats.Spec, splits.Spec}
	all, err := analysis.RunSpecs(context.Background(), inputs, analysis.Options{Ingest: iopts}, specs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	env := &analysis.Env{Files: files, MaxExamples: 1000}
	sr, err := all[0].Finish(env)
	if err != nil {
		t.Fatal(err)
	}
	r, err := all[1].Finish(env)
	if err != nil {
		t.Fatal(err)
	}
	return sr.Section.(*stats.Result), r, files
}

func TestChecker(t *testing.T) {
	dir, planted, nrecs := splitDir(t)
	sum, r, files := run(t, dir, 1, nil)
	res := r.Section.(*splits.Result)
	t.Run("counts", func(t *testing.T) {
		var names []string
		var rows int64
		var tokens uint64
		var labelled int64
		for _, s := range res.Splits {
			names = append(names, s.Name+"/"+s.Role)
			rows += s.Rows
			tokens += s.Tokens
			labelled += s.NullLabels
			for _, l := range s.Labels {
				labelled += l.Rows
			}
		}
		if got, want := strings.Join(names, " "), "train/train test/evaluation other/other"; got != want {
			t.Errorf("splits = %q, want %q", got, want)
		}
		// The sample holds a few records whose text a reader refuses.
		if res.Splits[0].Rows < 195 || res.Splits[1].Rows < int64(nrecs-200) || res.Splits[2].Rows != 1 {
			t.Errorf("rows per split = %d, %d, %d, want about 200, %d, 1", res.Splits[0].Rows, res.Splits[1].Rows, res.Splits[2].Rows, nrecs-200+4)
		}
		if rows != sum.Counts.Rows || tokens != sum.Tokens.Total || labelled != rows {
			t.Errorf("splits sum to %d rows, %d tokens, %d labelled; the summary has %d rows, %d tokens", rows, tokens, labelled, sum.Counts.Rows, sum.Tokens.Total)
		}
	})
	t.Run("llm tokens", func(t *testing.T) {
		llm, err := llmtok.Load("cl100k_base")
		if err != nil {
			t.Fatal(err)
		}
		sum, r, _ := run(t, dir, 2, llm)
		var tokens uint64
		for _, s := range r.Section.(*splits.Result).Splits {
			tokens += s.Tokens
		}
		if tokens != sum.Tokens.Total {
			t.Errorf("splits sum to %d cl100k_base tokens, the summary has %d", tokens, sum.Tokens.Total)
		}
	})
	t.Run("overlap", func(t *testing.T) {
		found := map[int64]int64{}
		for _, f := range r.Findings {
			if f.Kind != finding.KindSplitOverlap || len(f.Rows) != 2 {
				t.Fatalf("finding %+v: want split_overlap with two rows", f)
			}
			if f.Rows[0].File != files[1] || f.Rows[1].File != files[2] {
				t.Errorf("finding rows %s, %s: want a test row, then a train row", f.Rows[0].ID, f.Rows[1].ID)
			}
			found[f.Rows[0].Line] = f.Rows[1].Line
		}
		if len(found) != len(planted) {
			t.Errorf("%d split_overlap findings, want %d (the planted copies; the unsplit file's is not a leak)", len(found), len(planted))
		}
		for test, train := range planted {
			if found[test] != train {
				t.Errorf("planted copy test.jsonl:%d of train.jsonl:%d: found %d, want it", test, train, found[test])
			}
		}
		if res.Overlap.Rows != int64(len(r.Findings)) || res.Splits[1].OverlapRows != res.Overlap.Rows {
			t.Errorf("overlap rows %d, test's %d, want %d (the findings)", res.Overlap.Rows, res.Splits[1].OverlapRows, len(r.Findings))
		}
	})
	t.Run("workers", func(t *testing.T) {
		want, _ := json.Marshal(r)
		for _, w := range []int{2, 5} {
			_, r2, _ := run(t, dir, w, nil)
			if got, _ := json.Marshal(r2); string(got) != string(want) {
				t.Errorf("with %d workers:\n%s\nwant (1 worker):\n%s", w, got, want)
			}
		}
	})
}
