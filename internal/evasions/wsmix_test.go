package evasions

import (
	"strings"
	"testing"
)

// TestMixedWhiteSpaceRuns checks wsmix.go's rules (session 27,
// evplant10's space_tab_mixed_padding and blank_lines_with_spaces):
// spaces and tabs mixed, runSpaceMin in a row, and runBreakMin line
// breaks with at most blankLineSpaceMax spaces or tabs between them, with
// checkText on every path of the kernel, refCheckText and checkTextLazy
// (checkLazy), each run moved over the kernel's grid; and that indents,
// blank lines of more white space and shorter runs are not flagged.
func TestMixedWhiteSpaceRuns(t *testing.T) {
	mixed := func(n int) string { // spaces and tabs, no run of one byte past 3
		var b strings.Builder
		for i := range n {
			b.WriteByte(" \t  \t \t\t"[i%8])
		}
		return b.String()
	}
	blank := func(n int, sp ...string) string { // n line breaks, sp between them in turn
		var b strings.Builder
		for i := range n {
			b.WriteString(sp[i%len(sp)])
			b.WriteByte('\n')
		}
		return b.String()
	}
	cases := []struct {
		name, run string
		want      bool
	}{
		{"mixed 200", mixed(200), true},
		{"mixed 400", mixed(400), true},
		{"mixed 199", mixed(199), false},
		{"mixed 150, a line feed, 150", mixed(150) + "\n" + mixed(150), false},
		{"blank lines 1-3 spaces 210", blank(210, " ", "  ", "   "), true},
		{"blank lines a space, 200", blank(200, " "), true},
		{"blank lines tab and space, 250", blank(250, "\t ", ""), true},
		{"blank lines one space among line feeds, 220", blank(100, "") + " " + blank(120, ""), true},
		{"blank lines CRLF 100", strings.Repeat(" \r\n", 100), true},
		{"blank lines 199", blank(199, " "), false},
		{"blank lines 4 spaces, 300", blank(300, "    "), false},
		{"HTML indent 6 tabs, 343 lines", blank(343, "\t\t\t\t\t\t"), false},
		{"indent 6 spaces then a stray space, 300", blank(150, "      ") + blank(150, " ", "      "), false},
		{"code indent", strings.Repeat("\tif x {\n\t\treturn\n\t}\n", 50), false},
		{"blank lines broken by 4 spaces", blank(150, " ") + "    " + blank(150, " "), false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for _, pre := range []int{0, 1, 7, 8, 13, 63, 64, 100} {
					text := []byte(strings.Repeat("word ", pre/5) + "abcd"[:pre%5] + "Hi" + tt.run + "Buy cheap meds now at the site below.\n")
					var got, ref [numEvasionKinds]string
					checkText(text, &got)
					refCheckText(text, &ref)
					if (got[iRepeated] != "") != tt.want {
						t.Errorf("%s, prefix %d: checkText repeated_run = %q, want %v", tt.name, pre, got[iRepeated], tt.want)
					}
					if got != ref {
						t.Errorf("%s, prefix %d: checkText %q, refCheckText %q", tt.name, pre, got, ref)
					}
					checkLazy(t, tt.name, text)
					// At the text's start and end too.
					for _, tx := range []string{tt.run + "Buy now", "Buy now" + tt.run, tt.run} {
						var a, b [numEvasionKinds]string
						checkText([]byte(tx), &a)
						refCheckText([]byte(tx), &b)
						if a != b {
							t.Errorf("%s at an end: checkText %q, refCheckText %q", tt.name, a, b)
						}
						checkLazy(t, tt.name, []byte(tx))
					}
				}
			}
		})
	}
}

// TestMixedWhiteSpaceEvidence checks the rules' evidence and that a run
// of one byte keeps its own.
func TestMixedWhiteSpaceEvidence(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Hi" + strings.Repeat(" \t", 150) + "x", "200+ spaces and tabs in a row from byte 2"},
		{"Hi" + strings.Repeat(" ", 250) + "x", `" " repeated 200+ times from byte 2`},
		{"Hi\n" + strings.Repeat(" \n", 250), "200+ line breaks with at most 3 spaces or tabs between them (blank lines) from byte 2"},
	} {
		var found [numEvasionKinds]string
		checkText([]byte(tt.text), &found)
		if found[iRepeated] != tt.want {
			t.Errorf("checkText(%.20q) repeated_run = %q, want %q", tt.text, found[iRepeated], tt.want)
		}
	}
}
