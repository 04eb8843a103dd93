package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// recall5Cases are benchmarks/evplant4.py's probes of session 21 that are
// found now (recall5.go), with the plain texts next to them that must
// stay unflagged; each is the whole text.
var recall5Cases = []ruleCase{
	// A short text (a subject line) with 6+ symbols, 4+ of them different.
	{"emoji either side of a subject", "🎊😢👊🗾 Re: [ILUG] Backup solutions 🗾🔺🎍🍠", []string{NonText}},
	{"emoji around a spam subject", "🍔🍣💰🖎 Visa ~ MasterCard ~ American Express ~ Etc. [ll4k4] 👢🙀🕊🗞", []string{NonText}},
	{"one symbol repeated around a subject", "★★★ FREE OFFER TODAY ★★★", nil},
	{"three emoji in a subject", "🎉 Big sale today 🎁🎄", nil},
	{"emoji in a text of 100 characters", "🎊😢👊🗾 Re: [ILUG] Backup solutions 🗾🔺🎍🍠 and the rest of the message goes on in words, well past a subject line.", nil},
	// Binary read as Latin-1 after its header: one in 8 of the characters
	// from the first control on are controls.
	{"binary after an image header", "Content-Type: image/gif\nContent-Transfer-Encoding: 8bit\n\n \u00a3g\u001b{\u00c1\u0090-R\u00e6\u0002~\u00fa\u00ad\u00e9\u00f1z\u008bON\u00afo\u0093:\u009d\u00ac\u00c8\u00b0\u00b8\u0018k\u0093C\u0087\u00d6\u00b9b\u00e1\u00eb,7\u008a\u0005\u00cb\u00c8$\u0086[J?\u001f\u00cb\t\u00fe\u00b6N}\u00b6\u00b9N", []string{Control, NonText}},
	{"binary after a part header", "Content-Type: application/octet-stream; name=\"data.bin\"\n\n0\u001a\u000b\u00a4\u00a5\u00cb\\\u00f0Kc\u00bb\u009a\u00a4w9\u00c7\u001d\u00a1\u00dc\b9u=\u008c\u0002\u00f8,9\u00aaD\u00c5\u00cc\u008d\u00da\u00b0j\u00cc\u0081\u00d0Q\u0004w\u00d2xe\u00a1>\u00ca\u009d\u001d\u00de|;\u00d9$\u00e2\u0091&%_", []string{Control, NonText}},
	{"five controls after a header", "Content-Type: text/plain\n\nA line with \x01 one, \x02 two, \x03 three, \x04 four and \x05 five controls.", []string{Control}},
	// C1 controls of UTF-8 read as Latin-1: control characters, and
	// mojibake.
	{"utf-8 apostrophe read as latin-1", "Thanks, I don\u00e2\u0080\u0099t know yet.", []string{Control, Mojibake}},
	{"utf-8 quotes read as latin-1", "Get it \u00e2\u0080\u009cFree\u00e2\u0080\u009d today", []string{Control, Mojibake}},
	{"windows-1252 apostrophe read as latin-1", "Thanks, I don\u0092t know yet.", []string{Mojibake}}, // no control_char in its place, but mojibake (recall38.go)
	{"utf-8 read as windows-1252", "Thanks, I don\u00e2\u20ac\u2122t know, caf\u00c3\u00a9", []string{Mojibake}},
}

func TestRecall5(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall5Cases {
				for _, tx := range []string{tt.text, tt.text + "\n"} {
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
					}
				}
			}
		})
	}
	// Every offset of the texts (the block and chunk boundaries).
	var texts [][]byte
	for _, tt := range recall5Cases {
		texts = append(texts, []byte(strings.Repeat("word ", 7)+tt.text))
	}
	checkTextsAtOffsets(t, texts)
}
