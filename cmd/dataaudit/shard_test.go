package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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

// TestMergeStatesOutputs: merge of state files refuses an output that is
// one of the states it reads or an input of the shards (-o, --json,
// --html, --markdown; by another spelling or a symlink), exit 2, the
// file untouched.
func TestMergeStatesOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var scans, profiles []string
	for k := range 2 {
		st := filepath.Join(dir, fmt.Sprintf("s%d.state", k))
		if code, _, stderr := runCmd(t, "scan", in, "--label-checks=false", "--shard", fmt.Sprintf("%d/2", k), "-o", st); code != 0 {
			t.Fatalf("scan --shard %d/2: exit %d: %s", k, code, stderr)
		}
		pt := filepath.Join(dir, fmt.Sprintf("p%d.state", k))
		if code, _, stderr := runCmd(t, "profile", in, "--shard", fmt.Sprintf("%d/2", k), "-o", pt); code != 0 {
			t.Fatalf("profile --shard %d/2: exit %d: %s", k, code, stderr)
		}
		scans, profiles = append(scans, st), append(profiles, pt)
	}
	link := filepath.Join(dir, "link.state")
	if err := os.Symlink(scans[1], link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		states []string
		flag   string
		out    string
	}{
		{"profile -o a state", profiles, "-o", profiles[0]},
		{"profile -o ./ a state", profiles, "-o", dir + "/./p1.state"},
		{"scan --json a state", scans, "--json", scans[0]},
		{"scan --html a symlink to a state", scans, "--html", link},
		{"scan --markdown the input", scans, "--markdown", in},
		{"scan --json the input", scans, "--json", dir + "/./in.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, _ := filepath.EvalSymlinks(tt.out)
			before, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCmd(t, append([]string{"merge", tt.flag, tt.out}, tt.states...)...)
			after, _ := os.ReadFile(target)
			if code != 2 || !strings.Contains(stderr, "refusing to touch an input") || !bytes.Equal(before, after) {
				t.Errorf("merge %s %s: exit %d, %q, file intact %v; want 2, a refusal, the file intact", tt.flag, tt.out, code, stderr, bytes.Equal(before, after))
			}
		})
	}
}

// TestMergeProfileExit: the merge of a profile's shards exits as profile
// of the whole does (2 with an unreadable input or no usable record).
func TestMergeProfileExit(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // name: content; "->" starts a symlink's target
	}{
		{"clean", map[string]string{"a.jsonl": "{\"text\":\"a b\"}\n{\"text\":\"c\"}\n"}},
		{"unreadable file", map[string]string{"a.jsonl": "{\"text\":\"a b\"}\n{\"text\":\"c\"}\n", "b.jsonl": "->/nonexistent/b.jsonl"}},
		{"no usable record", map[string]string{"a.jsonl": "{\"text\":null}\n{\"text\":null}\n{\"text\":null}\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "data")
			if err := os.Mkdir(data, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, content := range tt.files {
				var err error
				if target, ok := strings.CutPrefix(content, "->"); ok {
					err = os.Symlink(target, filepath.Join(data, name))
				} else {
					err = os.WriteFile(filepath.Join(data, name), []byte(content), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			want, _, _ := runCmd(t, "profile", "--quiet", data, "-o", filepath.Join(dir, "one.json"))
			states := []string{"merge", "-o", filepath.Join(dir, "merged.json")}
			for k := range 2 {
				st := filepath.Join(dir, fmt.Sprintf("p%d.state", k))
				if code, _, stderr := runCmd(t, "profile", "--quiet", data, "--shard", fmt.Sprintf("%d/2", k), "-o", st); code != 0 {
					t.Fatalf("profile --shard %d/2: exit %d: %s", k, code, stderr)
				}
				states = append(states, st)
			}
			if got, _, stderr := runCmd(t, states...); got != want {
				t.Errorf("merge of 2 profile shards: exit %d (%q), want %d as profile of the whole", got, stderr, want)
			}
			// A JSON profile merged exits as it was made.
			if got, _, stderr := runCmd(t, "merge", filepath.Join(dir, "one.json"), "-o", filepath.Join(dir, "merged-json.json")); got != want {
				t.Errorf("merge of the JSON profile: exit %d (%q), want %d as profile of the whole", got, stderr, want)
			}
		})
	}
}

// TestMergeMixed: merge of state files with a file that is none says
// which file is not a state, or that it cannot be read.
func TestMergeMixed(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "s.state")
	if code, _, stderr := runCmd(t, "profile", "../../testdata/sample.jsonl", "--shard", "0/1", "-o", st); code != 0 {
		t.Fatalf("profile --shard: exit %d: %s", code, stderr)
	}
	empty := filepath.Join(dir, "empty.state")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, other, want string
	}{
		{"empty file", empty, "empty.state is not"},
		{"missing file", filepath.Join(dir, "missing.state"), "no such file"},
	}
	// Without a state file, a missing file is named before the flags are
	// judged.
	for _, args := range [][]string{{"merge", filepath.Join(dir, "missing.json")}, {"merge", "--json", filepath.Join(dir, "r.json"), "-o", filepath.Join(dir, "x.json"), filepath.Join(dir, "missing.json")}} {
		if code, _, stderr := runCmd(t, args...); code != 2 || !strings.Contains(stderr, "no such file") {
			t.Errorf("%v: exit %d, %q, want 2 and no such file", args, code, stderr)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, "merge", "-o", filepath.Join(dir, "out.json"), st, tt.other)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("merge %s %s: exit %d, %q, want 2 and %q", st, tt.other, code, stderr, tt.want)
			}
		})
	}
}

