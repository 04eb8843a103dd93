package audit

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// shardInputs are the shipped sample (cut into byte ranges), the messy
// fixture (bad records) and a gzipped copy of the sample's first 60 lines
// with every fifth label flipped (read whole by one shard; duplicates
// across files, label conflicts).
func shardInputs(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))[:60]
	for i := 0; i < len(lines); i += 5 {
		lines[i] = bytes.Replace(lines[i], []byte(`"label":"ham"`), []byte(`"label":"spam"`), 1)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(bytes.Join(lines, nil))
	w.Close()
	cp := filepath.Join(t.TempDir(), "copy.jsonl.gz")
	if err := os.WriteFile(cp, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{sample, "../../testdata/jsonl/messy.jsonl", cp}
}

// allChecks is scan --all --label label --id id --lenient-json, with the
// command's defaults, in small chunks so that shards see many batches.
func allChecks(inputs []string) *ScanConfig {
	return &ScanConfig{
		Inputs: inputs, Text: []string{"text"}, Label: "label", ID: "id", Workers: 2, ChunkBytes: 32 << 10,
		MaxLineBytes: 256 << 20, LenientJSON: true, MaxPageBytes: ingest.DefaultMaxPageBytes,
		Top: 100, TopPerLabel: 20, MaxExamples: 1000,
		Dedup: true, NearDups: true, Evasions: true, Outliers: true, LabelChecks: true, Poison: true, Backdoors: true, Spans: true,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
		Folds: labels.DefaultFolds, Seed: 1, LabelMinP: labels.DefaultMinP, SpanTokens: 50, ToolVersion: "test",
	}
}

// reportJSON is a report's JSON without its run fields (timings).
func reportJSON(t *testing.T, doc *report.Document) string {
	t.Helper()
	doc.Run = report.Run{}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeStates writes states to files in dir named prefix-K.state and
// returns their paths.
func writeStates(t *testing.T, dir, prefix string, states [][]byte) []string {
	t.Helper()
	var paths []string
	for k, s := range states {
		p := filepath.Join(dir, fmt.Sprintf("%s-%d.state", prefix, k))
		if err := os.WriteFile(p, s, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// scanShards runs cfg as n shards, as a job array would: the first
// pass' states merged, and when an analysis reads twice, the second
// passes on the merged first pass merged with it. It returns the report.
func scanShards(t *testing.T, cfg *ScanConfig, n int) *report.Document {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	var states [][]byte
	for k := range n {
		c := *cfg
		s, err := ScanShard(ctx, &c, shards.Shard{K: k, N: n}, nil, "", Hooks{})
		if err != nil {
			t.Fatalf("ScanShard(%d/%d): %v", k, n, err)
		}
		states = append(states, s)
	}
	res, err := MergeStates(ctx, &MergeConfig{Profiles: writeStates(t, dir, "first", states)}, Hooks{})
	if err != nil {
		t.Fatalf("MergeStates: %v", err)
	}
	if res.First == nil {
		return res.Report
	}
	first := filepath.Join(dir, "merged-first.state")
	if err := os.WriteFile(first, res.First, 0o644); err != nil {
		t.Fatal(err)
	}
	states = nil
	for k := range n {
		c := *cfg
		s, err := ScanShard(ctx, &c, shards.Shard{K: k, N: n}, res.First, first, Hooks{})
		if err != nil {
			t.Fatalf("ScanShard(%d/%d, pass 2): %v", k, n, err)
		}
		states = append(states, s)
	}
	res, err = MergeStates(ctx, &MergeConfig{Profiles: append([]string{first}, writeStates(t, dir, "second", states)...)}, Hooks{})
	if err != nil {
		t.Fatalf("MergeStates (pass 2): %v", err)
	}
	if res.Report == nil {
		t.Fatal("MergeStates (pass 2) gave no report")
	}
	return res.Report
}

// TestScanShards: scan --all --label in K shards, merged, gives the
// report of one process byte for byte (but for the run's timings).
func TestScanShards(t *testing.T) {
	cfg := allChecks(shardInputs(t))
	one, err := Scan(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	want := reportJSON(t, one)
	for _, kind := range []string{"label_error", "near_duplicate", "repeated_span", "bad_record", "exact_duplicate", "label_conflict"} {
		if !strings.Contains(want, `"kind": "`+kind+`"`) {
			t.Fatalf("the one-process report has no %s finding: the test tells little", kind)
		}
	}
	for _, n := range []int{2} {
		t.Run(fmt.Sprintf("shards=%d", n), func(t *testing.T) {
			if got := reportJSON(t, scanShards(t, allChecks(cfg.Inputs), n)); got != want {
				t.Errorf("scanShards(%d) differs from one process:\n%s", n, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows where two texts first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-200, 0)
	return fmt.Sprintf(" got …%.400s\nwant …%.400s", got[from:], want[from:])
}

// TestProfileShards: profile --shard K/N states, merged, give the
// profile of one process byte for byte.
func TestProfileShards(t *testing.T) {
	ctx := context.Background()
	inputs := shardInputs(t)
	cfg := func() *ProfileConfig {
		return &ProfileConfig{Inputs: inputs, Ingest: ingest.Options{Text: []string{"text"}, Label: "label", LenientJSON: true, ChunkBytes: 32 << 10},
			Top: 50, Tokenizer: WordTokenizer(), ToolVersion: "test"}
	}
	one, err := Profile(ctx, cfg(), Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := profile.Write(&want, one); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("shards=%d", n), func(t *testing.T) {
			var states [][]byte
			for k := range n {
				s, err := ProfileShard(ctx, cfg(), shards.Shard{K: k, N: n}, Hooks{})
				if err != nil {
					t.Fatal(err)
				}
				states = append(states, s)
			}
			res, err := MergeStates(ctx, &MergeConfig{Profiles: writeStates(t, t.TempDir(), "p", states), ToolVersion: "test"}, Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := profile.Write(&got, res.Profile); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("profile of %d shards differs from one process:\n%s", n, firstDiff(got.String(), want.String()))
			}
		})
	}
}

// TestMergeRefuses: a missing or repeated shard, shards of other
// settings, a damaged state and a second pass without its first are
// refused with an error that says which.
func TestMergeRefuses(t *testing.T) {
	ctx := context.Background()
	inputs := []string{sample}
	cfg := &ScanConfig{Inputs: inputs, Text: []string{"text"}, Top: 10, TopPerLabel: 10, MaxExamples: 10, Dedup: true, ExactNormalize: dups.NormalizeDefault, NoSplits: true}
	var states [][]byte
	for k := range 3 {
		c := *cfg
		s, err := ScanShard(ctx, &c, shards.Shard{K: k, N: 3}, nil, "", Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, s)
	}
	dir := t.TempDir()
	paths := writeStates(t, dir, "s", states)
	other := *cfg
	other.Top = 11
	o, err := ScanShard(ctx, &other, shards.Shard{K: 1, N: 3}, nil, "", Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	otherPath := writeStates(t, dir, "other", [][]byte{o})[0]
	damaged := writeStates(t, dir, "damaged", [][]byte{append(bytes.Clone(states[1][:len(states[1])-40]), states[1][len(states[1])-39:]...)})[0]
	four, err := ScanShard(ctx, cfg, shards.Shard{K: 3, N: 4}, nil, "", Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	fourPath := writeStates(t, dir, "four", [][]byte{four})[0]
	tests := []struct {
		name  string
		paths []string
		want  string
	}{
		{"missing", []string{paths[0], paths[2]}, "1 of 3 shards missing: [1/3]"},
		{"twice", []string{paths[0], paths[1], paths[1], paths[2]}, "shard 1/3 given twice"},
		{"other settings", []string{paths[0], otherPath, paths[2]}, "other settings"},
		{"damaged", []string{paths[0], damaged, paths[2]}, "damaged or truncated"},
		{"other N", []string{paths[0], paths[1], paths[2], fourPath}, "share N"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MergeStates(ctx, &MergeConfig{Profiles: tt.paths}, Hooks{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("MergeStates(%s) = %v, want an error saying %q", tt.name, err, tt.want)
			}
		})
	}
	res, err := MergeStates(ctx, &MergeConfig{Profiles: paths}, Hooks{})
	if err != nil || res.Report == nil {
		t.Fatalf("MergeStates of the 3 shards = %v, %v; want a report", res, err)
	}
}
