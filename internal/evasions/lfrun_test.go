package evasions

import (
	"strings"
	"testing"
)

// TestLineFeedRuns checks runBreakMin (session 17: 200 line feeds, spam
// hiding its removal notice under 239 of them) with checkText on every
// path and refCheckText, and that shorter runs of blank lines are not
// flagged.
func TestLineFeedRuns(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range []struct {
				text string
				want bool
			}{
				{"Thank you for your patronage." + strings.Repeat("\n", 239) + "If this is an error please send an email to be removed.", true},
				{"footer" + strings.Repeat("\n", 200), true},
				{strings.Repeat("\n", 200) + "x", true},
				{"a" + strings.Repeat("\n", 199) + "b", false},
				{"a" + strings.Repeat("\n", 150) + "b" + strings.Repeat("\n", 150), false},
			} {
				for name, check := range map[string]func([]byte, *[numEvasionKinds]string){"checkText": checkText, "refCheckText": refCheckText} {
					var found [numEvasionKinds]string
					check([]byte(tt.text), &found)
					if (found[iRepeated] != "") != tt.want {
						t.Errorf("%s(%d bytes) repeated_run = %q, want %v", name, len(tt.text), found[iRepeated], tt.want)
					}
				}
			}
		})
	}
}
