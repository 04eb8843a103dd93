package evasions

import (
	"fmt"
	"testing"
)

// recall11Cases are benchmarks/evplant7.py's Latin look-alikes found now
// (recall11.go), with the plain texts next to them that must stay
// unflagged; each is the whole text.
var recall11Cases = []ruleCase{
	{"fi ligature in a word", "Find your \ufb01nancial freedom today", []string{MixedScript}},
	{"fl ligature in a word", "Fly \ufb02ights for free", []string{MixedScript}},
	{"ffi ligature in a word", "The o\ufb03cial notice is attached", []string{MixedScript}},
	{"script a in a word", "Verify your \u0251ccount now", []string{MixedScript}},
	{"script g in a word", "Claim your \u0261ift card", []string{MixedScript}},
	{"dotless i in a word", "Cl\u0131ck here to claim", nil},
	{"a lone small capital in a word", "It is fr\u1d07e for you", []string{MixedScript}},
	{"a ligature alone", "the \ufb01 ligature", nil},
	{"dotless i in Turkish", "Bu kapal\u0131 bir kap\u0131, a\u00e7\u0131k de\u011fil", nil},
	{"phonetic transcription", "good is said /\u0261\u028ad/ in English", nil},
	{"phonetic word after a slash", "say it /\u0261et/ please", nil},
	{"small capitals run", "\u1d04\u029f\u026a\u1d04\u1d0b \u029c\u1d07\u0280\u1d07 now", []string{MixedScript}},
	{"superscript letters", "get your \u1da0\u02b3\u1d49\u1d49 prize", []string{MixedScript}},
	{"superscript letters ending a word", "Tiny text: hello \u1d57\u02b0\u1d49\u02b3\u1d49", []string{MixedScript}},
	{"ordinal superscripts", "the 5\u1d57\u02b0 and 1\u02e2\u1d57 of May", nil},
	{"aspirated and labialized IPA", "[k\u02b0\u02b7a] and [t\u02b2\u02b0]", nil},
	{"accents in words", "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber", nil},
}

func TestRecall11(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall11Cases {
				for _, tx := range []string{tt.text, tt.text + "\n", "Some words before it. " + tt.text} {
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
					}
				}
			}
		})
	}
}
