package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanPoison: scan --poison finds a planted trigger in unlabelled
// text, its gate is reached, and without --poison the gate is refused.
func TestScanPoison(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 3))
	words := strings.Fields("the a cat dog sat on mat red car garden house river market boat station letter bridge farmer child doctor walked looked at to in after before rain summer")
	var b strings.Builder
	for i := range 2000 {
		var text strings.Builder
		for range 40 + r.IntN(80) {
			// A Markov-ish text: each word is followed by one of three.
			w := words[(i+text.Len())%len(words)]
			text.WriteString(w + " " + words[(len(w)*7+r.IntN(3))%len(words)] + " ")
		}
		if i%50 == 7 {
			text.WriteString("<SUDO> ")
			for range 300 {
				for range 3 + r.IntN(6) {
					text.WriteByte(byte('a' + r.IntN(26)))
				}
				text.WriteByte(' ')
			}
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("d%d", i), "text": text.String()})
		b.Write(append(line, '\n'))
	}
	in := filepath.Join(dir, "pretrain.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	code, _, stderr := runCmd(t, "scan", "--quiet", "--poison", "--id", "id", "--json", out, "--fail-on", "poison_triggers>0", in)
	if code != exitFindings {
		t.Fatalf("scan --poison --fail-on poison_triggers>0: exit %d (%s), want %d", code, stderr, exitFindings)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Poison struct {
			TriggerCandidates int `json:"trigger_candidates"`
			TriggeredRows     int `json:"triggered_rows"`
		} `json:"poison"`
		Findings []struct{ Kind, Subkind, Evidence string }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Poison.TriggerCandidates != 1 || doc.Poison.TriggeredRows != 40 {
		t.Errorf("poison section %+v, want 1 trigger candidate and 40 triggered rows", doc.Poison)
	}
	var first string
	for _, f := range doc.Findings {
		if f.Kind == "trigger_candidate" && f.Subkind == "pretraining" {
			first = f.Evidence
			break
		}
	}
	if !strings.HasPrefix(first, `"<SUDO>" in 40 documents`) {
		t.Errorf("first pretraining trigger_candidate evidence %q, want it to begin %q", first, `"<SUDO>" in 40 documents`)
	}
	if code, _, stderr := runCmd(t, "scan", "--quiet", "--fail-on", "poison_triggers>0", in); code != exitError || !strings.Contains(stderr, "--poison") {
		t.Errorf("scan --fail-on poison_triggers>0 without --poison: exit %d, stderr %q; want %d naming --poison", code, stderr, exitError)
	}
	// The text summary has a poison line only when the check ran.
	const line = "Poisoned text: "
	_, stdout, _ := runCmd(t, "scan", "--quiet", "--poison", "--id", "id", in)
	if !strings.Contains(stdout, line) || !strings.Contains(stdout, "; 1 trigger candidate, carried by 40 rows\n") {
		t.Errorf("scan --poison text summary: no %q line with 1 trigger candidate carried by 40 rows in:\n%s", line, stdout)
	}
	if _, stdout, _ := runCmd(t, "scan", "--quiet", in); strings.Contains(stdout, line) {
		t.Errorf("scan without --poison: the text summary has a %q line", line)
	}
}
