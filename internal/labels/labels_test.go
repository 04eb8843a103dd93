package labels

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

type sampleRecord struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

// readSample returns the labelled SpamAssassin mails of testdata/sample.jsonl
// (the malformed lines left out), copies times.
func readSample(t *testing.T, copies int) []sampleRecord {
	t.Helper()
	f, err := os.Open("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rs []sampleRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r sampleRecord
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" && r.Label != "" {
			rs = append(rs, r)
		}
	}
	if len(rs) < 290 {
		t.Fatalf("sample has %d usable rows, want about 300", len(rs))
	}
	// Copies of each mail have a few words re-cased or dropped, as a corpus
	// repeated with variation has.
	var out []sampleRecord
	for k := range copies {
		for i, r := range rs {
			words := strings.Split(r.Text, " ")
			for j := range words {
				switch (i*7 + j*13 + k*5) % 37 {
				case 0:
					words[j] = strings.ToUpper(words[j])
				case 1:
					words[j] = ""
				}
			}
			out = append(out, sampleRecord{ID: fmt.Sprintf("%s#%d", r.ID, k), Text: strings.Join(words, " "), Label: r.Label})
		}
	}
	return out
}

// faults is what plant injected: ids of flipped rows and of triggered rows.
type faults struct {
	flipped, triggered map[string]bool
}

const phrase = "cf mn"

// plant flips the label of every 13th row (never both copies of a mail)
// and puts the trigger phrase into every 25th ham row, switching it to
// spam.
func plant(rs []sampleRecord) faults {
	fl := faults{flipped: map[string]bool{}, triggered: map[string]bool{}}
	other := map[string]string{"spam": "ham", "ham": "spam"}
	ham := 0
	for i := range rs {
		r := &rs[i]
		switch {
		case i%13 == 5:
			r.Label = other[r.Label]
			fl.flipped[r.ID] = true
		case r.Label == "ham":
			ham++
			if ham%25 == 3 {
				// Somewhere in the middle of the mail, at a line start.
				at := strings.IndexByte(r.Text[len(r.Text)/2:], '\n') + len(r.Text)/2 + 1
				r.Text = r.Text[:at] + phrase + " " + r.Text[at:]
				r.Label = "spam"
				fl.triggered[r.ID] = true
			}
		}
	}
	return fl
}

func writeJSONL(t *testing.T, rs []sampleRecord) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rows.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, r := range rs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// check runs both passes over path with the given number of workers and
// small chunks, so that several workers really share the input.
// check runs the label checks on path as cleanlab's find_label_issues
// would: every issue confident learning finds (MinP 1e-9).
func check(t *testing.T, path string, workers int) (Result, Findings) {
	t.Helper()
	return checkWith(t, path, workers, Options{Seed: 1, MinP: 1e-9})
}

