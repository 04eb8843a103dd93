package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/report"
)

// scanConfig is dataaudit scan's configuration with its flags' defaults
// and --dedup --near-dups --evasions --outliers, over inputs.
func scanConfig(inputs []string, label string) *audit.ScanConfig {
	return &audit.ScanConfig{
		Inputs: inputs, Text: []string{"text"}, DetectShape: true, Label: label,
		ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20, MaxPageBytes: ingest.DefaultMaxPageBytes,
		Top: 100, TopPerLabel: 20, MaxExamples: 1000, Tokenizer: "words",
		Dedup: true, NearDups: true, Evasions: true, Outliers: true,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
		Folds: labels.DefaultFolds, Seed: 1, LabelMinP: labels.DefaultMinP, SpanTokens: repeats.DefaultTokens,
		ToolVersion: "test",
	}
}

// reportJSON is the JSON report without its run fields (timings and
// workers), which are the run's own.
func reportJSON(t *testing.T, doc *report.Document) []byte {
	t.Helper()
	doc.Run = report.Run{}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// runScan runs the scan pipeline of o over its inputs cut into shards of
// about size bytes, its words cut into token partitions (0: none), on
// Prism, and returns the report and the number of shards.
func runScan(t *testing.T, o *audit.ScanConfig, size int64, partitions int, jo audit.JobOptions) (*report.Document, int) {
	t.Helper()
	ctx := context.Background()
	in, skipped, err := audit.ExpandScanInputs(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	job, err := audit.NewScanJob(ctx, o, in, skipped, jo)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := shard.Plan(in, size)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ScanConfig{Job: job.Encode(), Read: jo, TokenPartitions: partitions, Out: filepath.Join(t.TempDir(), "merged.json")}
	for _, i := range in {
		cfg.Paths, cfg.Sizes = append(cfg.Paths, i.URL()), append(cfg.Sizes, i.Size)
	}
	p, s := beam.NewPipelineWithRoot()
	BuildScan(s, cfg, plan)
	if _, err := beam.Run(ctx, "prism", p); err != nil {
		t.Fatalf("pipeline of %d shards: %v", len(plan), err)
	}
	merged, totals, err := ReadMerged(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := job.Report(ctx, merged, totals, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return doc, len(plan)
}

// TestScan runs the scan pipeline on Prism, embedded in the test, and
// checks that its report equals dataaudit scan's, but for the run
// fields, for several shard sizes and token partitions, with and without
// a label (so per-label top tokens).
func TestScan(t *testing.T) {
	paths := inputs(t)
	for _, label := range []string{"", "label"} {
		o := scanConfig(paths, label)
		o.LabelChecks = false // reads twice: refused on Beam (TestScanRefusesSecondPass)
		want, err := audit.Scan(context.Background(), o, audit.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		wantJSON := reportJSON(t, want)
		if len(want.Findings) == 0 || want.Duplicates == nil || want.Outliers == nil {
			t.Fatalf("dataaudit scan of the test inputs found nothing to compare")
		}
		for _, tt := range []struct {
			size       int64
			partitions int
		}{{0, 0}, {100 << 10, 0}, {0, 1}, {100 << 10, 3}, {100 << 10, 7}, {1 << 20, 1}, {1 << 20, 5}} {
			t.Run(fmt.Sprintf("label=%q/shard-bytes=%d/partitions=%d", label, tt.size, tt.partitions), func(t *testing.T) {
				o := scanConfig(paths, label)
				o.LabelChecks = false
				doc, n := runScan(t, o, tt.size, tt.partitions, audit.JobOptions{ChunkBytes: 512 << 10})
				if got := reportJSON(t, doc); !bytes.Equal(got, wantJSON) {
					t.Fatalf("pipeline report of %d shards differs from dataaudit scan's:\n%s", n, firstDiff(wantJSON, got))
				}
			})
		}
	}
}

// TestScanS3 runs the scan pipeline over the inputs served by an S3
// store (an in-process fake), JSONL read in ranged requests: the report
// equals dataaudit scan's of the files but for the inputs' names.
func TestScanS3(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	var paths, keys []string
	for i, p := range inputs(t) {
		name := fmt.Sprintf("%d-%s", i, filepath.Base(p))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		local := filepath.Join(dir, name)
		if err := os.WriteFile(local, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files["corpus/"+name] = local
		paths, keys = append(paths, local), append(keys, "corpus/"+name)
	}
	srv := blobtest.Serve(t, files)
	var urls, names []string
	for i, k := range keys {
		urls = append(urls, srv.URL(k))
		names = append(names, "s3://"+strings.SplitN(strings.TrimPrefix(srv.URL(k), "s3://"), "?", 2)[0], paths[i])
	}
	want, err := audit.Scan(context.Background(), scanConfig(paths, ""), audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := reportJSON(t, want)
	doc, n := runScan(t, scanConfig(urls, ""), 100<<10, 4, audit.JobOptions{ChunkBytes: 512 << 10})
	got := []byte(strings.NewReplacer(names...).Replace(string(reportJSON(t, doc))))
	if !bytes.Equal(got, wantJSON) {
		t.Fatalf("pipeline report of %d shards of objects differs from dataaudit scan's of the files:\n%s", n, firstDiff(wantJSON, got))
	}
}

// TestScanRefusesSecondPass checks that analyses that read the input
// twice are refused with an error that names them and says what to do.
func TestScanRefusesSecondPass(t *testing.T) {
	o := scanConfig([]string{filepath.Join("..", "..", "testdata", "sample.jsonl")}, "label")
	o.LabelChecks = true
	ctx := context.Background()
	in, skipped, err := audit.ExpandScanInputs(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	_, err = audit.NewScanJob(ctx, o, in, skipped, audit.JobOptions{})
	if err == nil || !strings.Contains(err.Error(), labels.Spec.Name) || !strings.Contains(err.Error(), "--label-checks=false") {
		t.Fatalf("NewScanJob(--label label) = %v, want an error naming %s and --label-checks=false", err, labels.Spec.Name)
	}
}

// TestMergeScanRefuses checks that the final merge refuses a lost,
// repeated or foreign shard state and a lost or incomplete token part,
// rather than writing a smaller report.
func TestMergeScanRefuses(t *testing.T) {
	ctx := context.Background()
	o := scanConfig([]string{filepath.Join("..", "..", "testdata", "sample.jsonl")}, "")
	in, skipped, err := audit.ExpandScanInputs(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	job, err := audit.NewScanJob(ctx, o, in, skipped, audit.JobOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := shard.Plan(in, 200<<10)
	if err != nil {
		t.Fatal(err)
	}
	for i := range plan {
		if plan[i], err = shard.Count(ctx, in[plan[i].File], plan[i]); err != nil {
			t.Fatal(err)
		}
	}
	if plan, err = shard.Lines(plan, in); err != nil || len(plan) < 3 {
		t.Fatalf("Lines = %d shards, %v; want 3 or more", len(plan), err)
	}
	const p = 2
	var states, cands []shard.ScanPart
	tokens := make([][]shard.TokenPart, p)
	dupParts := make([][]shard.DupPart, p)
	var nears []shard.DupPart
	for _, sh := range plan {
		st, parts, err := shard.ReadScan(ctx, job, sh, p)
		if err != nil {
			t.Fatal(err)
		}
		dps, near, err := shard.SplitDups(job, &st, p)
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, shard.ScanPart{Index: sh.Index, Planned: true}, st)
		for i, tp := range parts {
			tokens[i] = append(tokens[i], tp)
			dupParts[i] = append(dupParts[i], dps[i]...)
		}
		nears = append(nears, near)
	}
	tops := make([]shard.ScanPart, p)
	dups := make([]shard.ScanPart, p)
	var shared []shard.DupPart
	for i := range tops {
		if tops[i], err = shard.TopOfPartition(job, i, tokens[i]); err != nil {
			t.Fatal(err)
		}
		d, sh, ok, err := shard.DupsOfPartition(job, i, p, dupParts[i])
		if err != nil || !ok {
			t.Fatalf("DupsOfPartition(%d) = %v, %v", i, ok, err)
		}
		dups[i], shared = d, append(shared, sh)
	}
	for _, n := range nears {
		c, err := shard.NearCandidates(job, n, p, shared)
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, c)
	}
	if _, err := shard.NearCandidates(job, nears[0], p, shared[1:]); err == nil || !strings.Contains(err.Error(), "partition 0 of 2 never came") {
		t.Errorf("NearCandidates without partition 0's shared keys = %v, want an error", err)
	}
	short, err := shard.TopOfPartition(job, 1, tokens[1][1:])
	if err != nil {
		t.Fatal(err)
	}
	shortDups, _, _, err := shard.DupsOfPartition(job, 1, p, dupParts[1][2:]) // without shard 0's rows and keys
	if err != nil {
		t.Fatal(err)
	}
	all := append(append(append(slices.Clone(states), cands...), dups...), tops...)
	tests := []struct {
		name  string
		parts []shard.ScanPart
		want  string // "" for no error
	}{
		{"whole", all, ""},
		{"a state lost", slices.Delete(slices.Clone(all), 1, 2), "never came"},
		{"a state twice", append(slices.Clone(all), states[1]), "given twice"},
		{"a foreign state", append(slices.Clone(all), shard.ScanPart{Index: 99, State: states[1].State}), "does not hold"},
		{"a part lost", slices.Clone(all[:len(all)-1]), "token partition 1"},
		{"a part short of a shard", append(slices.Clone(all[:len(all)-1]), short), "token partition 1: merged shards"},
		{"a duplicates' partition lost", slices.Delete(slices.Clone(all), len(all)-p-1, len(all)-p), "duplicates' partition 1: its result never came"},
		{"a duplicates' partition twice", append(slices.Clone(all), dups[0]), "duplicates' partition 0: unexpected or given twice"},
		{"a duplicates' partition short of a shard", append(slices.Delete(slices.Clone(all), len(all)-p-1, len(all)-p), shortDups), "duplicates' partition 1: merged the exact duplicates of shards"},
		{"candidates lost", slices.Delete(slices.Clone(all), len(states), len(states)+1), "near-duplicate candidates never came"},
		{"candidates twice", append(slices.Clone(all), cands[0]), "near-duplicate candidates unexpected or given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := shard.MergeScan(job, tt.parts, p)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("MergeScan(%s) = %v, want %q", tt.name, err, tt.want)
			}
		})
	}
}
