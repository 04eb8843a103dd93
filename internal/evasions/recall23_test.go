package evasions

import (
	"testing"
)

// TestRecall23Evidence pins the evidence of each rule.
func TestRecall23Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"<p>&nbsp;</p>", `the text is 1 no-break space written as HTML entities between 2 tags without attributes: "<p>&nbsp;</p>"`},
	})
}
