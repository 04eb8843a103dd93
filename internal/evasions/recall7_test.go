package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// a85Wrapped76 and a85Wrapped60 are Ascii85 (Adobe's, <~ ~>) of random
// bytes wrapped at 76 and 60 characters a line, with a backslash in the
// first and in the last line (the kernel's stop).
const (
	a85Wrapped76 = "<~d5tOKF-I/U3s7?9S&*FJ[jA/<;)ojTMP2tn&[95/o^cL!6A0e*(>fe(^%(;\\GPC@,(622oEX.]\n7A^<BHXuUMDh&,]H8Qu7^+H%QKhMbZJ+-6/N+fP2[Oo(QkcC3lAU4G[!6RLg8Yi@6m7#ng*&U4$s\n~>"
	a85Wrapped60 = "<~H-a&ipC9rnJ=.TA&!XdliDe%0n>?,ZZI>@rAH>=q+XZN2jM@VDXq]/Pk6'\nQ%N2$*idrKN^<=8XaKG]t#?VWU+-?YNmZXk9jDRs!Qn)o?@)>c)q2cRlW/aW\n)c2TsdK?$(?%+&9*5HKiXLdTIT3ZuV$nV$ln*;\\E)N@d3~>"
	// qpBig5 is corpus-200MB's quoted-printable Big5 (spam-2/00006):
	// lines of Ascii85's alphabet, every one but the last ending in a
	// soft line break.
	qpBig5        = "            </font><font size=3D\"3\"><u><b>=A5X=B2{<font color=3D\"#FF0000\"=\n>=B6=C7=B0e=A7=B9=A6=A8</font>=A1A=A7Y=AA=ED=A5=DC=A6=A8=A5\\=B1H=A5X=C5o!=\n>=B6=C7=B0e=A7=B9=A6=A8</font>=A1A=A7Y=AA=ED=A5=DC=A6=A8=A5\\=B1H=A5X=C5o!=\n!</b></u></font></font></p>\n        </tr>"
	entFreeMoney  = "&#70;&#x72;&#x65;&#101;&#32;&#109;&#x6f;&#x6e;&#101;&#121;&#x20;&#102;&#x6f;&#114;&#32;&#x79;&#111;&#x75;&#x20;&#110;&#111;&#x77;&#x2c;&#32;&#99;&#108;&#105;&#99;&#107;&#32;&#104;&#101;&#114;&#101;"
	entMailtoText = "&#109;&#97;&#x69;&#x6c;&#x74;&#111;&#x3a;&#x66;&#101;&#101;&#x64;&#x62;&#x61;&#99;&#x6b;&#x40;&#108;&#x6f;&#x63;&#x6b;&#x65;&#x72;&#103;&#110;&#x6f;&#109;&#101;&#x2e;&#x63;&#x6f;&#109;"
	entSuggest    = "&#69;&#x2d;&#x6d;&#x61;&#105;&#108;&#32;&#97;&#x20;&#x53;&#x75;&#103;&#103;&#x65;&#x73;&#x74;&#x69;&#x6f;&#110;"
)

