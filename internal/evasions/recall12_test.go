package evasions

import (
	"fmt"
	"testing"
)

// recall12Cases are the Latin look-alikes of recall12.go (evplant7.py's
// and evplant8.py's variants), with the plain texts next to them that
// must stay unflagged; each is the whole text.
var recall12Cases = []ruleCase{
	{"strike-through on each letter", "Mail f\u0336r\u0336o\u0336m\u0336 the bank", []string{MixedScript}},
	{"low line on each letter", "C\u0332l\u0332i\u0332c\u0332k\u0332 here", []string{MixedScript}},
	{"overline on each letter", "get it f\u0305r\u0305e\u0305e\u0305 now", []string{MixedScript}},
	{"slash overlay, capitals", "F\u0338R\u0338E\u0338E\u0338 offer", []string{MixedScript}},
	{"two marks on each letter", "your p\u0303\u0301r\u0303\u0301i\u0303\u0301z\u0303\u0301e\u0303\u0301 waits", []string{MixedScript}},
	{"enclosing circles", "get f\u20ddr\u20dde\u20dde\u20dd stuff", []string{MixedScript}},
	{"marks on letters and digits", "only 9\u03369\u0336c\u0336e\u0336n\u0336t\u0336s\u0336", []string{MixedScript}},
	{"marks on two letters", "a\u0332t home", nil},
	{"NFD French", "un e\u0301te\u0301 au cafe\u0301 de l'e\u0301cole", nil},
	{"NFD Vietnamese", "Vie\u0323\u0302t Nam, ngu\u031bo\u031b\u0300i ta", nil},
	{"NFD with a mark on every vowel", "la\u0301pi\u0301z", nil},
	{"letterlike capitals and o", "\u2102\u2134ntent-Type: text/plain", []string{MixedScript}},
	{"letterlike script o", "dr\u2134p the price", []string{MixedScript}},
	{"Kelvin sign in a word", "your \u212Aindle is ready", []string{MixedScript}},
	{"letterlike in a formula", "f: \u211D \u2192 \u2102, 3 m\u2113, \u210F\u03C9", nil},
	{"information source before a word", "\u2139\uFE0F Info: the server is down", nil},
	{"reversed e", "the n\u0258ar future", []string{MixedScript}},
	{"dotless j", "\u0237ust for you", []string{MixedScript}},
	{"dotless i, shaped English", "Cl\u0131ck here", []string{MixedScript}},
	{"dotless i, three consonants", "f\u0131rst", []string{MixedScript}},
	{"dotless i, English text", "Please al\u0131gn the text with your page", []string{MixedScript}},
	{"dotless i, Turkish strings", "Dosya ad\u0131, K\u0131lavuz, yazd\u0131r, bazl\u0131, say\u0131s\u0131 okunam\u0131yor", nil},
	{"dotless i, Turkish text", "Bu kapal\u0131 bir kap\u0131, a\u00e7\u0131k de\u011fil: click with the mouse", nil},
	{"dotless i, Turkish words in English", "The file is dosyas\u0131n\u0131n (g\u00f6r\u00fcnt\u00fc) for you and this", nil},
	{"Roman numerals in a word", "Buy c\u2170alis and \u2164iagra", []string{MixedScript}},
	{"Roman numeral after a name", "Street Fighter\u2161 and Final Fantasy\u2166", nil},
	{"circled letter in a word", "your \u24d5ree offer", []string{MixedScript}},
	{"circled letter ending a word", "Receive\u24d3: from the host", []string{MixedScript}},
	{"circled r ending a name", "Acme\u24e1 and Brand\u24d2 and Metro\u24c2", nil},
	{"subscript letter in a word", "fr\u2091e money", []string{MixedScript}},
	{"superscript letter in a word", "fr\u1d49e money", []string{MixedScript}},
	{"trade mark in superscripts", "Brand\u1d40\u1d39 and Acme\u1d40\u1d39", nil},
	{"subscripts in a formula", "x\u2090 + K\u2098 = v\u2098\u2090\u2093", nil},
	{"aspiration", "the k\u02b0ana word", nil},
}

func TestRecall12(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall12Cases {
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
