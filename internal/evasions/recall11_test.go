package evasions

import (
	"fmt"
	"strings"
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
	{"dotless i in a word", "Cl\u0131ck here to claim", []string{MixedScript}}, // recall12.go
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
	{"fromCharCode of a phrase", "<script>document.write(String.fromCharCode(67,108,105,99,107,32,104,101,114,101,32,116,111,32,99,108,97,105,109,32,121,111,117,114,32,112,114,105,122,101,32,110,111,119,32,102,114,101,101));</script>", []string{Blob}},
	{"fromCharCode of a short phrase", "<script>document.write(String.fromCharCode(67,108,105,99,107,32,104,101,114,101,32,116,111,32,99,108,97,105,109,32,121,111,117,114,32,112,114,105,122,101));</script>", []string{Blob}}, // under codeListBytes: recall19.go's jsFromCharCode
	{"fromCharCode with spaces", "var u=String.fromCharCode(104, 116, 116, 112, 58, 47, 47, 119, 119, 119, 46, 98, 97, 100, 46, 99, 111, 109, 47, 120, 46, 112, 104, 112, 63, 105, 100, 61, 52, 50);", []string{Blob}},
	{"short fromCharCode", "String.fromCharCode(72,105,33)", nil},
	{"numbers in a list", "Results: 12,34,56,78,90,11,23,45,67,89,10,20,30,40,50,60,70,80,99,98,12,34,56,78,90,11,23,45,67,89,10,20,30,40,50,60,70,80,99,98,97,96 are the winning numbers", nil},
	{"codes past ASCII", "x = [200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,216,217]", nil},
	{"decimals in a row", "1.50,2.30,4.10,5.20,6.70,7.80,8.90,9.10,1.20,1.30,1.40,1.50,1.60,1.70,1.80,1.90,2.00", nil},
	{"lower-case base32", "see below:\n" + strings.ToLower("INWGSY3LEBUGK4TFEB2G6IDDNRQWS3JAPFXXK4RAMZZGKZJAOBZGS6TFEBXG65ZMEBWGS3LJORSWIIDUNFWWKIDPMZTGK4RAMFRXIIDON53SCII=") + "\nbye", []string{Blob}},
	{"lower-case words one a line", "see below\nalpha2\nbravo3\ncharlie4\ndelta5\necho6\nfoxtrot7\ngolf\nhotel\nindia\njuliet\nkilo\nlima\nmike\nnovember\noscar\npapa\nquebec\nromeo\nsierra\ntango\nuniform\nbye", nil},
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