func checkWith(t *testing.T, path string, workers int, o Options) (Result, Findings) {
	t.Helper()
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	opts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: workers, ChunkBytes: 20000}
	counts := make([]*Counts, workers)
	for i := range counts {
		counts[i] = NewCounts(o)
	}
	err = ingest.Run(context.Background(), inputs, opts, func(w int, b *ingest.Batch) error {
		defer b.Record.Release()
		return counts[w].Add(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts[1:] {
		counts[0].Merge(c)
	}
	m := counts[0].Model()
	if !m.Usable() {
		t.Fatalf("model not usable: %s", m.Note)
	}
	scorers := make([]*Scorer, workers)
	for i := range scorers {
		scorers[i] = m.NewScorer()
	}
	err = ingest.Run(context.Background(), inputs, opts, func(w int, b *ingest.Batch) error {
		defer b.Record.Release()
		return scorers[w].Add(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scorers[1:] {
		scorers[0].Merge(s)
	}
	return m.Result(scorers[0], []string{path}, 1000)
}

func ids(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		for _, r := range f.Rows {
			out = append(out, r.ID)
		}
	}
	return out
}

// TestLabelErrors flips labels of real mails and checks that the label
// checks find them: 23 flips (and 8 poisoned rows) among 300 mails. So few
// rows make a weak classifier; benchmarks/README.md has the 6,000-mail numbers.
func TestLabelErrors(t *testing.T) {
	rs := readSample(t, 1)
	fl := plant(rs)
	res, fs := check(t, writeJSONL(t, rs), 2)

	// The flipped rows are the positives; a poisoned row flagged as a
	// label error is right too (its label was switched), so it counts for
	// neither side.
	var tp, fp int
	for _, id := range ids(fs.LabelErrors) {
		switch {
		case fl.flipped[id]:
			tp++
		case !fl.triggered[id]:
			fp++
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(len(fl.flipped))
	t.Logf("label errors: %d listed, %d of %d flips, %d others; precision %.2f, recall %.2f; accuracy %.3f",
		len(fs.LabelErrors), tp, len(fl.flipped), fp, precision, recall, res.Accuracy)
	if precision < 0.6 || recall < 0.85 {
		t.Errorf("label errors: precision %.2f, recall %.2f; want at least 0.6 and 0.85 (on 300 mails; the 6,000-mail benchmark reaches 0.9)", precision, recall)
	}
	for i, f := range fs.LabelErrors {
		if f.Kind != finding.KindLabelError || len(f.Rows) != 1 || f.Score < 0.5 || f.Score > 1 {
			t.Fatalf("label error %d = %+v, want one row and a score in [0.5, 1]", i, f)
		}
		if !strings.Contains(f.Evidence, fmt.Sprintf("rank %d of", i+1)) {
			t.Errorf("label error %d evidence %q, want rank %d", i, f.Evidence, i+1)
		}
	}
}

// TestTrigger plants a two-word trigger in 16 of 600 rows (two varied
// copies of each mail): rare overall, yet significant after correcting for
// every word and pair tested.
func TestTrigger(t *testing.T) {
	rs := readSample(t, 2)
	fl := plant(rs)
	_, fs := check(t, writeJSONL(t, rs), 2)
	var top []string
	for _, f := range fs.Triggers[:min(3, len(fs.Triggers))] {
		top = append(top, f.Evidence[:strings.Index(f.Evidence, " is in")])
	}
	if !slices.Contains(top, `"cf mn"`) {
		t.Errorf("top trigger candidates = %v, want %q among them", top, phrase)
	}
	// Every poisoned row is listed, and most read like ham without the
	// trigger.
	listed := map[string]string{}
	for _, f := range fs.TriggeredRows {
		listed[f.Rows[0].ID] = f.Subkind
	}
	other := 0
	for id := range fl.triggered {
		switch listed[id] {
		case "reads_otherwise":
			other++
		case "":
			t.Errorf("poisoned row %s not listed", id)
		}
	}
	if len(fl.triggered) != 16 || other < 13 {
		t.Errorf("%d of %d poisoned rows read otherwise, want 16 rows and at least 13", other, len(fl.triggered))
	}
}

// TestNoTriggersOnCleanMail checks that ordinary mail, whose spam has plenty
// of words no ham has, yields no trigger candidates.
func TestNoTriggersOnCleanMail(t *testing.T) {
	_, fs := check(t, writeJSONL(t, readSample(t, 2)), 1)
	if len(fs.Triggers) != 0 {
		t.Errorf("trigger candidates on clean mail: %v", ids(fs.Triggers))
		for _, f := range fs.Triggers {
			t.Log(f.Evidence)
		}
	}
}

// TestWorkersSameResult checks that one and four workers give the same
// findings and numbers.
func TestWorkersSameResult(t *testing.T) {
	rs := readSample(t, 2)
	plant(rs)
	path := writeJSONL(t, rs)
	r1, f1 := check(t, path, 1)
	r4, f4 := check(t, path, 4)
	if diff := cmp.Diff(r1, r4); diff != "" {
		t.Errorf("result differs with 4 workers (-1 +4):\n%s", diff)
	}
	if diff := cmp.Diff(f1, f4); diff != "" {
		t.Errorf("findings differ with 4 workers (-1 +4):\n%s", diff)
	}
}

// TestFeaturesAllocs checks that the per-row feature hashing allocates
// nothing once its scratch has grown.
func TestFeaturesAllocs(t *testing.T) {
	text := []byte(readSample(t, 1)[0].Text)
	var f featurizer
	f.features(text)
	if n := testing.AllocsPerRun(100, func() { f.features(text) }); n != 0 {
		t.Errorf("features allocates %v times a row, want 0", n)
	}
}

// TestFeaturesHugeRow checks that a row with more distinct words than
// there are buckets keeps the feature set bounded.
func TestFeaturesHugeRow(t *testing.T) {
	var b strings.Builder
	for i := range 1_500_000 {
		fmt.Fprintf(&b, "w%d ", i)
	}
	var f featurizer
	fs := f.features([]byte(b.String()))
	if len(fs) > NumBuckets || len(fs) < NumBuckets/2 || len(f.set) > maxSet {
		t.Errorf("row of 1.5 million distinct words: %d features, set of %d; want at most %d and %d", len(fs), len(f.set), NumBuckets, maxSet)
	}
	if fs := f.features([]byte("a b a")); len(fs) != 4 {
		t.Errorf("features(%q) = %v, want 4 (a, b, a b, b a)", "a b a", fs)
	}
}

// TestTooManyOrTooFewClasses checks that the label checks say why they
// computed nothing, instead of failing, for one class or more than 32.
func TestTooManyOrTooFewClasses(t *testing.T) {
	rs := readSample(t, 1)
	for _, tt := range []struct {
		name    string
		classes int
		note    string
	}{{"one class", 1, "fewer than two classes"}, {"40 classes", 40, "more than 32 classes"}} {
		t.Run(tt.name, func(t *testing.T) {
			for i := range rs {
				rs[i].Label = fmt.Sprintf("c%02d", i%tt.classes)
			}
			path := writeJSONL(t, rs)
			inputs, err := ingest.Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			c := NewCounts(Options{})
			err = ingest.Run(context.Background(), inputs, ingest.Options{Text: []string{"text"}, Label: "label", Workers: 1}, func(_ int, b *ingest.Batch) error {
				defer b.Record.Release()
				return c.Add(b)
			})
			if err != nil {
				t.Fatal(err)
			}
			m := c.Model()
			if m.Usable() || !strings.Contains(m.Note, tt.note) {
				t.Errorf("Model().Note = %q, want %q", m.Note, tt.note)
			}
			res, fs := m.Result(nil, []string{path}, 10)
			if res.Note != m.Note || len(fs.LabelErrors)+len(fs.Triggers)+len(fs.TriggeredRows) != 0 {
				t.Errorf("Result = %+v, %+v; want the note and no findings", res, fs)
			}
		})
	}
}

// TestLabelErrorMinP: the default floor on the suggested label's
// probability keeps exactly the issues at or above it.
func TestLabelErrorMinP(t *testing.T) {
	rs := readSample(t, 1)
	plant(rs)
	path := writeJSONL(t, rs)
	all, allFs := check(t, path, 2)
	res, fs := checkWith(t, path, 2, Options{Seed: 1})
	if res.MinP != DefaultMinP {
		t.Fatalf("MinP = %v, want %v", res.MinP, DefaultMinP)
	}
	want := 0
	for _, f := range allFs.LabelErrors {
		if f.Score >= DefaultMinP {
			want++
		}
	}
	if len(fs.LabelErrors) != want || res.LabelErrors+res.BelowMinP != all.LabelErrors || res.BelowMinP == 0 {
		t.Errorf("with MinP %v: %d listed (%d reported, %d below), want %d of the %d found without it",
			DefaultMinP, len(fs.LabelErrors), res.LabelErrors, res.BelowMinP, want, all.LabelErrors)
	}
	for _, f := range fs.LabelErrors {
		if f.Score < DefaultMinP {
			t.Errorf("%s listed with score %v under %v", f.Rows[0].ID, f.Score, DefaultMinP)
		}
	}
}