// TestMergeFlags: a flag that does not apply to what is merged is
// refused, not ignored; --max-bad-records goes to the merge of a scan's
// states (which sees every bad record), not to a shard.
func TestMergeFlags(t *testing.T) {
	dir := t.TempDir()
	sample := "../../testdata/sample.jsonl" // 4 bad records without --label
	var scans, profiles []string
	for k := range 2 {
		st := filepath.Join(dir, fmt.Sprintf("s%d.state", k))
		if code, _, stderr := runCmd(t, "scan", sample, "--quiet", "--shard", fmt.Sprintf("%d/2", k), "-o", st); code != 0 {
			t.Fatalf("scan --shard %d/2: exit %d: %s", k, code, stderr)
		}
		pt := filepath.Join(dir, fmt.Sprintf("p%d.state", k))
		if code, _, stderr := runCmd(t, "profile", sample, "--quiet", "--shard", fmt.Sprintf("%d/2", k), "-o", pt); code != 0 {
			t.Fatalf("profile --shard %d/2: exit %d: %s", k, code, stderr)
		}
		scans, profiles = append(scans, st), append(profiles, pt)
	}
	prof := filepath.Join(dir, "one.profile.json")
	if code, _, stderr := runCmd(t, "profile", sample, "--quiet", "-o", prof); code != 0 {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
		file string // must not be written
	}{
		{"shard --max-bad-records", []string{"scan", sample, "--shard", "0/2", "-o", out("x.state"), "--max-bad-records", "2"}, 2, "give --max-bad-records to merge", "x.state"},
		{"merge --max-bad-records", append([]string{"merge", "--max-bad-records", "2", "--json", out("r.json")}, scans...), 3, "4 bad records, more than --max-bad-records 2", ""},
		{"merge --max-bad-records not reached", append([]string{"merge", "--max-bad-records", "4", "--json", out("r.json")}, scans...), 0, "", ""},
		{"scan states -o", append([]string{"merge", "-o", out("a.json")}, scans...), 2, "--json, --html or --markdown", "a.json"},
		{"profile states --json", append([]string{"merge", "-o", out("b.json"), "--json", out("c.json")}, profiles...), 2, "written to -o", "c.json"},
		{"profile states --max-bad-records", append([]string{"merge", "-o", out("d.json"), "--max-bad-records", "0"}, profiles...), 2, "written to -o", "d.json"},
		{"profiles --markdown", []string{"merge", "-o", out("e.json"), "--markdown", out("f.md"), prof}, 2, "written to -o", "f.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, %q, want %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
			if tt.file != "" {
				if _, err := os.Stat(out(tt.file)); err == nil {
					t.Errorf("%v wrote %s", tt.args, tt.file)
				}
			}
		})
	}
}

// TestShardStateDeterministic: a shard's state file is the same bytes
// whatever the number of workers (README: "a deterministic binary
// encoding"), for every analysis of scan --all and for profile, the
// input cut into small chunks so that every worker gets many.
func TestShardStateDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"scan", "../../testdata/sample.jsonl", "--all", "--label", "label", "--id", "id"},
		{"profile", "../../testdata/sample.jsonl", "--label", "label"},
	} {
		var want []byte
		for _, workers := range []string{"1", "2", "3"} {
			st := filepath.Join(dir, cmd[0]+workers+".state")
			args := append(slices.Clone(cmd), "--workers", workers, "--chunk-bytes", "8192", "--shard", "0/1", "-o", st)
			if code, _, stderr := runCmd(t, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			got, err := os.ReadFile(st)
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = got
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s --shard 0/1 with %s workers: the state file differs from one worker's (%d bytes, want %d)", cmd[0], workers, len(got), len(want))
			}
		}
	}
}
