package evasions

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// TestMojibake: UTF-8 read as Windows-1252 or Latin-1 and written again
// is a mojibake finding, and nothing else is (session 18, mojibake.go),
// through checkText and refCheckText alike, on both paths of the scan.
func TestMojibake(t *testing.T) {
	prose := strings.Repeat("The meeting moved to Friday at ten, in the usual room.\n", 3)
	tests := []struct {
		name string
		text string
		at   int // the byte of the first run; -1: no finding
	}{
		{"e acute", "cafÃ© au lait", 3},
		{"apostrophe", "donâ€™t stop", 3},
		{"quotes and dash", prose + "he said â€œyesâ€\u009d â€” then", len(prose) + 8},
		{"a grave with a no-break space", "voil\u00c3\u00a0 tout", 4},
		{"u umlaut in a word", "M\u00c3\u00bcnchen", 1},
		{"pound sign", "684 pages, $44.95 US \u00c2\u00a331.95 UK", 21},
		{"spanish man page", "para la manipulaci\u00c3\u00b3n de ficheros, n\u00c3\u00bamero", 18},
		{"latin-1 C1 bytes", "time [\u00e2\u0088\u0097]", 6},
		{"russian", "\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a!", 0},
		{"emoji", "hi \u00f0\u0178\u02dc\u20ac there", 3},
		{"after a replacement char", "x\ufffd cafÃ©", 8},
		{"in html", "<p>caf\u00c3\u00a9</p>", 6},
		{"second run counts too", "Gru\u00df\u201c and caf\u00c3\u00a9", 16},
		{"plain accents", "Café naïve Ünïcödé, à bientôt, Grüße, señor", -1},
		{"german quotes", "Er sagte \u201eGru\u00df\u201c und ging.", -1},
		{"hebrew point look-alike", "\u00d6\u00bb is not Hebrew", -1},
		{"gb2312 read as latin-1", "\u00a1\u00b0\u00d6\u00d0\u00c2\u00b7\u00cd\u00a8\u00c5\u00e4\u00bc\u00fe\u00b3\u00a7\u00a1\u00b1", -1},
		{"shift-jis read as latin-1", "\u0089c\u008b\u00c6\u0082\u00c5\u0082\u00ab\u0082\u00e9", -1},
		{"a lead alone", "S\u00c3O PAULO \u00c3", -1},
		{"a lead before a letter", "N\u00c3O", -1},
		{"a C1 result", "x\u00c2\u0092s", -1},
		{"ascii", "plain ASCII text only", -1},
		{"an OLE header read as latin-1", "\n\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1 Worldwide", -1},
		{"vietnamese", "Vi\u00e1\u00bb\u2021t Nam", 2},
		{"a lead then an invalid byte", "caf\u00c3\xa9 x", -1},
	}
	for _, path := range chunkPaths() {
		for _, tt := range tests {
			t.Run(path.Name+"/"+tt.name, func(t *testing.T) {
				defer path.Use()()
				for _, tx := range []string{tt.text, prose + tt.text, tt.text + "\n" + prose} {
					got := checkAgainstRef(t, []byte(tx))
					if tt.at < 0 {
						if got[iMojibake] != "" {
							t.Errorf("checkText(%q): mojibake %q, want none", tx, got[iMojibake])
						}
						continue
					}
					at := strings.Index(tx, tt.text) + tt.at
					if want := "the first at byte " + strconv.Itoa(at) + " "; !strings.Contains(got[iMojibake], want) {
						t.Errorf("checkText(%q): mojibake %q, want one with %q", tx, got[iMojibake], want)
					}
				}
			})
		}
	}
}

// TestMojibakeNotCounted: a mojibake finding is its own kind, outside
// the section's category counts (like replacement_char).
func TestMojibakeNotCounted(t *testing.T) {
	e := NewChecker(10)
	e.counts[Mojibake] = 1
	e.items[Mojibake].Add(finding.Item{ID: "r1", Kind: Mojibake, Reason: "1 run of UTF-8 read as Windows-1252, the first at byte 3"})
	counts, fs, _ := e.Result(nil)
	if _, ok := counts[Mojibake]; ok {
		t.Errorf("counts has %s: %v", Mojibake, counts)
	}
	if len(fs) != 1 || fs[0].Kind != finding.KindMojibake || fs[0].Subkind != "" {
		t.Errorf("findings = %+v, want one of kind mojibake", fs)
	}
}
