package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// entCases are texts around entities.go's rule.
var entCases = []ruleCase{
	{"a zero-width space in a word", "Cl&#8203;ick here", []string{Invisible}},
	{"hex, upper case", "Cl&#x200B;ick here", []string{Invisible}},
	{"hex, lower case x and digits", "Cl&#X200b;ick here", []string{Invisible}},
	{"a zero-width non-joiner", "fr&#8204;ee", []string{Invisible}},
	{"a soft hyphen", "Via&#173;gra", []string{Invisible}},
	{"a word joiner", "pay&#8288;pal", []string{Invisible}},
	{"a tag character", "x&#917601;y", []string{Invisible}},
	{"a right-to-left override in a file name", `<a href="http://example.com/dl">invoice_&#8238;fdp.exe</a>`, []string{Bidi}},
	{"an isolate, hex", "admin&#x2066;ok&#x2069;", []string{Bidi}},
	{"both", "a&#8238;b c&#8203;d", []string{Invisible, Bidi}},
	{"leading zeros", "Cl&#08203;ick", []string{Invisible}},
	{"a BOM in a URL", "http://boingboing.net/&#65279;http://www.io.com/", nil},
	{"a URL as entities", `<a href="&#104;&#116;&#116;&#112;&#58;&#47;&#47;&#101;&#120;.com/login">Log in</a>`, []string{Blob}},
	{"http as entities, hex and capitals", "&#x48;&#X54;&#84;&#x70;s://", []string{Blob}},
	{"http as entities after base64", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789abcdefghij&#104;&#116;&#116;&#112;", []string{Blob}},
	{"a mailto address as entities", "&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#106;&#111;&#101;", nil},
	{"htt as entities", "\"&#104;&#116;&#116;://", nil},
	{"htt as entities, then p", "&#104;&#116;&#116;p://", []string{Blob}}, // a letter entity beside a letter (session 23, recall7.go)
	{"http as entities with a gap", "\"&#104;&#116; &#116;&#112;", nil},
	{"a no-break space and a dash", "a&#160;b&#8212;c&nbsp;d&amp;e", nil},
	{"no semicolon", "Cl&#8203 ick", []string{Invisible}}, // a browser decodes it as with one (recall14.go)
	{"no digits", "Cl&#;ick &#x;", nil},
	{"too many digits", "Cl&#00008203;ick", nil},
	{"past U+10FFFF", "a&#1114112;b &#x110000;", nil},
	{"a named zero-width non-joiner", "fr&zwnj;ee", []string{Invisible}}, // session 21 (entnames.go); nil before
	{"a named zero-width joiner", "pay&zwj;pal", []string{Invisible}},
	{"a named soft hyphen", "Via&shy;gra", []string{Invisible}},
	{"a named right-to-left mark", "invoice&rlm;.exe", []string{Bidi}},
	{"a named left-to-right mark", "invoice&lrm;.exe", []string{Bidi}}, // session 26: l stops the kernel (entnames.go); nil before
	{"a named zero-width space", "Cl&ZeroWidthSpace;ick", []string{Invisible}},
	{"a named word joiner", "Vi&NoBreak;agra", []string{Invisible}},
	{"negative spaces", "fr&NegativeThinSpace;ee", []string{Invisible}},
	{"negative spaces, medium", "fr&NegativeMediumSpace;ee", []string{Invisible}},
	{"negative spaces, thick", "fr&NegativeThickSpace;ee", []string{Invisible}},
	{"negative spaces, very thin", "fr&NegativeVeryThinSpace;ee", []string{Invisible}},
	{"look-alikes of the new names", "&lt;b&gt; &laquo;x&raquo; Espa&ntilde;a &Ntilde; &nbsp; &lrarr; &lrm &Zeta; &ZeroWidth; &Nu; &NoBreak &Negative; &NegativeSpace; &ZEROWIDTHSPACE; &LRM; &lt &l; &N; &Z;", nil},
	{"invisible operators not found", "a&it;b &ic; &af; &InvisibleTimes; &ApplyFunction;", nil}, // their first letters are not stops (entnames.go)
	{"names in capitals", "fr&ZWNJ;ee Via&Shy;gra", nil},
	{"names cut short", "fr&zwnj ee &zw; &sh &rlm", nil},
	{"entities the kernel stops at", "&copy; &bull; &reg; &rsquo;s &sup2; &szlig; &zeta; &#", nil},
	{"an & alone", "AT&T & R&D &#", nil},
	{"&# at the end", "see &#8203", []string{Invisible}}, // no semicolon: recall14.go
	{"&# cut at the end", "see &#82", nil},
	{"&nbsp; 110 times", "Hi" + strings.Repeat("&nbsp;", 110), []string{Repeated}}, // phrase.go: 660 bytes, entityMinBytes (after a word: alone, also whitespace_only, recall18.go)
	{"&nbsp; 109 times", "Hi" + strings.Repeat("&nbsp;", 109), nil},
	{"&nbsp; 97 times", "Hi" + strings.Repeat("&nbsp;", 97), nil}, // a real mail's
	{"&nbsp; 400 times after a ;", "x;" + strings.Repeat("&nbsp;", 400), []string{Repeated}},
	{"&#160; 120 times", "Hi" + strings.Repeat("&#160;", 120), []string{Repeated}},
	{"&ensp; 120 times", strings.Repeat("&ensp;", 120), []string{Repeated}},
	{"&nbsp; and spaces 100 times", "Hi" + strings.Repeat("&nbsp; ", 100), nil},
	{"two entities 60 times", strings.Repeat("&nbsp;&amp;", 60), nil},
	{"&nbsp 150 times", strings.Repeat("&nbsp", 150), nil},
}

// TestEntities checks entities.go's rule with checkText (every path) and
// refCheckText, inside prose and at offsets 0-69 (the block and chunk
// boundaries), with the text going on after it and ending there.
func TestEntities(t *testing.T) {
	checkRuleCases(t, entCases)
}

// TestEntitiesInHTML holds checkText to refCheckText (every path) on
// HTML-like texts with entities of every kind, &nbsp; runs, # and &
// apart, and bytes that stop the kernel, whole and from offsets 1-69.
func TestEntitiesInHTML(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 8203))
	bits := []string{"the quick brown fox ", "&#104;&#116;&#116;&#112;", "&#104;", "&#x54;", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789", "deadbeefcafe0123456789abcdef0123456789", "<td bgcolor=\"#ffffff\">", "&nbsp;", "&amp;", "&#", "&", "#", ";", "é", "\\", "\r\n", "%41%42", "x;base64,", "\u200b", "\u202e", "&#8203;", "&#x202E;", "&#65279;", "&#104;", "&#173", "&#x;", "&zwnj;", "&zwj;", "&shy;", "&rlm;", "&lrm;", "&copy;", "&rsquo;", "&z", "&s", "&r", "&lt;", "&laquo;", "&Ntilde;", "&ZeroWidthSpace;", "&NoBreak;", "&NegativeVeryThinSpace;", "&l", "&N", "&Z", "&,"}
	var texts [][]byte
	for range 1500 {
		var b []byte
		for len(b) < 64*2+rng.IntN(400) {
			b = append(b, bits[rng.IntN(len(bits))]...)
		}
		texts = append(texts, b)
	}
	checkTextsAtOffsets(t, texts)
}

