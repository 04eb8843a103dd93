package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"testing"
)

// TestSummaryOnlyExcerpts: the text summary of a scan that writes no
// other report (only the findings it shows get their excerpts read) is
// the one printed beside a JSON report (every listed finding's read),
// byte for byte but the time taken; on JSONL and Parquet, with rows
// named by an id column and by position, with --show-findings.
func TestSummaryOnlyExcerpts(t *testing.T) {
	dir := t.TempDir()
	faulty := faultySample(t, dir)
	took := regexp.MustCompile(`in [0-9.]+s \([0-9.]+ [MGk]?B/s of input\)`)
	for _, args := range [][]string{
		{"--all", "--label", "label", "--id", "id", sample},
		{"--all", "--label", "label", faulty},
		{"--show-findings", "3", sample},
		{"--show-findings", "1", "--all", "../../testdata/parquet/duckdb.parquet"},
	} {
		summary := func(more ...string) string {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append(append([]string{"scan", "--quiet"}, more...), args...), &stdout, &stderr)
			if code != exitOK && code != exitError {
				t.Fatalf("scan %v: exit %d\n%s", args, code, stderr.String())
			}
			return took.ReplaceAllString(stdout.String(), "in (time)")
		}
		got := summary()
		want := summary("--json", filepath.Join(t.TempDir(), "report.json"))
		if got != want {
			t.Errorf("scan %v: the summary alone differs from the one beside --json:\n%s\nwant:\n%s", args, got, want)
		}
	}
}
