package evasions

import (
	"strings"
	"testing"
)

// recall4Cases are benchmarks/evplant4.py's misses that are evasions
// (session 18), with the plain texts next to them that must stay
// unflagged.
var recall4Cases = []struct {
	name, text string
	want       []string
}{
	// Lisu capitals are the Latin capitals' look-alikes (ꓑ ꓮ ꓬ ꓳ ꓠ):
	// a confusable set of homograph attacks, like Cherokee's.
	{"lisu letters in a latin brand", "only AMAꓜꓳN one seeing an increase", []string{MixedScript}},
	{"lisu letter in a subject", "Clean up your NꓰꓔFLIX act!", []string{MixedScript}},
	{"lisu before a latin word", "spam to <http ꓑꓮYPAL://www.example.com/>", []string{MixedScript}},
	{"lisu text", "ꓡꓲ-ꓢꓴ ꓟꓲ ꓬꓲꓸ", nil},
	// C0 controls 0x11 to 0x17 inside a word: only a right quote (0x12,
	// an apostrophe: don\x12t) or an em dash (0x17) that lost its high
	// bit stands between two letters; a bullet, an en dash or a left
	// quote there is a control splitting the word.
	{"controls inside words", "regards from Germa\x16ny\nRPM-List mailing l\x15ist <RPM-List@example.net>", []string{Control}},
	{"left quote inside a word", "The I\x11nternet and the arm\x12s deal", []string{Control}},
	{"apostrophes and em dashes that lost their high bit", "don\x12t wait\x17the arm\x12s deal is \x13done\x14 \x16 today", nil},
}

func TestRecall4(t *testing.T) {
	for _, tt := range recall4Cases {
		t.Run(tt.name, func(t *testing.T) {
			prose := "The meeting moved to Friday at ten, in the usual room.\n"
			for _, tx := range []string{tt.text, prose + tt.text, tt.text + "\n" + prose} {
				found := checkAgainstRef(t, []byte(tx))
				got := foundKinds(found, -1)
				if strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Errorf("checkText(%q) = %v, want %v; evidence %q", tx, got, tt.want, found)
				}
			}
		})
	}
}
