package evasions

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// voidCases are the texts voidText takes (benchmarks/evplant10.py's
// placeholder_none_nan, empty_quoted, empty_html_shell and
// nbsp_entities_only, corpus-200MB's bare closing tags) and the texts
// beside them that carry something.
var voidCases = []ruleCase{
	{"None", "None", []string{Empty}},
	{"nan", "nan", []string{Empty}},
	{"NaN", "NaN", []string{Empty}},
	{"null", "null", []string{Empty}},
	{"NULL", "NULL", []string{Empty}},
	{"N/A", "N/A", []string{Empty}},
	{"<NA>", "<NA>", []string{Empty}},
	{"undefined", "undefined", []string{Empty}},
	{"(null)", "(null)", []string{Empty}},
	{"empty list", "[]", []string{Empty}},
	{"empty object", "{}", []string{Empty}},
	{"empty double quotes", `""`, []string{Empty}},
	{"empty single quotes", "''", []string{Empty}},
	{"quoted space", `" "`, []string{Empty}},
	{"html shell", "<html><body></body></html>", []string{Empty}},
	{"empty paragraph", "<p></p>", []string{Empty}},
	{"shell with a break", "<html>\n<body>\n<br>\n</body>\n</html>\n", []string{Empty}},
	{"div of a no-break space", "<div>&nbsp;</div>", []string{Whitespace}}, // recall23.go: what renders is white space
	{"closing tags", "</BODY></HTML>", []string{Empty}},
	{"self-closing break", "<br/> <br />", []string{Empty}},
	{"nbsp entities", "&nbsp;&nbsp;&nbsp;", []string{Whitespace}},
	{"nbsp entities, numeric", "&#160; &#xA0;\n&NBSP; &#00160;", []string{Whitespace}},
	// Not taken: something is there.
	{"None in prose", "None of these", nil},
	{"Nonetheless", "Nonetheless", nil},
	{"none.", "none.", nil},
	{"nan bread", "nan bread", nil},
	{"NA twice", "NA NA", nil},
	{"nil pointer", "nil pointer", nil},
	{"a dash", "-", nil},
	{"quoted word", `"hello"`, nil},
	{"quotes and a word", `"" said`, nil},
	{"unmatched quotes", `"'`, nil},
	{"spaced brackets", "[ ]", nil},
	{"image", "<html><body><img src=\"http://example.com/a.gif\"></body></html>", nil},
	{"table cell", "<td width=10 bgcolor=\"#ffcc00\"></td>", nil},
	{"paragraph of text", "<p>Hi</p>", nil},
	{"comment", "<!-- footer -->", nil},
	{"space in a tag", "< p>", nil},
	{"open tag cut", "</p><p", nil},
	{"ampersand", "&amp;", nil},
	{"nbsp and a word", "&nbsp;x", nil},
	{"nbsp without semicolon", "&nbsp", nil},
	{"other space entity", "&ensp;", nil},
	{"other numeric entity", "&#161;", nil},
	{"numeric entity of 1600", "&#1600;", nil},
}

// TestVoidText holds voidText to its cases on every kernel path against
// the reference: the text alone, with white space around it, and
// repeated past the kernel's blocks.
func TestVoidText(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range voidCases {
				for _, tx := range []string{tt.text, " " + tt.text, "\n\t" + tt.text + "\r\n", strings.Repeat(" ", 70) + tt.text + strings.Repeat("\n", 70)} {
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, iNonText); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
					}
				}
			}
			for _, tx := range []string{strings.Repeat("<p></p>\n", 40), strings.Repeat("&nbsp;", 40), strings.Repeat("<p></p>\n", 40) + "x"} {
				found := checkAgainstRef(t, []byte(tx))
				want := tx[len(tx)-1] != 'x'
				if got := found[iEmpty] != "" || found[iWhitespace] != ""; got != want {
					t.Errorf("checkText(%q) = %q, want void %v", tx, found, want)
				}
			}
		})
	}
}

// TestVoidTextEvidence pins voidText's evidence.
func TestVoidTextEvidence(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{" None\n", `the text is the placeholder "None" of a missing value`},
		{`" "`, `the text is an empty quoted string: "\" \""`},
		{"</BODY></HTML>", `the text is markup with no text: 2 tags without attributes: "</BODY></HTML>"`},
		{"&nbsp;", `the text is 1 no-break space written as HTML entities: "&nbsp;"`},
	} {
		var found [numEvasionKinds]string
		checkText([]byte(tt.text), &found)
		if got := found[iEmpty] + found[iWhitespace]; got != tt.want {
			t.Errorf("checkText(%q): evidence %q, want %q", tt.text, got, tt.want)
		}
	}
}

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
	{"ellipsis after a word", "Yeah\u0085\n\nPelley: In fact, yes", []string{Mojibake}}, // not control_char; Windows-1252 read as Latin-1 (recall38.go)
	{"ellipsis thrice", "now that\u0085\u0085\u0085???\n\nFact: no", []string{Mojibake}},
	{"ellipsis before a full stop", "Smoking Enjoyment\u0085.the Seventh Heaven", []string{Mojibake}},
	{"ellipsis between spaces", "Well \u0085 no, not by any chance", []string{Mojibake}},
	{"ellipsis after a space", "depend on one \u0085our mothers", []string{Mojibake}},
	{"ellipsis before a tag", "YOU or ME \u0085<br>\nTHIS", []string{Mojibake}},
	{"ellipsis after a parenthesis", "Ragga Dagga (TM)\u0085. And although", []string{Mojibake}},
	{"dollar run before a phrase", strings.Repeat("$", 25) + " Get your FREE credit report", []string{Repeated}},
	{"dollar run between tags and words", "AGAIN!!!<BR>" + strings.Repeat("$", 64) + "<BR>If you", []string{Repeated}},
	{"dollar run after a word", "Price: " + strings.Repeat("$", 22), []string{Repeated}},
	{"dollar line", "hello\n" + strings.Repeat("$", 40) + "\nbye", nil},
	{"dollar line, spaced", "hello\n   " + strings.Repeat("$", 30) + " \t\nbye", nil},
	{"dollar line between tags", "hello\n<BR>" + strings.Repeat("$", 60) + "<BR>\nbye", nil},
	{"dollar line quoted", "hello\n> " + strings.Repeat("$", 60) + "\nbye", nil},
	{"dollar run short", strings.Repeat("$", 19) + " Get your FREE credit report", nil},
	{"star run after a word", "Get " + strings.Repeat("*", 30) + " your FREE credit report", nil}, // at a line's start, before a phrase: recall21.go
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
// from voidCases and recall18Cases.
func FuzzCheckTextRecall18(f *testing.F) {
	for _, tt := range voidCases {
		f.Add(tt.text)
	}
	for _, tt := range recall18Cases {
		f.Add(tt.text)
	}
	f.Add("  <p>&nbsp;</p>\n<br>&#160;</BODY>")
	f.Add("a\n> <BR>" + strings.Repeat("$", 21) + "<b>\n" + strings.Repeat("$", 22) + "x " + strings.Repeat("$", 120))
	f.Add("x)\u0085\u0085>\u00851\u0085" + pua(25))
	f.Fuzz(checkPathsAgainstRef)
}
