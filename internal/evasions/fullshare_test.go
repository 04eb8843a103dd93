package evasions

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// TestFullShare prints how many rows of the JSONL file named by
// EVASIONS_FULLSHARE (a "text" field a row) reach the full check, and
// how many bytes it reads (checkText's loop, counted). A measurement,
// not a check: it skips without the variable.
func TestFullShare(t *testing.T) {
	path := os.Getenv("EVASIONS_FULLSHARE")
	if path == "" {
		t.Skip("EVASIONS_FULLSHARE names no file")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var rows, fullRows, bytes, fullBytes, calls int
	for sc.Scan() {
		var r struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("row %d: %v", rows, err)
		}
		text := []byte(r.Text)
		rows++
		bytes += len(text)
		var found [numEvasionKinds]string
		if len(text) == 0 {
			continue
		}
		s := scan{tally: tally{allSpace: true}}
		reached := false
		for from := 0; from < len(text); {
			g, done := s.run(text, from, &found)
			if g == len(text) {
				break
			}
			p := resetBefore(text, from, g, found[iBlob] != "")
			s.uncount(text, p, done)
			from = checkFull(text, &found, p, done, &s.tally)
			reached = true
			calls++
			fullBytes += from - p
		}
		if reached {
			fullRows++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("rows %d, bytes %d; full check: rows %d (%.2f%%), calls %d, bytes %d (%.2f%%)",
		rows, bytes, fullRows, 100*float64(fullRows)/float64(rows), calls, fullBytes, 100*float64(fullBytes)/float64(bytes))
}
