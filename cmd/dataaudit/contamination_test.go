package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContamination: an eval item planted in one training row is found,
// reaches a gate, and --export-clean leaves that row out and lists the
// other item as clean.
func TestContamination(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train.jsonl")
	eval := filepath.Join(dir, "eval.jsonl")
	q := "A robe takes 2 bolts of blue fiber and half that much white fiber. How many bolts in total does it take?"
	rows := []map[string]string{
		{"id": "t0", "text": "nothing to see here, just a mail about lunch on friday"},
		{"id": "t1", "text": "forwarded:\n" + strings.ToUpper(q) + "\nthanks"},
		{"id": "t2", "text": "another ordinary row of text with no benchmark in it at all"},
	}
	items := []map[string]string{
		{"id": "e0", "question": q, "rest": "#### 3"},
		{"id": "e1", "question": "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.", "rest": "#### 72"},
	}
	for path, recs := range map[string][]map[string]string{train: rows, eval: items} {
		var b strings.Builder
		for _, r := range recs {
			line, _ := json.Marshal(r)
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	clean := filepath.Join(dir, "clean.jsonl")
	report := filepath.Join(dir, "contam.json")
	code, _, stderr := runCmd(t, "contamination", "--quiet", train, "--id", "id", "--eval", eval, "--eval-text", "question,rest", "--eval-id", "id",
		"--json", report, "--export-clean", clean, "--fail-on", "contaminated_items>0")
	if code != exitFindings {
		t.Fatalf("contamination exit %d, want %d (gate reached); stderr:\n%s", code, exitFindings, stderr)
	}
	var rep struct {
		Findings []struct {
			Rows    []struct{ ID string }
			Excerpt string
		}
		Sets    []struct{ Items, Contaminated int } `json:"eval_sets"`
		Summary struct {
			Verdict struct {
				Level   string
				Reasons []string
			}
		}
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rows[0].ID != "t1" || rep.Findings[0].Rows[1].ID != "e0" {
		t.Errorf("findings = %+v, want one naming t1 then e0", rep.Findings)
	}
	if want := `forwarded:\nA ROBE TAKES 2 BOLTS`; len(rep.Findings) == 1 && !strings.Contains(rep.Findings[0].Excerpt, want) {
		t.Errorf("excerpt = %q, want it to hold %q", rep.Findings[0].Excerpt, want)
	}
	if len(rep.Sets) != 1 || rep.Sets[0].Items != 2 || rep.Sets[0].Contaminated != 1 {
		t.Errorf("eval_sets = %+v, want 1 of 2 items contaminated", rep.Sets)
	}
	// Half the items contaminated, and a gate reached: fail, with both.
	if v := rep.Summary.Verdict; v.Level != "fail" || len(v.Reasons) != 2 {
		t.Errorf("summary.verdict = %+v, want fail for the gate and the 50%% of items", v)
	}
	out, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `"t1"`) || strings.Count(string(out), "\n") != 2 {
		t.Errorf("--export-clean wrote %q, want t0 and t2 only", out)
	}
	ids, err := os.ReadFile(filepath.Join(dir, "clean.clean-eval.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"set":"eval.jsonl","id":"e1"}` + "\n"; string(ids) != want {
		t.Errorf("clean eval ids = %q, want %q", ids, want)
	}
}

// TestContaminationSettingErrors: a setting out of range is a usage error
// naming the flag given, not the setting's inner name ("k 0", "min tokens
// 5: want 1 to k (1)" after --match-tokens 1).
func TestContaminationSettingErrors(t *testing.T) {
	for _, tt := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--match-tokens", "0"}, "--match-tokens 0: want at least 1"},
		{[]string{"--match-tokens", "1"}, "--min-tokens 5: want 1 to --match-tokens (1)"},
		{[]string{"--min-coverage", "2"}, "--min-coverage 2: want more than 0, at most 1"},
		{[]string{"--max-train-rows", "0"}, "--max-train-rows 0 and --max-eval-items"},
	} {
		t.Run(strings.Join(tt.flags, " "), func(t *testing.T) {
			args := append([]string{"contamination", "-q", sample, "--eval", sample}, tt.flags...)
			code, _, stderr := runCmd(t, args...)
			if code != exitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", args, code, stderr, exitError, tt.want)
			}
		})
	}
}
