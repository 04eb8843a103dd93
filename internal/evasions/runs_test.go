package evasions

import (
	"strings"
	"testing"
)

// TestRunsAtOffsets (session 18): runs of a digit 1 to 9 and of a
// symbol from runWordMin, zeros from runOtherMin (runs.go), and mojibake
// (mojibake.go), after 0 to 69 bytes, so that the kernel's chunks and
// the blocks meet them at every alignment: checkText and refCheckText
// agree, and find what they should.
func TestRunsAtOffsets(t *testing.T) {
	tests := []struct {
		text string
		want int // the category found, -1 none
	}{
		{strings.Repeat("7", 20), iRepeated},
		{strings.Repeat("7", 19), -1},
		{strings.Repeat("1", 64), iRepeated},
		{strings.Repeat("0", 99), -1},
		{strings.Repeat("0", 100), iRepeated},
		{strings.Repeat("\U0001F4B0", 20), iRepeated},
		{strings.Repeat("\u2713", 19), -1},
		{strings.Repeat("\u2500", 60), -1},
		{"caf\u00c3\u00a9 au lait", iMojibake},
		{"don\u00e2\u20ac\u2122t", iMojibake},
		{"caf\u00e9 au lait", -1},
	}
	prose := strings.Repeat("Here is the note from the meeting. ", 40)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for pad := range 70 {
				for _, tt := range tests {
					tx := []byte(prose[:pad] + tt.text + " " + prose[:200])
					got := checkAgainstRef(t, tx)
					for k, reason := range got {
						if (reason != "") != (k == tt.want) && (k == iRepeated || k == iMojibake) {
							t.Errorf("pad %d, %q: %s = %q, want found %v", pad, tt.text, evasionKinds[k], reason, k == tt.want)
						}
					}
				}
			}
		})
	}
}
