package evasions

import (
	"fmt"
	"testing"
)

// recall15Cases are recall15.go's look-alike words (evplant11.py's
// variants), with the plain texts next to them that must stay
// unflagged; each is the whole text.
var recall15Cases = []ruleCase{
	{"zero-width spaces in a mixed word", "your p\u200b\u0430\u200by now", []string{Invisible, MixedScript}},
	{"soft hyphens in a mixed word", "your p\u00ad\u0430\u00ady now", []string{Invisible, MixedScript}},
	{"joiners in a mixed word", "free \u0441\u200dash and m\u200c\u043e\u2060ney", []string{Invisible, MixedScript}},
	{"zero-width spaces in a look-alike word", "Hello \u0440\u200b\u0430\u200b\u0443 me", []string{Invisible, MixedScript}},
	{"zero-width spaces, Latin word", "your p\u200ba\u200by now", []string{Invisible}},
	{"soft hyphen, German", "die Ver\u00adsiche\u00adrung", []string{Invisible}},
	{"soft hyphen, Russian", "\u043f\u0440\u0438\u00ad\u0432\u0435\u0442 \u043c\u0438\u0440", []string{Invisible}},
	{"soft hyphen, look-alikes in Russian", "Hello, \u0441\u0435\u00ad\u0440\u043e\u0435 \u043c\u0438\u0440", []string{Invisible}},
	{"zero-width space between words", "cash\u200b\u0434\u0435\u043d\u044c\u0433\u0438 now", []string{Invisible}},
	{"Fraktur with letterlike holes", "\U0001D513\u211C\u2111\u2128\U0001D508 inside", []string{MixedScript}},
	{"script with letterlike holes", "\u212C\u212F\U0001D4C8\U0001D4C9 Rates", []string{MixedScript}},
	{"letterlike symbols alone", "\u2131\u211D\u2130\u2130 pills", []string{MixedScript}},
	{"letterlike symbols and a capital", "\u2102\u210D\u2130A\u2119 pills", []string{MixedScript}},
	{"letterlike symbols and two capitals", "\u2112OA\u2115 offer", []string{MixedScript}},
	{"letterlike symbols in a formula", "f: \u211D \u2192 \u2102, \u2115 \u2282 \u2124, 3 m\u2113", nil},
	{"two letterlike symbols", "the sets \u2115\u2124 and \u211Dx", nil},
	{"two Roman numerals starting a word", "Buy \u2164\u2160AGRA online", []string{MixedScript}},
	{"two Roman numerals inside a word", "a MI\u216F\u2160ION dollars", []string{MixedScript}},
	{"Roman numerals after a name", "Rocky\u2161\u2162 and Final Fantasy\u2166\u2160", nil},
	{"Roman numerals alone", "chapter \u216B\u2161 of \u2160\u2161", nil},
	{"Cherokee capitals for a word", "\u13DA\u13BB\u13AA\u13A1\u13AC \u13A0\u13AC\u13AA\u13DE NOW", []string{MixedScript}},
	{"Lisu capitals for a word", "\uA4E6\uA4F2\uA4EE\uA4D6\uA4E3\uA4EE Hot stock alert", []string{MixedScript}},
	{"Lisu capitals with a zero-width space", "\uA4D0\uA4F3\u200b\uA4E0\uA4F4\uA4E2 for you", []string{Invisible, MixedScript}},
	{"two Cherokee capitals", "the \u13AA\u13A2 team", nil},
	{"Cherokee text", "\u13E3\u13B3\u13A9 \u13AA\u13A2\u13AC and English", nil},
	{"Lisu text", "\uA4E1\uA4F2 \uA4EA\uA4F2\uA4F3\uA4F8 \uA4D0\uA4F2\uA4EE and English", nil},
	{"fullwidth letters as entities", "<h1>&#65335;&#65321;&#65326;&#65326;&#65317;&#65330;</h1>", []string{MixedScript}},
	{"mathematical letters as hex entities", "<b>&#x1D41F;&#x1D42B;&#x1D41E;&#x1D41E;</b> now", []string{MixedScript}},
	{"two fullwidth letters as entities", "<h1>&#65335;&#65321; and &#65326;</h1>", nil},
	{"fullwidth entities in CJK text", "\u65e5\u672c\u8a9e &#65328;&#65315;&#65331; \u3067\u3059", nil},
	{"fullwidth and mathematical entities mixed", "&#65335;&#x1D41F;&#65326; x", nil},
	{"named Greek o in a word", "<p>Micr&omicron;s&omicron;ft - offer</p>", []string{MixedScript}},
	{"named Greek capital starting a word", "<p>&Alpha;mazon account</p>", []string{MixedScript}},
	{"named Greek capitals for a word", "<p>&Tau;&Iota;&Mu;&Epsilon; to buy</p>", []string{MixedScript}},
	{"named Greek letters in Greek text", "<p>&Alpha; &beta; &gamma; &Omega;</p>", nil},
	{"two named Greek capitals", "the &Alpha;&Omega; of it", nil},
	{"ampersand before capitals", "AT&T and R&B, Q&A, M&M, B&O, P&O &Co", nil},
	{"letterlike symbols beside Greek", "\u2102\u210D\u03c9\u03b1 x", nil},
}

func TestRecall15(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall15Cases {
				for _, tx := range []string{tt.text, tt.text + "\n", "Some words before it. " + tt.text, tt.text + " and words after it"} {
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
					}
				}
			}
		})
	}
}
