package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// recall6Cases are benchmarks/evplant5.py's misses of session 22 that are
// found now (recall6.go), with the plain texts next to them that must
// stay unflagged; each is the whole text.
var recall6Cases = []ruleCase{
	// Entities of C0 controls and DEL.
	{"ANSI colour as entities", "<p>Click&#27;[31m here&#x1b;[0m now</p>", []string{Control}},
	{"NUL and BEL entities", "<font>Limited&#0; time&#7; offer&#127;</font>", []string{Control}},
	{"tab and line break entities", "<pre>a&#9;b&#10;c&#13;d</pre>", nil},
	{"windows-1252 punctuation as entities", "<p>It&#146;s here &#150; the &#147;offer&#148;</p>", nil},
	// Entities of look-alike letters inside Latin words.
	{"cyrillic a as an entity in a word", "<p>Verify your p&#1072;ypal account</p>", []string{MixedScript}},
	{"greek omicron as a hex entity ending a word", "<p>Log in to micros&#x3bf;ft today</p>", []string{MixedScript}},
	{"cyrillic o as an entity starting a word", "<p>Visit &#1086;nline now</p>", []string{MixedScript}},
	{"russian written as entities", "<p>&#1055;&#1088;&#1080;&#1074;&#1077;&#1090; &#1084;&#1080;&#1088;</p>", nil},
	{"a cyrillic entity between spaces", "<p>Letter &#1072; alone</p>", nil},
	// Escapes of format characters, and of letters and digits.
	{"escaped zero-width space in a word", `Cl\u200bick here to claim`, []string{Invisible}},
	{"escaped soft hyphen, upper case", `Vi\u00ADagra cheap`, []string{Invisible}},
	{"escaped right-to-left override", `invoice_\u202efdp.exe attached`, []string{Bidi}},
	{"escaped BOM", `{"text": "\ufeffhello"}`, nil},
	{"escaped letters", `var s = "\u0043\u006c\u0069\u0063\u006b here";`, []string{Blob}},
	{"three escaped letters", `x = "\u0041\u0042\u0043" + "\u002F"`, nil},
	{"escaped slash in javascript", `document.write('\u002F'); document.write('script');`, nil},
	{"escaped accents", `caf\u00e9 na\u00efve`, nil},
	// U+2800 as a blank between words, not in Braille art.
	{"braille blank between words", "Click\u2800here\u2800to\u2800claim your prize", []string{Invisible}},
	{"braille art", "My cat, drawn in Braille dots as people do in chat rooms:\n\u2800\u2800\u28f0\u28ff\u28ff\u2846\u2800\u2800\n\u2800\u28b8\u28ff\u28ff\u28ff\u28ff\u2847\u2800\nThat is all for today, friends.", nil},
	{"braille dots in a sentence", "Here is my cat, drawn in Braille dots for you: \u28f0\u2800\u28ff and that is all", nil},
	// Base32 on the line after one ending in a digit of the base64
	// alphabet that base32 has not.
	{"base32 after a version number", "User-Agent: eGroups-EW/0.82\nINWGSY3LEBUGK4TFEB2G6IDDNRQWS3JAPFXXK4RAMZZGKZJAOBZGS6TFEBXG65ZMEBWGS3LJORSWIIDUNFWWKIDPMZTGK4RAMFRXIIDON53SCII=\nReply-To: x@example.com", []string{Blob}},
	{"base32 after a line with lower case", "see below for it\nINWGSY3LEBUGK4TFEB2G6IDDNRQWS3JAPFXXK4RAMZZGKZJAOBZGS6TFEBXG65ZMEBWGS3LJORSWIIDUNFWWKIDPMZTGK4RAMFRXIIDON53SCII=", []string{Blob}},
	{"base32 after a line with lower case, short", "see below for it\nINWGSY3LEBUGK4TFEB2G6IDDNRQWS3JAPFXXK4RAMZZGKZJAOBZGS6TFEBXG65ZMEBWGS3LJORSWIIDUNFWWKIDPMZ", nil},
	// A ZWJ without characters either side.
	{"a text of one ZWJ", "\u200d", []string{Invisible}},
	{"a ZWJ ending a text after an emoji", "nice \U0001F600\u200d", []string{Invisible}},
	{"a ZWJ between emoji", "family \U0001F468\u200d\U0001F469\u200d\U0001F467 photo", nil},
}

func TestRecall6(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall6Cases {
				for _, tx := range []string{tt.text, tt.text + "\n", "Some words before it. " + tt.text} {
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
	for _, tt := range recall6Cases {
		texts = append(texts, []byte(strings.Repeat("word ", 7)+tt.text))
	}
	checkTextsAtOffsets(t, texts)
}

// TestRecall6Evidence pins the evidence of the new rules.
func TestRecall6Evidence(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Click&#27;[31m here", `control character U+001B as an HTML entity at byte 5: "Click&#27;[31m here"`},
		{"p&#1072;ypal", `look-alike of a Latin letter, in a word, U+0430 as an HTML entity at byte 1: "p&#1072;ypal"`},
		{`Cl\u200bick`, `invisible character U+200B written as an escape at byte 2: "Cl\\u200bick"`},
		{`x \u0046\u0052\u0045\u0045 y`, `4 letters and digits written as \u escapes from byte 2: "\\u0046\\u0052\\u0045\\u0045…"`},
		{"EW/0.82\nINWGSY3LEBUGK4TFEB2G6IDDNRQWS3JAPFXXK4RAMZZGKZJAOBZGS6TFEBXG65ZMEBWGS3LJORSWIIDUNFWWKIDPMZTGK4RAMFRXIIDON53SCII=\nx", "111 base32 characters from byte 8: \"INWGSY3LEBUGK4TFEB2G6IDD…\""},
		{"a\u2800b", "invisible character U+2800 at byte 1: \"a\u2800b\""},
	} {
		found := checkAgainstRef(t, []byte(tt.text))
		var got string
		for _, e := range found {
			if e != "" {
				got = e
			}
		}
		if got != tt.want {
			t.Errorf("checkText(%q): evidence %q, want %q", tt.text, got, tt.want)
		}
	}
}
