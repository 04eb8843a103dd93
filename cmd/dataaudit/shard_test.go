package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestShardCommands: scan and profile --shard K/N, then merge, as a job
// array runs them, write the report and profile of one process; a shard
// refuses a report output, and merge a missing shard.
func TestShardCommands(t *testing.T) {
	dir := t.TempDir()
	sample := "../../testdata/sample.jsonl"
	flags := []string{sample, "--label", "label", "--id", "id", "--dedup", "--near-dups"}
	readJSON := func(path string) map[string]any {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "run")
		return m
	}
	one := filepath.Join(dir, "one.json")
	if code, _, stderr := runCmd(t, append([]string{"scan", "--json", one, "--label-checks=false"}, flags...)...); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	var states []string
	for k := range 3 {
		st := filepath.Join(dir, fmt.Sprintf("s%d.state", k))
		if code, _, stderr := runCmd(t, append([]string{"scan", "--label-checks=false", "--shard", fmt.Sprintf("%d/3", k), "-o", st}, flags...)...); code != 0 {
			t.Fatalf("scan --shard %d/3: exit %d: %s", k, code, stderr)
		}
		states = append(states, st)
	}
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCmd(t, append([]string{"merge", "--json", merged}, states...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if got, want := readJSON(merged), readJSON(one); !reflect.DeepEqual(got, want) {
		t.Errorf("merge of 3 scan shards differs from scan")
	}
	if code, _, stderr := runCmd(t, "merge", "--json", merged, states[0], states[2]); code != 2 || !strings.Contains(stderr, "1 of 3 shards missing") {
		t.Errorf("merge of 2 of 3 shards: exit %d, %q; want 2 and the missing shard named", code, stderr)
	}
	if code, _, stderr := runCmd(t, "scan", sample, "--shard", "0/3", "-o", filepath.Join(dir, "x.state"), "--json", merged); code != 2 || !strings.Contains(stderr, "not a report") {
		t.Errorf("scan --shard --json: exit %d, %q; want a usage error", code, stderr)
	}

	oneP := filepath.Join(dir, "one.profile.json")
	if code, _, stderr := runCmd(t, "profile", sample, "--label", "label", "-o", oneP); code != 0 {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	states = nil
	for k := range 2 {
		st := filepath.Join(dir, fmt.Sprintf("p%d.state", k))
		if code, _, stderr := runCmd(t, "profile", sample, "--label", "label", "--shard", fmt.Sprintf("%d/2", k), "-o", st); code != 0 {
			t.Fatalf("profile --shard %d/2: exit %d: %s", k, code, stderr)
		}
		states = append(states, st)
	}
	mergedP := filepath.Join(dir, "merged.profile.json")
	if code, _, stderr := runCmd(t, append([]string{"merge", "-o", mergedP}, states...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	a, _ := os.ReadFile(oneP)
	b, _ := os.ReadFile(mergedP)
	if string(a) != string(b) {
		t.Errorf("merge of 2 profile shards differs from profile (%d and %d bytes)", len(b), len(a))
	}
}