// recall7Cases are the misses found now (recall7.go), with the plain
// texts next to them that must stay unflagged; each is the whole text.
var recall7Cases = []ruleCase{
	// U+FFFD as an entity or an escape.
	{"fffd as a decimal entity", "<p>Caf&#65533; au lait</p>", []string{Replacement}},
	{"fffd as a hex entity", "<p>na&#xfffd;ve and Jos&#xFFFD;</p>", []string{Replacement}},
	{"fffd as an escape", `{"name": "Jos\ufffd"}`, []string{Replacement}},
	{"fffd as an upper-case escape", `Z\uFFFDrich`, []string{Replacement}},
	{"bom as an entity", "<p>&#65279;hello</p>", nil},
	// Text as entities of ASCII characters.
	{"a phrase as entities", "<p>" + entFreeMoney + "</p>", []string{Blob}},
	{"a mailto address as entities", "<a href=\"" + entMailtoText + "\">" + entSuggest + "</a>", nil},
	{"a link text as entities", "<a href=\"x\">" + entSuggest + "</a>", nil},
	{"letters of a word as entities", "<p>Buy V&#105;agr&#x61; now</p>", []string{Blob}},
	{"a word's first letter as an entity", "<p>&#86;iagra</p>", []string{Blob}},
	{"a mailto address as entities after a letter", "x" + entMailtoText + "y", nil},
	{"an ampersand as an entity", "<p>AT&#38;T and R&#x26;D</p>", nil},
	{"a digit as an entity between digits", "call 5&#53;5 now", nil},
	{"a word as entities", "<p>Buy &#86;&#105;&#x61;&#103;&#114;&#97; now</p>", []string{Blob}},
	{"three letters as entities", "<p>Buy &#86;&#105;&#x61; now</p>", nil},
	{"dots as entities", "<p>wait &#46;&#46;&#46;&#46; now</p>", nil},
	// Runs of non-ASCII white space; Mongolian variation selectors;
	// octal escapes.
	{"50 no-break spaces", "see" + strings.Repeat("\u00a0", 50) + "below", []string{Repeated}},
	{"49 no-break spaces", "see" + strings.Repeat("\u00a0", 49) + "below", nil},
	{"mongolian selector in a latin word", "fr\u180bee money", []string{Invisible}},
	{"mongolian selector in mongolian", "\u182e\u180b\u1823", nil},
	// A whole word of look-alikes beside lone Cyrillic letters (debris).
	{"look-alike word beside debris", "Please \u0441\u0430\u0440\u0435 now at our site\nbinary: \u04c6+, \u048a\u05ecr", []string{MixedScript}},
	{"look-alike word beside a russian word", "Please \u0441\u0430\u0440\u0435 now. \u041f\u0440\u0438\u0432\u0435\u0442", nil},
	{"octal escapes of letters", `s = "\126\151\141\147\162\141"`, []string{Blob}},
	{"three octal escapes", `printf("\033[0m\101\102\103")`, nil},
	// Ascii85 wrapped.
	{"ascii85 wrapped at 76", "Here it is:\n" + a85Wrapped76 + "\nbye", []string{Blob}},
	{"ascii85 wrapped at 60", "Here it is:\n" + a85Wrapped60 + "\nbye", []string{Blob}},
	{"ascii85 wrapped at 60, crlf", "Here it is:\r\n" + strings.ReplaceAll(a85Wrapped60, "\n", "\r\n") + "\r\nbye", []string{Blob}},
	{"ascii85 wrapped without its markers", "Here it is:\n" + strings.Trim(a85Wrapped60, "<~>") + "\nbye", []string{Blob}},
	// Without their markers: between <~ and ~> they are blobs (a85Delimited, recall20.go).
	{"ascii85 wrapped, under a85Min", "Here it is:\n" + a85Wrapped60[2:50] + "\n" + a85Wrapped60[len(a85Wrapped60)-47:len(a85Wrapped60)-2] + "\nbye", nil},
	{"ascii85 lines of two widths", "Here it is:\n" + a85Wrapped60[2:50] + "\n" + a85Wrapped60[61:122] + "\n" + a85Wrapped60[len(a85Wrapped60)-47:len(a85Wrapped60)-2] + "\nbye", nil},
	{"quoted-printable big5", qpBig5, nil},
}

func TestRecall7(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall7Cases {
				for _, tx := range []string{tt.text, tt.text + "\n", "Some words before it. " + tt.text} {
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
					}
				}
			}
		})
	}
	var texts [][]byte
	for _, tt := range recall7Cases {
		texts = append(texts, []byte(strings.Repeat("word ", 7)+tt.text))
	}
	checkTextsAtOffsets(t, texts)
}

// TestBOMText: a text that is a BOM, then nothing or white space alone
// (whole texts).
func TestBOMText(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range []ruleCase{
				{"a lone BOM", "\ufeff", []string{Empty}},
				{"a BOM and white space", "\ufeff \u00a0\n", []string{Whitespace}},
				{"a BOM and a line break", "\ufeff\n", []string{Whitespace}},
				{"a BOM and text", "\ufeffhello", []string{Invisible}}, // recall39.go's bomLead (session 33)
				{"two BOMs", "\ufeff\ufeff", []string{Invisible}},
			} {
				found := checkAgainstRef(t, []byte(tt.text))
				if got := foundKinds(found, iNonText); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tt.text, found, tt.want)
				}
			}
		})
	}
}

// TestRecall7Evidence pins the evidence of the new rules.
func TestRecall7Evidence(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Caf&#65533; au", `replacement character U+FFFD as an HTML entity at byte 3: "Caf&#65533; au"`},
		{`Jos\ufffd`, `replacement character U+FFFD written as an escape at byte 3: "Jos\\ufffd"`},
		{"x \ufffd Caf&#65533;", "1 U+FFFD replacement character, the first at byte 2: \"x \ufffd Caf&#65533;\""},
		{`s = "\126\151\141\147"`, `4 letters and digits written as octal escapes from byte 5: "\\126\\151\\141\\147\""`},
		{"V&#105;agra", `a letter written as an HTML entity inside a word at byte 1: "V&#105;agra"`},
		{"<p>" + entFreeMoney, `27 letters and digits written as HTML entities from byte 3: "&#70;&#x72;&#x65;&#101;&…"`},
		{"x\n" + a85Wrapped60, `163 Ascii85 characters from byte 4: "H-a&ipC9rnJ=.TA&!XdliDe%…"`},
	} {
		found := checkAgainstRef(t, []byte(tt.text))
		var got string
		for _, e := range found {
			if e != "" && e != found[iNonText] {
				got = e
			}
		}
		if got != tt.want {
			t.Errorf("checkText(%q) = %q, want %q", tt.text, found, tt.want)
		}
	}
}
