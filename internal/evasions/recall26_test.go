package evasions

import (
	"strings"
	"testing"
)

// recall26Cases are the blind planters' misses found now (recall26.go),
// with the plain texts next to them that must stay unflagged.
var recall26Cases = []ruleCase{
	{"percent-encoded soft hyphen (two escapes)", "http://x.com/pay%C2%ADpal", []string{Invisible}},
	{"percent-encoded soft hyphen in a link", `<a href="http://cli%c2%adck.mailer-offers.com/unsubscribe">Buy</a>`, []string{Invisible}},
	{"percent-encoded grapheme joiner", "http://x.com/pay%CD%8Fpal", []string{Invisible}},
	{"percent-encoded Arabic letter mark", "http://x.com/invoice%D8%9Cfdp.exe", []string{Bidi}},
	{"percent-encoded soft hyphen ending a text", "see http://x.com/pay%C2%AD", []string{Invisible}},
	{"percent-encoded no-break space", "http://x.com/a%C2%A0b", nil},
	{"percent-encoded accented letters", "http://fr.wikipedia.org/wiki/Caf%C3%A9_%C3%A0_%CD%B0%D8%A7", nil},
	{"percent-encoded soft hyphen's bytes in a longer character", "q=%E2%C2%AD", nil},
	{"percent-encoded soft hyphen, a continuation after it", "q=%C2%AD%80x", nil},
	{"percents three apart, no escape", "50% 40% 30% off", nil},
}

func TestRecall26(t *testing.T) {
	checkCasesAtOffsets(t, recall26Cases)
}

// TestRecall26Edge puts the soft hyphen's first % at each byte of a
// chunk's end and the next chunk's start, after text the kernel takes
// whole: the kernel must stop at it (PCTPAIRS reads the 64 bytes from
// SI+3) for scan to find what the reference does.
func TestRecall26Edge(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for at := 40; at < 140; at++ {
				for _, esc := range []string{"%C2%AD", "%C2%A0"} {
					tx := strings.Repeat("plain words here", 10)[:at] + esc + "ck.example.com and then some words after it"
					found := checkAgainstRef(t, []byte(tx))
					want := esc == "%C2%AD"
					if got := found[iInvisible] != ""; got != want {
						t.Errorf("checkText(%q) = %q, want invisible_char %v", tx, found, want)
					}
				}
			}
		})
	}
}

// TestRecall26Evidence pins the evidence.
func TestRecall26Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"pay%C2%ADpal", `invisible character U+00AD written as percent escapes at byte 3: "pay%C2%ADpal"`},
	})
}
