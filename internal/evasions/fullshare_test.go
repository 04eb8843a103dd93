package evasions

import "testing"

// TestFullShare prints how many rows of the JSONL file named by
// EVASIONS_FULLSHARE (a "text" field a row) reach the full check, and
// how many bytes it reads (checkText's loop, counted). A measurement,
// not a check: it skips without the variable.
func TestFullShare(t *testing.T) {
	var rows, fullRows, bytes, fullBytes, calls int
	for _, text := range envTexts(t, "EVASIONS_FULLSHARE") {
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
	t.Logf("rows %d, bytes %d; full check: rows %d (%.2f%%), calls %d, bytes %d (%.2f%%)",
		rows, bytes, fullRows, 100*float64(fullRows)/float64(rows), calls, fullBytes, 100*float64(fullBytes)/float64(bytes))
}
