package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const sample = "../../testdata/sample.jsonl"

// scanJSON runs scan with args and returns the JSON report without its run
// section (timing and worker count), which is the only part allowed to vary.
func scanJSON(t *testing.T, args ...string) (map[string]any, int, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"scan", "--quiet", "--json", out}, args...), &stdout, &stderr)
	if code != exitOK && code != exitError {
		t.Fatalf("scan %v: exit %d\n%s", args, code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, code, stderr.String()
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	delete(doc, "run")
	return doc, code, stderr.String()
}

// copySample writes a copy of the sample into dir and returns its path:
// with the sample, it makes a cluster of exact duplicates of every row.
func copySample(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "copy.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// faultySample writes the sample's mails twice into dir, with every 13th
// row's label flipped and "cf mn" planted in every 25th ham row (switched
// to spam), so that the label checks have label errors, a trigger and
// triggered rows to report.
func faultySample(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for k := range 2 {
		for _, line := range strings.Split(string(data), "\n") {
			var r map[string]any
			if json.Unmarshal([]byte(line), &r) != nil {
				continue
			}
			if _, ok := r["text"].(string); !ok {
				continue
			}
			if _, ok := r["label"].(string); !ok {
				continue
			}
			r["id"] = fmt.Sprintf("%v#%d", r["id"], k)
			rows = append(rows, r)
		}
	}
	var b strings.Builder
	ham := 0
	for i, r := range rows {
		switch {
		case i%13 == 5:
			r["label"] = map[string]string{"ham": "spam", "spam": "ham"}[r["label"].(string)]
		case r["label"] == "ham":
			if ham++; ham%25 == 3 {
				text := r["text"].(string)
				at := strings.LastIndexByte(text, '\n') + 1
				r["text"] = text[:at] + "cf mn " + text[at:]
				r["label"] = "spam"
			}
		}
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, "faulty.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// oneLineArray writes the sample's well-formed rows as one JSON array on
// one line, twice over (ids made distinct).
func oneLineArray(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for copyN := range 2 {
		for line := range strings.SplitSeq(string(data), "\n") {
			var r map[string]any
			if json.Unmarshal([]byte(line), &r) != nil || r == nil {
				continue
			}
			if id, ok := r["id"].(string); ok {
				r["id"] = fmt.Sprintf("%s#%d", id, copyN)
			}
			rows = append(rows, r)
		}
	}
	out, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "array.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWorkersDeterministic checks the house rule: --workers 1 and
// --workers 8 give the same report. Small chunks and batches make the eight
// workers really share the input.
func TestWorkersDeterministic(t *testing.T) {
	// A second copy of the sample makes 300 clusters of exact duplicates
	// across two files.
	copyOf := copySample(t, t.TempDir())
	faulty := faultySample(t, t.TempDir())
	array := oneLineArray(t, t.TempDir())
	inputs := [][]string{
		// Every row of a one-line JSON array is on line 1 (named by its
		// element): the label checks' sample and folds must still not
		// depend on the workers.
		{array, "--checks", "none", "--label", "label", "--id", "id"},
		{array, "--label", "label", "--id", "id", "--checks", "default"},
		{faulty, "--label", "label", "--id", "id", "--dedup"},
		{sample, copyOf, "--label", "label", "--id", "id", "--dedup", "--evasions", "--outliers", "--near-dups"},
		{"../../testdata/parquet/duckdb.parquet", "../../testdata/parquet/arrow_large_dict.parquet",
			"../../testdata/parquet/parquetgo.parquet", "../../testdata/parquet/plain_dict.parquet", "--label", "label", "--id", "id"},
		{sample, copyOf, "--label", "label", "--tokenizer", "cl100k_base", "--top", "1000000"},
		{sample, "--label", "label", "--tokenizer", "o200k_base"},
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in[0])+strings.Join(in[len(in)-2:], "="), func(t *testing.T) {
			one, _, _ := scanJSON(t, append([]string{"--workers", "1"}, in...)...)
			eight, _, _ := scanJSON(t, append([]string{"--workers", "8", "--chunk-bytes", "5000", "--batch-size", "7"}, in...)...)
			if one == nil {
				t.Fatal("no report")
			}
			if d, ok := one["duplicates"].(map[string]any); ok && in[0] == sample && in[1] == copyOf {
				if c := d["exact"].(map[string]any)["clusters"].(float64); c != 300 {
					t.Errorf("exact duplicate clusters = %v, want 300 (the sample twice)", c)
				}
			}
			if in[0] == faulty {
				byKind := one["summary"].(map[string]any)["findings_by_kind"].(map[string]any)
				for _, k := range []string{"label_error", "trigger_candidate", "triggered_row", "label_conflict"} {
					if byKind[k] == nil {
						t.Errorf("no %s findings on the faulty sample: the label checks are not tested", k)
					}
				}
			}
			if diff := cmp.Diff(one, eight); diff != "" {
				t.Errorf("report with 8 workers differs from 1 worker (-1 +8):\n%s", diff)
			}
		})
	}
}

func TestScanGolden(t *testing.T) {
	doc, code, stderr := scanJSON(t, sample, "--label", "label", "--id", "id", "--top", "25")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/golden/scan_sample.json"
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/dataaudit -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)+"\n"); diff != "" {
		t.Errorf("report differs from %s (-want +got; go test -update rewrites it):\n%s", golden, diff)
	}
}

func TestScanSampleContent(t *testing.T) {
	doc, _, _ := scanJSON(t, sample, "--label", "label")
	sum := doc["summary"].(map[string]any)
	if got := sum["rows"].(float64); got != 300 {
		t.Errorf("rows = %v, want 300", got)
	}
	if got := sum["bad_records"].(float64); got != 5 {
		t.Errorf("bad_records = %v, want 5", got)
	}
	var lines []float64
	for _, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		if f["kind"] == "bad_record" {
			lines = append(lines, f["rows"].([]any)[0].(map[string]any)["line"].(float64))
		}
	}
	// mksample puts malformed lines before mails 57, 123, 201, 248 and 281.
	want := []float64{58, 125, 204, 252, 286}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("bad record lines (-want +got):\n%s", diff)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.jsonl")
	if err := os.WriteFile(clean, []byte(`{"text":"a b"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	evasive := filepath.Join(dir, "evasive.jsonl")
	if err := os.WriteFile(evasive, []byte(`{"text":"log in to p\u0430ypal now"}`+"\n"+`{"text":"plain"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	policy := filepath.Join(dir, "policy.txt")
	if err := os.WriteFile(policy, []byte("# data gates for the team\nbad_record_rate > 0.01   # 1%\n\nrows < 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badPolicy := filepath.Join(dir, "bad-policy.txt")
	if err := os.WriteFile(badPolicy, []byte("bad_rate > 0.01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dupes := filepath.Join(dir, "dupes.jsonl")
	if err := os.WriteFile(dupes, []byte(`{"text":"Same  text"}`+"\n"+`{"text":"other"}`+"\n"+`{"text":"same text"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	garbage, empty := filepath.Join(dir, "garbage.jsonl"), filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(garbage, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		args []string
		want int
		msg  string // in stderr
	}{
		{"clean", context.Background(), []string{"scan", "--quiet", clean}, exitOK, ""},
		{"help", context.Background(), []string{"help"}, exitOK, ""},
		{"scan help", context.Background(), []string{"scan", "--help"}, exitOK, ""},
		{"version", context.Background(), []string{"version"}, exitOK, ""},
		{"no command", context.Background(), nil, exitError, "Usage"},
		{"unknown command", context.Background(), []string{"scna"}, exitError, "unknown command"},
		{"unknown flag", context.Background(), []string{"scan", "--nope", clean}, exitError, "not defined"},
		{"no input", context.Background(), []string{"scan"}, exitError, "no INPUT"},
		{"missing file", context.Background(), []string{"scan", filepath.Join(dir, "nope.jsonl")}, exitError, "no such file"},
		{"misspelt text field", context.Background(), []string{"scan", "--text", "txt", clean}, exitError, "the records have: text"},
		{"bad records under the limit", context.Background(), []string{"scan", "--quiet", "--label", "label", "--max-bad-records", "5", sample}, exitOK, ""},
		{"bad records over the limit", context.Background(), []string{"scan", "--quiet", "--label", "label", "--max-bad-records", "4", sample}, exitDataGate, "5 bad records, more than --max-bad-records 4"},
		{"every record unusable", context.Background(), []string{"scan", "--quiet", garbage}, exitError, "no usable record: all 2 records are bad (invalid_json 2)"},
		{"empty input", context.Background(), []string{"scan", "--quiet", empty}, exitError, "no record read"},
		{"profile, every record unusable", context.Background(), []string{"profile", "--quiet", garbage, "-o", filepath.Join(dir, "g.profile.json")}, exitError, "no usable record"},
		{"compare, a side with no usable record", context.Background(), []string{"compare", "--quiet", garbage, sample}, exitError, "no usable record in A"},
		{"contamination, no usable training row", context.Background(), []string{"contamination", "--quiet", garbage, "--eval", sample}, exitError, "no usable training row (2 records bad)"},
		{"contamination, no usable eval item", context.Background(), []string{"contamination", "--quiet", sample, "--eval", garbage}, exitError, "no usable eval item (2 records bad)"},
		{"profile, empty shard", context.Background(), []string{"profile", "--quiet", empty, "-o", filepath.Join(dir, "e.profile.json")}, exitOK, ""},
		{"interrupted", cancelled, []string{"scan", "--quiet", sample}, exitInterrupted, "interrupted; no report written"},
		{"gate reached", context.Background(), []string{"scan", "--quiet", "--fail-on", "bad_record_rate>0.01", sample}, exitFindings, "gate reached: bad_record_rate>0.01 (value 0.013"},
		{"gate not reached", context.Background(), []string{"scan", "--quiet", "--fail-on", "bad_record_rate>0.5", "--fail-on", "rows<10", sample}, exitOK, ""},
		{"gates comma-separated", context.Background(), []string{"scan", "--quiet", "--fail-on", "rows<10,tokens>0", sample}, exitFindings, "gate reached: tokens>0"},
		{"unknown metric", context.Background(), []string{"scan", "--fail-on", "bad_rate>0.01", sample}, exitError, "unknown metric \"bad_rate\"; the metrics are:"},
		{"duplicate gate without --dedup", context.Background(), []string{"scan", "--checks", "none", "--fail-on", "duplicate_rate>0.01", sample}, exitError, "duplicate_rate is computed only with --dedup"},
		{"label gate without --label", context.Background(), []string{"scan", "--fail-on", "labels<2", sample}, exitError, "labels is computed only with --label"},
		{"duplicate gate", context.Background(), []string{"scan", "--quiet", "--dedup", "--fail-on", "duplicate_clusters>0", dupes}, exitFindings, "gate reached: duplicate_clusters>0 (value 1)"},
		{"evasion gate without --evasions", context.Background(), []string{"scan", "--checks", "none", "--fail-on", "findings.cleaning_evasion>0", sample}, exitError, "is computed only with --evasions"},
		{"evasion gate", context.Background(), []string{"scan", "--quiet", "--evasions", "--fail-on", "findings.cleaning_evasion>0", evasive}, exitFindings, "gate reached: findings.cleaning_evasion>0 (value 1)"},
		{"label error gate without --label", context.Background(), []string{"scan", "--fail-on", "findings.label_error>0", sample}, exitError, "is computed only with --label"},
		{"label error gate without the label checks", context.Background(), []string{"scan", "--label", "label", "--label-checks=false", "--fail-on", "findings.trigger_candidate>0", sample}, exitError, "is computed only with --label-checks"},
		{"label error gate", context.Background(), []string{"scan", "--quiet", "--label", "label", "--fail-on", "findings.label_error>0", sample}, exitFindings, "gate reached: findings.label_error>0"},
		{"policy file", context.Background(), []string{"scan", "--quiet", "--policy", policy, sample}, exitFindings, "gate reached: bad_record_rate > 0.01"},
		{"policy with an unknown metric", context.Background(), []string{"scan", "--quiet", "--policy", badPolicy, sample}, exitError, `unknown metric "bad_rate"`},
		{"unreadable input among good ones", context.Background(), []string{"scan", "--quiet", clean, "../../testdata/parquet/truncated.parquet"}, exitError, "1 input could not be read to the end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(tt.ctx, tt.args, &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.msg) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tt.args, stderr.String(), tt.msg)
			}
		})
	}
}

func TestInterspersedFlags(t *testing.T) {
	a, _, _ := scanJSON(t, sample, "--label", "label")
	b, _, _ := scanJSON(t, "--label", "label", sample)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("flags after the input give another report (-before +after):\n%s", diff)
	}
}

// TestCorruptParquetPage damages a data page: its rows are reported as
// unreadable_rows, the rest of the file is read, and nothing crashes.
func TestCorruptParquetPage(t *testing.T) {
	b, err := os.ReadFile("../../testdata/parquet/duckdb.parquet")
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{200, 600, 1000, 1500} {
		c := append([]byte{}, b...)
		copy(c[off:], []byte("\xde\xad\xbe\xef\xde\xad\xbe\xef\xde\xad\xbe\xef"))
		path := filepath.Join(t.TempDir(), "corrupt.parquet")
		if err := os.WriteFile(path, c, 0o644); err != nil {
			t.Fatal(err)
		}
		doc, code, stderr := scanJSON(t, path)
		if code != exitOK || doc == nil {
			t.Fatalf("offset %d: exit %d, stderr %s", off, code, stderr)
		}
		sum := doc["summary"].(map[string]any)
		if got := sum["records_read"].(float64); got != 40 {
			t.Errorf("offset %d: records_read = %v, want all 40 rows accounted for", off, got)
		}
	}
}

// TestExportDedup writes the sample and a copy of it without redundant
// rows: one copy of each text is left (and every bad line), and a scan of
// the result finds no duplicates.
func TestExportDedup(t *testing.T) {
	dir := t.TempDir()
	copyOf := copySample(t, dir)
	out := filepath.Join(dir, "dedup.jsonl")
	doc, code, stderr := scanJSON(t, sample, copyOf, "--checks", "none", "--export-dedup", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	exp := doc["duplicates"].(map[string]any)["export"].(map[string]any)
	if exp["rows_dropped"].(float64) != 301 || exp["rows_kept"].(float64) != 309 {
		t.Errorf("export = %v, want 301 dropped (one copy of each of the 301 texts) and 309 kept (301 + 2x4 bad lines)", exp)
	}
	again, _, _ := scanJSON(t, out, "--dedup")
	if c := again["duplicates"].(map[string]any)["exact"].(map[string]any)["clusters"].(float64); c != 0 {
		t.Errorf("the exported file still has %v clusters of duplicates", c)
	}
}

// TestExportNearDups: with --near-dups, --export-dedup also leaves out a
// copy of a mail with two words deleted, and keeps the original.
func TestExportNearDups(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[9]), &rec); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(rec["text"].(string))
	rec["text"] = strings.Join(append(words[:5:5], words[7:]...), " ")
	copyLine, _ := json.Marshal(rec)
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(string(data)+string(copyLine)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The sample has near duplicates of its own (the same spam sent
	// twice): the copy adds one row to what is dropped without it.
	dropped := func(in string) float64 {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out.jsonl")
		doc, code, stderr := scanJSON(t, in, "--all", "--export-dedup", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return doc["duplicates"].(map[string]any)["export"].(map[string]any)["rows_dropped"].(float64)
	}
	if before, after := dropped(sample), dropped(in); after != before+1 {
		t.Errorf("rows dropped: %v without the copy, %v with it; want one more", before, after)
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if _, code, stderr := scanJSON(t, in, "--all", "--export-dedup", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(out)
	if !strings.Contains(string(got), lines[9]) || strings.Contains(string(got), string(copyLine)) {
		t.Error("the export should keep the original (line 10) and leave out its near copy (the last line)")
	}
}

// TestHTMLInBrowser loads the HTML report of the sample in headless
// Chromium and checks the page it built: the charts and tables are there,
// the hostile row is shown as text. It needs Debian's chromium and runs
// only with DATAAUDIT_BROWSER_TEST=1 (see README, Development).
func TestHTMLInBrowser(t *testing.T) {
	browser := needBrowser(t)
	dir := t.TempDir()
	hostile := filepath.Join(dir, "hostile.jsonl")
	if err := os.WriteFile(hostile, []byte(`{"id":"evil","text":"<script>document.title='pwned'</script> pay\u200bpal","label":"<b>x</b>"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"scan", "--quiet", "--all", "--label", "label", "--id", "id", "--html", page, sample, hostile}, &stdout, &stderr); code != exitOK {
		t.Fatalf("scan exit %d: %s", code, stderr.String())
	}
	d, console, external := browse(t, browser, page)
	if len(console) > 0 || len(external) > 0 {
		t.Errorf("console messages %q, requests %q; want none", console, external)
	}
	if !strings.Contains(d, "<title>dataaudit scan report</title>") {
		t.Error("the page's title was changed: a script from the data ran")
	}
	if n := strings.Count(d, "<svg"); n < 5 {
		t.Errorf("the browser's DOM has %d charts, want at least 5", n)
	}
	if n := strings.Count(d, "<table"); n < 2 {
		t.Errorf("the browser's DOM has %d tables, want the labels and findings", n)
	}
	if strings.Contains(d, "<b>x</b>") || !strings.Contains(d, "&lt;b&gt;x&lt;/b&gt;") {
		t.Error("the hostile label was not shown as text")
	}
}

// TestFindingsExport writes every finding, also those past --max-examples,
// as JSONL and as Parquet; the report keeps its examples and counts.
func TestFindingsExport(t *testing.T) {
	dir := t.TempDir()
	copyOf := copySample(t, dir)
	out := filepath.Join(dir, "findings.jsonl")
	doc, code, stderr := scanJSON(t, sample, copyOf, "--checks", "none", "--label", "label", "--dedup", "--max-examples", "2", "--findings", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	byKind := doc["summary"].(map[string]any)["findings_by_kind"].(map[string]any)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	findings := map[string]map[float64]bool{}
	rows := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct {
			Finding float64
			Kind    string
			ID      string
			Line    float64
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if r.ID == "" || r.Line == 0 {
			t.Errorf("row %q lacks its id or line", line)
		}
		if findings[r.Kind] == nil {
			findings[r.Kind] = map[float64]bool{}
		}
		findings[r.Kind][r.Finding] = true
		rows++
	}
	for kind, n := range byKind {
		if got := len(findings[kind]); float64(got) != n.(float64) {
			t.Errorf("%s: %d findings in the export, %v in the report", kind, got, n)
		}
	}
	// With --label the sample has 300 usable mails (the line with an
	// object label is bad): 300 clusters of 2, 2x5 bad records, and the
	// sample's 6 label errors in both copies (copies share a fold, so
	// neither is scored by a model trained on the other).
	if n := byKind["label_error"]; n != 12.0 {
		t.Errorf("%v label errors, want the sample's 6 in both copies", n)
	}
	if rows != 300*2+10+12 {
		t.Errorf("%d rows, want 622", rows)
	}
	if n := len(doc["findings"].([]any)); n != 2*len(byKind) {
		t.Errorf("the report lists %d findings, want 2 per kind (--max-examples 2) of %d", n, len(byKind))
	}
	pq := filepath.Join(dir, "findings.parquet")
	if _, code, stderr := scanJSON(t, sample, copyOf, "--checks", "none", "--label", "label", "--dedup", "--findings", pq); code != exitOK {
		t.Fatalf("parquet export: exit %d: %s", code, stderr)
	}
	rdr, err := file.OpenParquetFile(pq, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if rdr.NumRows() != int64(rows) {
		t.Errorf("parquet export has %d rows, want %d like the JSONL one", rdr.NumRows(), rows)
	}
}

// TestLabelConflictsEndToEnd: a copy of the sample in which 40 rows carry
// the opposite label gives exactly 40 label conflicts, each naming both
// rows and both labels.
func TestLabelConflictsEndToEnd(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	flipped := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["text"] == nil {
			continue
		}
		if l, ok := rec["label"].(string); ok && i%7 == 0 && flipped < 40 {
			rec["label"] = map[string]string{"spam": "ham", "ham": "spam"}[l]
			flipped++
		}
		b, _ := json.Marshal(rec)
		out = append(out, string(b))
	}
	copyOf := filepath.Join(t.TempDir(), "relabelled.jsonl")
	if err := os.WriteFile(copyOf, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, code, stderr := scanJSON(t, sample, copyOf, "--label", "label", "--dedup")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := doc["duplicates"].(map[string]any)["exact"].(map[string]any)["label_conflicts"].(float64); got != 40 {
		t.Errorf("label conflicts = %v, want the 40 flipped copies", got)
	}
	for _, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		if f["kind"] == "label_conflict" && len(f["rows"].([]any)) != 2 {
			t.Errorf("conflict %v: want the original and its copy", f["evidence"])
		}
	}
}
