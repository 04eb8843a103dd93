package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// recall18Cases are the characters recall18.go finds (evplant10.py's
// rfc2047_subject_zwsp and rfc2047_subject_rlo in the B form,
// nel_line_ends_ebcdic, private_use_wingdings) and their plain
// neighbours.
var recall18Cases = []ruleCase{
	{"B word with a zero-width space", "Subject: " + bWord("Get your FR\u200bEE credit report") + "\nFrom: a@b.c\n\nhello", []string{Invisible}},
	{"B word with an override", "Subject: " + bWord("Invoice \u202egpj.scr") + "\n\nhello", []string{Bidi}},
	{"B word with a look-alike and a joiner", "Subject: " + bWord("P\u0430yP\u0430l \u200bnotice") + "\n\nhello", []string{Invisible, MixedScript}},
	{"B word, plain", "Subject: " + bWord("Meet lonely singles tonight") + "\n\nhello", nil},
	{"B word of Latin-1", "Subject: =?iso-8859-1?B?" + base64.StdEncoding.EncodeToString([]byte("caf\xe9 \xe2\x80\x8b")) + "?=\n\nhello", nil},
	{"NEL between tags", "<HTML><HEAD>\u0085<META name=x>\u0085<BODY>hello</BODY>", []string{Control}},
	{"NEL before a quote marker", "Paul wrote:\u0085> Owen wrote:\u0085> more", []string{Control}},
	{"NEL after a digit", "call 555-1234\u0085Then ask for Bob", []string{Control}},
	{"NEL after a parenthesis", "the offer (limited)\u0085Order now", []string{Control}},
	{"NELs between letters", "boys reserved\u0085\u0085Gorgeous Gwyneth", []string{Control}},
	{"ellipsis after a word", "Yeah\u0085\n\nPelley: In fact, yes", nil},
	{"ellipsis thrice", "now that\u0085\u0085\u0085???\n\nFact: no", nil},
	{"ellipsis before a full stop", "Smoking Enjoyment\u0085.the Seventh Heaven", nil},
	{"ellipsis between spaces", "Well \u0085 no, not by any chance", nil},
	{"ellipsis after a space", "depend on one \u0085our mothers", nil},
	{"ellipsis before a tag", "YOU or ME \u0085<br>\nTHIS", nil},
	{"ellipsis after a parenthesis", "Ragga Dagga (TM)\u0085. And although", nil},
	{"private-use block", "Tom\nhttp://xent.com/mailman/listinfo/fork\n\n" + pua(20) + "\n", []string{NonText}},
	{"private-use block, short", "Tom\nhttp://xent.com/mailman/listinfo/fork, a longer line of text to weigh against it all\n\n" + pua(19) + "\n", nil},
	{"private-use bullets", "Tom\nhttp://xent.com/mailman/listinfo/fork, a longer line of text to weigh against it all\n\n\uf0b7 one \uf0b7 two \uf0b7 three \uf0a7 four\n", nil},
}

// bWord is s as a UTF-8 B-encoded word.
func bWord(s string) string {
	return "=?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
}

// pua is n private-use characters of a symbol font, each differing from
// the one before.
func pua(n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteRune(rune(0xF041 + i*7%90))
	}
	return sb.String()
}

func TestRecall18(t *testing.T) {
	checkCasesAtOffsets(t, recall18Cases)
}

// FuzzCheckTextRecall18 holds checkText to refCheckText on texts grown
// from recall18Cases.
func FuzzCheckTextRecall18(f *testing.F) {
	for _, tt := range recall18Cases {
		f.Add(tt.text)
	}
	f.Add("x)\u0085\u0085>\u00851\u0085" + pua(25))
	f.Fuzz(checkPathsAgainstRef)
}