// FuzzEntities holds checkText to refCheckText on texts around an entity.
func FuzzEntities(f *testing.F) {
	for _, tt := range entCases {
		f.Add(tt.text, 3)
	}
	f.Fuzz(func(t *testing.T, s string, pad int) {
		if pad < 0 || pad > 200 || len(s) > 4096 {
			return
		}
		for _, path := range chunkPaths() {
			func() {
				defer path.Use()()
				checkAgainstRef(t, []byte(strings.Repeat("a", pad)+s))
			}()
		}
	})
}

// TestAmpStop: the ASCII bytes after an & the kernel stops at (ampStop)
// are #, the first letters of entName's names, the bytes that share
// their low six bits (and two controls) and nothing that starts the
// commonest entities (&nbsp; &quot; &gt;; &lt; does, session 26, and
// &amp;, session 28: recall17.go's &acy;).
func TestAmpStop(t *testing.T) {
	var got []byte
	for c := range 128 {
		if ampStop(byte(c)) {
			got = append(got, byte(c))
		}
	}
	if string(got) != "\x01\x02\x03\x05\t\v\r\x0e\x0f\x12\x13\x14\x15\x16\x1a!#)*+,/2356:ABCEIKMNORSTUVZacijklorsuvz" {
		t.Errorf("ampStop holds for %q", got)
	}
}
