package evasions

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
)

func TestCheckText(t *testing.T) {
	prose := strings.Repeat("The meeting moved to Friday at ten, in the usual room.\n", 4)
	b64 := "TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBlbmNvZGluZyBzY2hlbWVzIGFyZSBjb21tb25seSB1c2Vk\nIHdoZW4gdGhlcmUgaXMgYSBuZWVkIHRvIGVuY29kZSBiaW5hcnkgZGF0YQ=="
	tests := []struct {
		name string
		text string
		want []string // categories, in evasionKinds order
	}{
		{"plain", "The quick brown fox jumps over the lazy dog.", nil},
		{"mail separators", "Hi all,\nthe meeting moved to Friday at ten, in the usual room on the second floor.\n" + strings.Repeat("-", 76) + "\nSee the agenda attached and bring your notes from last week.\n" + strings.Repeat("=", 70) + "\nRegards, Ann", nil},
		{"hashes and ids", "Message-ID: <3d2f1a9b8c7e6d5f4a3b2c1d0e9f8a7b@example.com> sha1 0a4d55a8d778e5022fab701977c5d840bbc486d0", nil},
		{"url", "see https://example.com/path/to/some/page.html?query=abc&x=1 for more", nil},
		{"accents and scripts", "Café naïve Ünïcödé, Αθήνα and Москва are fine words.", nil},
		{"emoji in a sentence", "Great job 🎉🎉 see you soon 👍", nil},
		{"cjk", "東京タワーは高いです。", nil},
		{"zero width space", "pay\u200bpal account", []string{Invisible}},
		{"combining grapheme joiner", "pay\u034fpal account", []string{Invisible}},
		{"hangul filler", "pay\u3164pal account", []string{Invisible}},
		{"soft hyphen", "in\u00advisible", []string{Invisible}},
		{"leading BOM", "\ufeffhello", []string{Invisible}}, // an encoding mark left in: invisible_char since session 33 (recall39.go)
		{"bidi override", "invoice\u202egpj.exe", []string{Bidi}},
		{"nul byte", "abc\x00def", []string{Control}},
		{"ansi escape", "\x1b[31mred\x1b[0m", []string{Control}},
		{"C1 control", "abc\u0085def", []string{Control}},
		{"cyrillic a in a latin word", "log in to p\u0430ypal now", []string{MixedScript}},
		{"greek omicron in a latin word", "micr\u03bfsoft", []string{MixedScript}},
		{"repeated letters", "buy now " + strings.Repeat("a", 25), []string{Repeated}},
		{"repeated punctuation", strings.Repeat("!", 120), []string{Repeated}}, // ASCII punctuation is not non_text (rules.go)
		{"base64 blob", "attachment:\n" + b64, []string{Blob}},
		{"hex blob", "key " + strings.Repeat("deadbeef0123", 6), []string{Blob}},
		{"box drawing", "┌──┬──┐│  │  │├──┼──┤└──┴──┘", []string{NonText}},
		{"empty", "", []string{Empty}},
		{"white space", " \t\n\u3000 ", []string{Whitespace}},

		// What a lossy decode leaves. One U+FFFD is enough: it is a byte
		// lost, and a lost byte is never clean text.
		{"replacement chars in French", "Merci pour votre r\ufffdponse, \u00e0 bient\ufffdt.", []string{Replacement}},
		{"one replacement char in a long mail", longMail(60) + "Ville Skytt\ufffd", []string{Replacement}},
		{"lone surrogate escape written out", `could not open caf\udce9.txt: no such file`, []string{Replacement}},
		{"lone high surrogate escape", `broken emoji \ud83d here`, []string{Replacement}},
		{"escaped surrogate pair is fine", `the skull is written \ud83d\udc80 in JSON source`, nil},
		{"escaped BMP character is fine", `a tab is \u0009 and e acute \u00e9`, nil},
		// Hex dumps with white space between the bytes.
		{"hex dump spaced bytes", "core dump follows:\n" + spacedHex(48, 16, " ", false) + "\nend of dump", []string{Blob}},
		{"hex dump upper case", "payload " + spacedHex(40, 0, " ", true) + " done", []string{Blob}},
		{"hex dump xxd groups", "00000000: " + spacedHex(40, 0, "", false), []string{Blob}},
		{"xxd lines", "dump:\n00000000: " + spacedHex(16, 0, "", false) + "  ..Hello world..\n00000010: " + spacedHex(16, 0, "", false) + "  ................\n", []string{Blob}},
		{"hexdump -C line", "00000010  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 00 00 00  |Hello world.....|", []string{Blob}},
		{"od line", "0000020 6548 6c6c 206f 6f77 6c72 0a64 0000 00ff\n", []string{Blob}},
		{"half a dump line after an offset", "00000010: " + spacedHex(8, 0, "", false) + "  ..Hello", nil},
		{"dump line without an offset", "bytes " + spacedHex(16, 0, "", false) + "  ..Hello", nil},
		{"pgp fingerprint after its key id", "http://leitl.org\n83E5CA02: EDE4 7193 0833 A96B 07A7  1A88 AA58 0E89 83E5 CA02\n-----BEGIN PGP SIGNATURE-----", nil},
		{"dump line at an odd offset", "00000012: " + spacedHex(16, 0, "", false) + "  ..Hello", nil},
		{"numbers after a line number", "0010: 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34", nil},
		{"git sha in prose", "Fixed in 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 (short 3f2a9c1), reverted by 0a4d55a8.", nil},
		{"PGP fingerprint", "Key fingerprint = 8E5B 3E32 6F58 6BC0 C3F8  3E8C 4B8F 1F1D 7A4A 3A1E\nuid Ann <ann@example.com>", nil},
		{"table of two-digit numbers", "Results: " + strings.Repeat("12 34 56 78 90 ", 12), nil},
		{"hex-looking words", "we fed a bad dead cab be ad 10 20 face cafe deed 1999 2002 be ad fa de", nil},
		// Runs of non-ASCII white space.
		{"no-break space run", "Hello" + strings.Repeat("\u00a0", 3000) + "world", []string{Repeated}},
		{"ideographic space run", "見出し" + strings.Repeat("\u3000", 150) + "本文", []string{Repeated}},

		// Mail structure that is not an evasion (rules.go), and the
		// evasions next to it that still are.
		{"iso-2022-jp mail", "OpenText\x1b$B<R\x1b(B\n\x1b$B0KElMM\x1b(B\n", nil},
		{"iso-2022-jp lower-cased", "> > > \x1b$b@?$k?=$7lu\x1b(b\n> > thanks for the reply, see you on Monday", nil},
		{"bare escape", "abc\x1bdef", []string{Control}},
		{"form feed page break", prose + "\f\n" + prose, []string{Control}}, // recall30.go: inside a text (session 31)
		{"form feed page break ending a text", prose + "\f\n", nil},
		{"form feed in a word", "pay\fpal account", []string{Control}},
		{"nroff underline", "you can ___\b\b\bsee the blind man", nil},
		{"backspace after a letter", "w\bord of the day", []string{Control}},
		{"iso-2022-jp text is text", "\x1b$B$*@$OC$K$J$C$F$*$j$^$9!#\x1b(B\n\x1b$B;0I)2=3X%(%s%8%K%\"%j%s%0\x1b(B\n", nil},
		{"mojibake is not non_text", strings.Repeat("\ufffd\ufffd\ufffd(FL)\ufffd\ufffd ", 10), []string{Replacement}},
		{"mixed word between replacement chars", "\ufffd\u0420I\ufffdN text", []string{Replacement}},
		{"escape then a letter", "abc\x1bEdef", []string{Control}},
		{"mojibake of GB2312", "\u02ae\u04bb\u00e1\u0528 \u0467\u0123 text", nil},
		{"ascii word with a non-lookalike cyrillic letter", "EMAIL\u04ea campaign", nil},
		{"cyrillic word with a latin o", "\u041cocква", []string{MixedScript}},
		{"quoted-printable", "=3CP=3Ehttp=3A=2F=2Fbestsoft=2E3322=2Eorg=2Fonlinedown=2Fnewees=2Ezip=3C=2FP=3E=3C=2FFONT=3E=3C=2Ftd=3E=3C=2Ftr=3E", nil},
		{"mime base64 attachment is a blob", "Content-Type: text/html;\nContent-Transfer-Encoding: base64\n\n" + b64, []string{Blob}},
		{"pgp signature", "-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + b64 + "\n=lW45\n-----END PGP SIGNATURE-----", nil},
		{"base64 far after an armour line", "-----BEGIN PGP SIGNATURE-----\n\n" + strings.Repeat("Plain words of a mail body go on here. ", 20) + b64, []string{Blob}},
		{"base64 after a quoted-printable line", prose + "size=3D4>http://www.fiera.com</A>=20\n" + b64, []string{Blob}},
		{"base64 after a pgp signed message line", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n" + b64, []string{Blob}},
		{"separator line of 120 dashes", prose + strings.Repeat("-", 120) + "\n" + prose, nil},
		{"quoted separator line", prose + "> " + strings.Repeat("=", 110) + "\n> " + prose, nil},
		{"separator line of 160", prose + strings.Repeat("-", 160) + "\n" + prose, []string{Repeated}},
		{"run of 150 in a sentence", prose + "buy now " + strings.Repeat("=", 150) + " cheap " + prose, []string{Repeated}},
		{"short symbols", "$$$ WIN │😂─┘", []string{NonText}},
		{"symbols between words", "└ WIN ★😂─┐😂┐│└┌***🔥😂 WIN ─░┘┘◄░☆░ WIN ☆$$$│ WIN $$$ WIN │ WIN 😂 WIN ─┌ WIN ┘😂 WIN $$$┐😂", []string{NonText}},
		{"short sentence with punctuation", "Hi -- ok? (see: x)", nil},
		{"short smiley", ":-) :-(", nil},
		// Session 12: rows of a few emoji are non_text; separators, form
		// fields, markup and ASCII art (rows of their own when a corpus
		// cuts mail into lines or paragraphs) are not.
		{"three emoji", "😂🔥💯", []string{NonText}},
		{"emoji with variation selectors", "❤\ufe0f⭐❤\ufe0f🚀", []string{NonText}},
		{"two emoji", "👍🎉", nil},
		{"separator row", strings.Repeat("-", 60), nil},
		{"quoted separator row", "> > " + strings.Repeat("_", 47), nil},
		{"form field row", "EMAIL ADDRESS" + strings.Repeat("_", 40), nil},
		{"markup row", "</td></tr>", []string{Empty}}, // tags with no text: recall18.go's voidText (session 28)
		{"markup row with attributes", "<td width=10 bgcolor=\"#ffcc00\"></td></tr>", nil},
		{"ascii art row", `|_| \_| |_| |_|\_\|_| |_|\___/ \_/\_/   o     http://www.ntk.net/`, nil},
		{"dotted row", "                        - %  - %  - % - % -", nil},
		{"box drawing row", "└──┴──┘", []string{NonText}},
		{"symbol soup with ascii", "┌◄😂☆ WIN ►☆$$$ WIN ", []string{NonText}},
		{"one bullet and a separator", "• ----------------------", nil},
		// Homoglyphs of other scripts and styles.
		{"armenian o in a latin word", "gօogle account", []string{MixedScript}},
		{"cherokee capitals in a latin word", "ᎢᎬST your ᎪCCOUNT", []string{MixedScript}},
		{"fullwidth letter in a latin word", "payｐal login", []string{MixedScript}},
		{"mathematical bold word", "get 𝐟𝐫𝐞𝐞 money", []string{MixedScript}},
		{"mathematical variables", "let 𝑓(𝑥) = 𝑥 + 1", nil},
		{"fullwidth word in japanese", "ＰＣを買いました。ＯＫ", nil},
		// Invisible and bidi characters doing their job, and the same
		// characters splitting a Latin word.
		{"emoji zwj sequence", "our family 👨\u200d👩\u200d👧 and 🏳\ufe0f\u200d🌈 flags", nil},
		{"persian zwnj", "می\u200cخواهم کتاب", nil},
		{"devanagari zwj", "क\u094d\u200dष text", nil},
		{"zwj in a latin word", "pay\u200dpal login", []string{Invisible}},
		{"zwnj in a latin word", "pay\u200cpal login", []string{Invisible}},
		{"variation selector in a word", "pa\ufe01ypal login", []string{Invisible}},
		{"variation selector after emoji", "I ❤\ufe0f it ☺\ufe0e", nil},
		{"keycap", "press 1\ufe0f⃣ now", nil},
		{"ideographic variation selector", "葛\U000e0100城市", nil},
		{"rlm in hebrew", "שלום \u200f(2002)\u200f עולם", nil},
		{"lrm in a latin word", "pay\u200epal login", []string{Bidi}},
		{"rlo in hebrew", "שלום \u202egpj.exe", []string{Bidi}},
		// Carriage returns inside a line, and combining-mark stacks.
		{"carriage return overwriting a line", "transfer approved\rtransfer denied\nthanks", []string{Control}},
		{"carriage return before markup", "<B>Durex</B>\r</FONT>condoms\n<a href=x.php?e=1\r&pos=2>", nil},
		{"crlf line endings", "first line\r\nsecond line\r\n", nil},
		{"old mac line endings", "first line\rsecond line\rthird", nil},
		{"carriage returns before a line feed", "end of line\r\r\r\nnext", nil},
		{"zalgo word", "see t\u0338\u0321\u031b\u0334\u0322e\u0337\u0323\u0324\u0325\u0326x\u0327\u0328\u0329\u032a\u032bt here", []string{NonText}},
		{"vietnamese", "Vi\u1ec7t Nam, ti\u00ea\u0301ng Vi\u00ea\u0323\u0302t", nil},
		{"pointed hebrew", "\u05d1\u05bc\u05b0\u05bd\u05e8\u05b5\u05d0\u05e9\u05b4\u05c1\u05d9\u05ea", nil},
		// Debris of what the blob and replacement_char findings report.
		{"run of A inside base64", "attached:\n" + b64[:60] + strings.Repeat("A", 30) + b64[60:], []string{Blob}},
		{"run of A after base64", "attached:\n" + b64 + " " + strings.Repeat("A", 30), []string{Repeated, Blob}},
		{"control among replacement chars", "\ufffd\ufffd\u0082\u0742\ufffd text", []string{Replacement}},
		{"control far from a replacement char", "\ufffd" + strings.Repeat(" text", 4) + "\u0082 more", []string{Control, Replacement}},
		{"armenian text", "Բարեւ ձեզ", nil},
		{"no-break spaces between spaces", "Hi" + strings.Repeat("\u00a0 ", 150) + "there", []string{Repeated}},
		{"en to hair spaces mixed", "x" + strings.Repeat("\u2000\u2002\u2005\u2009\u200a\u202f", 20) + "y", []string{Repeated}},
		{"no-break spaces only", strings.Repeat("\u00a0", 500), []string{Repeated, Whitespace}},
		{"French no-break spaces", "Bonjour\u00a0! Le rendez-vous est confirm\u00e9\u00a0: mardi \u00e0 10\u00a0h. Prix\u00a0: 1\u202f000\u00a0\u20ac\u00a0; d'accord\u00a0? \u00ab\u00a0Oui\u00a0\u00bb", nil},
		{"HTML indent of no-break spaces", strings.Repeat("\u00a0", 12) + "Dear customer,\n" + strings.Repeat("\u00a0 ", 30) + "thank you", nil},
		// Session 13: mail structure the SpamAssassin controls still
		// flagged, and the evasions next to it that still are.
		{"mime boundary of zeros", "------" + strings.Repeat("0", 21) + "\nContent-Type: text/html;\n\n<body>", nil},
		{"zeros in obfuscated script", "var et=\n" + strings.Repeat("0", 37) + "364.0000=\n", nil},
		{"run of 100 zeros", "pad " + strings.Repeat("0", 100) + " end", []string{Repeated}},
		{"run of 20 letters still", "pad " + strings.Repeat("q", 20) + " end", []string{Repeated}},
		// Session 18: runs of a digit 1 to 9 and of a symbol from
		// runWordMin (runs.go); zeros and box drawing keep runOtherMin.
		{"run of 20 sevens", "call " + strings.Repeat("7", 20) + " now", []string{Repeated}},
		{"run of 44 nines in a word", "ord" + strings.Repeat("9", 44) + "er", []string{Repeated}},
		{"run of 19 sevens", "call " + strings.Repeat("7", 19) + " now", nil},
		{"run of 64 zeros", "pad " + strings.Repeat("0", 64) + " end", nil},
		{"run of 20 stars", prose + "deal " + strings.Repeat("★", 20) + " today", []string{Repeated}},
		{"run of 50 fire emoji", strings.Repeat("🔥", 50) + "\n" + prose, []string{Repeated}},
		{"run of 19 hearts", prose + "love " + strings.Repeat("❤", 19) + " you", nil},
		{"man page rule of box drawing", "NAME\n       " + strings.Repeat("─", 52) + "\n" + prose, nil},
		{"run of 60 full blocks", prose + "bar " + strings.Repeat("█", 60) + " 100%", nil},
		{"separator line between tags", prose + "<BR>\n" + strings.Repeat("-", 131) + "<BR>\n" + prose, nil},
		{"separator line after a tag", prose + "<hr><p>" + strings.Repeat("=", 120) + "</p>\n" + prose, nil},
		{"run of 120 after a word and a tag", prose + "buy<BR>" + strings.Repeat("-", 120) + "\n" + prose, []string{Repeated}},
		{"equals lines glue no base64", "http://www.ekathimerini.com/4dcgi/news/content.asp?aid=19644\n\n" + strings.Repeat("=", 64) + "\nEXHIBITIONS\n" + strings.Repeat("=", 64) + "\nTreasures from a Lost Civilization", nil},
		{"url tail before an equals line", "http://click.topica.com/caaavgIb1dcmWb2yXQNa/ChildrenInternational\n" + strings.Repeat("=", 60) + "\n", nil},
		{"base64 before an equals line", "attachment:\n" + b64 + "\n" + strings.Repeat("=", 60) + "\n", []string{Blob}},
		{"hex digits inside base64", "attachment:\n" + b64[:40] + strings.Repeat("d3", 40) + b64[40:], []string{Blob}},
		{"word field code", "Take a virtual tour of our hotel @ \x13 HYPERLINK \"http://www.radisson-chicago.com\" \x01\x14www.radisson-chicago.com\x15\n\x13 EMBED MS_ClipArt_Gallery.5  \x14\x01\x15\n", nil},
		{"control 0x14 in a url", "http://zaam.net\x01\x14\x14\x14.co.fr&#20;", []string{Control}},
		{"control 0x13 in a word", "pay\x13pal account", []string{Control}},
		{"arabic number sign among replacement chars", "\ufffd\ufffd\u0605^\ufffd text", []string{Replacement}},
		{"zero width space among replacement chars", "\ufffd\ufffdpay\u200bpal\ufffd text", []string{Invisible, Replacement}},
		{"word's line break before a line feed", "see the offer.<br>\v\npps- if you need more", nil},
		{"vertical tab in a word", "pay\vpal account", []string{Control}},
		{"curly quotes that lost their high bit", "known as the Union Sacree de, \nI\x11 opposition radicale\nto finalize the arm\x12s deal", nil},
		{"one control that could be a quote", "to finalize the arm\x12s deal", []string{Control}},
		{"stripped quotes next to another control", "arm\x12s and l\x11\x07opposition", []string{Control}},
		{"control in a word next to a replacement char", "all t\x08ime h\ufffdigh", []string{Control, Replacement}},
		{"escape in a word next to a replacement char", "F\ufffdri A\x1b[31mug 2", []string{Control, Replacement}},
		{"control between letters among replacement chars", "\ufffd\x1f\ufffdz\x1bm\ufffd\ufffd\x0c\ufffd", []string{Replacement}},
		{"control between replacement chars and letters", "\ufffd\ufffd\x11\u0871\x1a\ufffd Worldwide", []string{Replacement}},
		{"zeros of an attachment cut into a row", strings.Repeat(strings.Repeat("A", 76)+"\n", 3) + " " + strings.Repeat("A", 76) + "\nAAAA", nil},
		{"letter run on one long line", "pad " + strings.Repeat("A", 300) + " end", []string{Repeated}},
		{"letter run beside wrapped text", strings.Repeat("the meeting moved to Friday at ten in the usual room\n", 3) + "pad " + strings.Repeat("a", 40), []string{Repeated}},
		{"a line of an attachment", "AFQAaQB0AGUAbABzAGUAaQB0AGUAIAA2ADYAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAA", nil},
		{"a hex-only line of an attachment", strings.Repeat("d3", 38) + "\n", nil},
		{"letters alone in a row of 76", strings.Repeat("a", 76), []string{Repeated}},
		{"letters alone in a row of 75", strings.Repeat("a", 75), []string{Repeated}},
		{"a hash of 64 hex digits alone", "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a393f2a9c1d8e7b6a5f4e3d2c1b", []string{Blob}},
		{"utf-8 read as latin-1", "time [\u00e2\u0088\u0097\u00e2\u0088\u0097]", []string{Control, Mojibake}}, // session 18: not a control, mojibake (mojibake.go); session 21: C1 controls and mojibake (recall5.go)
		{"C1 control after a letter", "time a\u0088b", []string{Control}},
		{"accent overstruck on a letter", "six-five AP/wire-fl'\bechettes clips - Honor'\be de Balzac", nil},
		{"backspace between letters", "w\bord of the day, l\bl", []string{Control}},
		{"carriage return before a soft line break", "<p>the best price.\r=\n\nFew examples", nil},
		{"arabic number sign alone", "pay\u0605pal text", []string{Invisible}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found [numEvasionKinds]string
			checkText([]byte(tt.text), &found)
			got := foundKinds(found, -1)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("checkText(%q) = %v, want %v; evidence %q", tt.text, got, tt.want, found)
			}
		})
	}
}

// spacedHex returns n random-looking bytes in hex, two digits a byte,
// sep between bytes (a space between groups of two bytes when sep is ""),
// a line break every perLine bytes (0: none).
func spacedHex(n, perLine int, sep string, upper bool) string {
	var sb strings.Builder
	x := uint32(2463534242)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		if i > 0 {
			switch {
			case perLine > 0 && i%perLine == 0:
				sb.WriteByte('\n')
			case sep != "":
				sb.WriteString(sep)
			case i%2 == 0:
				sb.WriteByte(' ')
			}
		}
		f := "%02x"
		if upper {
			f = "%02X"
		}
		fmt.Fprintf(&sb, f, byte(x))
	}
	return sb.String()
}

func TestQuoteVisible(t *testing.T) {
	for in, want := range map[string]string{
		"pay\u200bpal": `"pay\u200bpal"`,
		"a\x00b\xffc":  `"a\u0000b\xffc"`,
		`say "hi"`:     `"say \"hi\""`,
		"abcdefghijk":  `"abcde…"`,
	} {
		if got := quoteVisible([]byte(in), 5+6*map[bool]int{true: 1}[in != "abcdefghijk"]); got != want {
			t.Errorf("quoteVisible(%q) = %s, want %s", in, got, want)
		}
	}
}

// FuzzCheckText checks that checkText, fast path and all, finds what the
// check of main ca915f5 found (refCheckText: the per-byte ASCII loop and
// the full check), evidence and all. And the checks never panic.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"plain text", strings.Repeat("a", 30), strings.Repeat("-", 120), "abc\x00", "p\u0430ypal",
		strings.Repeat("QUJDREVG", 20), strings.Repeat("0a", 40), "   ", "", "┌──┐",
		strings.Repeat("d3 da 8a 0f ", 20), strings.Repeat("4865 6c6c ", 20), `caf\udce9`, `\ud83d\udc80`, `\ud83d`,
		// Session 13's rules.
		"\x13 HYPERLINK \"x\" \x01\x14y\x15", "<BR>" + strings.Repeat("-", 120) + "<BR>\n", "arm\x12s I\x11 x\v\n'\be\r=\n",
		"Content-Transfer-Encoding: base64\n\n" + strings.Repeat(strings.Repeat("QUJD", 19)+"\n", 4) + "--b\n",
		strings.Repeat("QUJD", 19) + "\n", "\ufffd\u0605 \ufffda\x07b \u00e2\u0088\u0097", "aid=1\n\n=====\nABC",
		// Session 14: base64 runs that earlyB64 reads a byte at a time (earlyB64Exact).
		strings.Repeat("QUJDx9", 20) + strings.Repeat("A", 70) + "\nZm9v1\n", strings.Repeat("QUJDx9", 20) + "\n" + strings.Repeat("d3\n", 20) + "Zm9v",
		"4865 6c6c " + strings.Repeat("QUJDx9", 20) + strings.Repeat("0a1B", 20) + "\nZ",
		// Session 17: repeated words and phrases (phrase.go), at and under
		// phraseMinBytes, after bytes that stop the kernel.
		strings.Repeat("free ", 116), "a\\b " + strings.Repeat("click here now! ", 36) + "é", "x\r" + strings.Repeat("casino\n", 82), strings.Repeat("free ", 115),
		// Session 16's rules (recall_test.go).
		"a" + strings.Repeat(" ", 300) + "b", "é" + strings.Repeat("\n", 520), strings.Repeat("\t", 70) + "x" + strings.Repeat("\t", 260),
		"It\u0092s \u0093so\u0094\u0085 a\u0096b", "\ufe0fx y \ufe0f", "¾÷¡þ\u00adP³Óª", latin1Binary(50),
		// Session 16, second pass: look-alike words, \x dumps.
		"pay \u0440\u0430\u0443 now", "\u0421\u041e\u0420\u0423 \u0434 x", "ab \u03a4\u0399\u039c\u0395\ufffd",
		"x " + xEsc(33, 1) + " y", `\x4f\x3` + xEsc(31, 2) + `\xé`, "b'" + xEsc(40, 4) + "'",
		// Session 17 (recall_test.go): line breaks mixed, blocks of
		// symbols, fullwidth words, joiners and embeddings by
		// right-to-left letters, rows without a letter or digit.
		"a" + strings.Repeat("\r\n", 260) + "b", "é\n\r" + strings.Repeat("\n\r\n", 171) + "ü",
		"hi " + emojiBlock(33) + " x", "\u2554" + strings.Repeat("\u2550", 40) + "\u2557", "\u2776 \u2702 \u2777 \u2704 \u2778 \u2706 \u2779 \u2708",
		"send \uff46\uff52\uff45\uff45 now", "\uff30\uff23\u3092", "\u0627 \u202a--x\u202c \u062d", "\u0647\u200c\u200c\u0627 a\u200cb",
		"!#$%&()*+<>?@^~", strings.Repeat("\u25c6\u25c7", 20), strings.Repeat("-=", 9), "\ue001\ue0a2\uf877\ue001\ue0a2\uf877\ue001\ue0a2", rawBinary(60),
		// Session 17: separated hex (sephex_test.go).
		"k: " + sepHex(48, 1, "", ":") + " e", "{" + sepHex(50, 2, "0x", ", ") + "}", sepHex(49, 3, "0x", " ") + "é",
		sepHex(30, 4, "", "-") + "," + sepHex(30, 5, "", ","), strings.Repeat("2002-08-22 10:30:00 ", 12),
		// Session 18: mojibake (mojibake_test.go), runs of digits and symbols (runs.go).
		"don\u00e2\u20ac\u2122t caf\u00c3\u00a9", "Gru\u00df\u201c \u00c3", "\u00c3\u00a9" + strings.Repeat("\u00c3\u00a9", 40) + "x\u00f0\u0178\u02dc\u20ac",
		"n" + strings.Repeat("7", 20) + "x", strings.Repeat("\u2605", 21), "a" + strings.Repeat("\u2500", 30),
		// Session 18 (blobs_test.go): base32, runs of escapes, uuencode.
		"x " + strings.Repeat("MFRGGZDFMZTWQ2LK", 7) + "====", "é" + strings.Repeat("=D0=9F, ", 20) + "\\", strings.Repeat("%E5%85", 23) + "`",
		"a\n" + uuencode(payload(100, 1)) + "\n", uuencode(payload(60, 2))[19:], strings.Repeat("=C0=BA =B8=\n", 13),
		"a " + a85With(110, '\\') + " b", a85With(101, '`'),
		// Session 19: base32 glued to the text after it, data URIs and
		// base64url (datauri.go, b64url.go; checked with dataURIs and
		// b64urls on and off).
		strings.Repeat("MFRGGZDFMZTWQ2LK", 7) + "MFRGGZA=From: x", strings.Repeat("MFRGGZDFMZTWQ2LK", 7) + "\nThe end",
		`<img src="data:image/png;base64,` + strings.Repeat("QUJDx9", 8) + `=">`, "x;BASE64," + strings.Repeat("QUJDx9", 16) + "é",
		"r?d=" + strings.Repeat("aB3xYzQ-", 17) + " y", "é" + strings.Repeat("Zm9v_YmFy", 15) + `\`, strings.Repeat("aB3x", 30) + "-" + strings.Repeat("QUJDx9", 20) + "+",
		// Session 19 (styled_test.go): styled letters.
		"a ꜰʀᴇᴇ b", "ⓦⓘⓝ!", "🅵️🆁️🅴️", "/bɪɢ/ ʟɪɴ",
		// Session 22 (recall6_test.go): escapes of format characters and
		// of letters, entities of controls and look-alikes, U+2800, a
		// lone ZWJ, base32 after a line of other characters.
		`Cl\u200bick`, `x\u202E\u0043\u006c\u0069\u0063\u006b\`, "p&#1072;ypal &#x1b;[0m&#0", "a\u2800b \u28ff\u2800", "\u200d", "\U0001F600\u200d",
		"EW/0.82\n" + strings.Repeat("MFRGGZDFMZTWQ2LK", 7) + "\nx",
		// Session 23 (recall7_test.go): U+FFFD as an entity or escape,
		// text and words as entities, wrapped Ascii85, octal escapes, a
		// BOM alone.
		"Caf&#65533; x\\uFFFD", entFreeMoney, "w" + entMailtoText + "y", "V&#105;agra &#86;&#105;&#97;&#103;", "x\n" + a85Wrapped76 + "\n", qpBig5,
		`\126\151\141\147`, "fr\u180bee " + strings.Repeat("\u00a0", 50), "\ufeff", "\ufeff \n"} {
		f.Add(s)
	}
	// Session 19 (handback_test.go): plain controls, base64 bodies the
	// full check hands back inside.
	for _, s := range plainControlTexts() {
		f.Add(s)
	}
	b64a, b64b := handBackTexts()
	f.Add(b64a)
	f.Add(b64b)
	// Session 27 (recall12_test.go): marks on every letter, letterlike
	// symbols, the dotless ı, a styled letter inside a word.
	for _, c := range recall12Cases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer func(u, b bool) { dataURIs, b64urls = u, b }(dataURIs, b64urls)
		for _, on := range []bool{false, true} {
			dataURIs, b64urls = on, on
			var want [numEvasionKinds]string
			refCheckText([]byte(s), &want)
			for _, path := range chunkPaths() {
				if on && path.Name == "kernel" && !(dataURIKernel && b64urlKernel) {
					continue // the kernel does not stop at ";base64," nor at chunks of base64url yet (datauri.go, b64url.go)
				}
				var got [numEvasionKinds]string
				restore := path.Use()
				checkText([]byte(s), &got)
				restore()
				if got != want {
					t.Errorf("checkText(%q) with %s, dataURIs and b64urls %v = %q, want %q", s, path.Name, on, got, want)
				}
			}
		}
	})
}

// TestCheckTextAllocs: a text that falls in no category costs no
// allocation, on the ASCII path and on the full one; evidence is
// formatted only for a text flagged.
func TestCheckTextAllocs(t *testing.T) {
	for name, text := range map[string]string{
		"ascii":       strings.Repeat("Hi all, the meeting moved to Friday 3f2a9c1d at ten. \\u00e9 ", 40),
		"non-ASCII":   strings.Repeat("Bonjour\u00a0! R\u00e9union confirm\u00e9e\u00a0: mardi \u00e0 10\u00a0h, 東京. ", 40),
		"hex in text": strings.Repeat("ab 12 cd 34 the end ", 40),
	} {
		t.Run(name, func(t *testing.T) {
			var found [numEvasionKinds]string
			b := []byte(text)
			if n := testing.AllocsPerRun(10, func() { checkText(b, &found) }); n != 0 {
				t.Errorf("checkText(%q...) allocs = %v, want 0; found %q", text[:20], n, found)
			}
		})
	}
}

// TestEncodedAttachment: a base64 blob a MIME header declares is an
// encoded_attachment finding, outside the cleaning_evasions counts; the
// same blob undeclared (its header in another row, or none) is an
// encoded_blob.
// TestBlobAfterDeclared: the evidence of a blob found after a declared
// part points at the blob, so its excerpt shows it.
func TestBlobAfterDeclared(t *testing.T) {
	b64 := strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl\n", 4)
	hex := strings.Repeat("0c1e48f7ab", 8)
	text := "Content-Transfer-Encoding: base64\n\n" + b64 + "\nThanks, bob. token " + hex + " end"
	var found [numEvasionKinds]string
	checkText([]byte(text), &found)
	if got, want := finding.ByteOffset(found[iBlob]), strings.Index(text, hex); got != want {
		t.Errorf("checkText(%q) blob evidence %q at byte %d, want %d", text, found[iBlob], got, want)
	}
}

func TestEncodedAttachment(t *testing.T) {
	b64 := strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl\n", 4)
	// Lines of base64 of binary, 48 and 76 wide: what b64Fragment and
	// b64Lead take for an attachment cut from its mail; base64 of a text
	// (b64) is an encoded_blob there (recall41.go).
	bin48 := strings.Repeat(base64.StdEncoding.EncodeToString(payload(36, 11))+"\n", 4)
	bin76 := base64.StdEncoding.EncodeToString(payload(57, 12))
	tests := []struct {
		name, text string
		kind, sub  string
	}{
		{"declared", "Content-Type: image/gif\nContent-Transfer-Encoding: base64\nContent-Disposition: inline\n\n" + b64, finding.KindEncodedAttachment, ""},
		{"declared, the run starting at base64", "Content-Transfer-Encoding:base64\n\n" + b64, finding.KindEncodedAttachment, ""},
		{"header in another row", "see the picture I took on our trip to the lake\n\n" + b64, finding.KindCleaningEvasion, Blob},
		{"quoted-printable part", "Content-Transfer-Encoding: quoted-printable\n\n" + b64, finding.KindCleaningEvasion, Blob},
		{"a fragment of an attachment", bin48 + bin48 + bin48 + "\n------=_NextPart_000_0001_01C2\n", finding.KindEncodedAttachment, ""},
		{"a fragment of a text part", b64 + b64 + b64 + "\n------=_NextPart_000_0001_01C2\n", finding.KindCleaningEvasion, Blob},
		{"a text encoded whole on one line", strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl", 12), finding.KindCleaningEvasion, Blob},
		{"a text encoded whole, lines of mixed lengths", strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl\nTWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBlTWFueSBoYW5kcyBtYWtl\n", 4), finding.KindCleaningEvasion, Blob},
		{"a fragment wrapped at 76, one line edited", strings.Repeat(bin76+"\n", 5) + bin76[:30] + "zzz" + bin76[30:] + "\n" + bin76[:4] + "\n", finding.KindEncodedAttachment, ""},
		{"base64 in a short sentence", "here it is: " + b64 + " as you asked, see you soon", finding.KindCleaningEvasion, Blob},
		{"base64 opening a row, a list footer after", bin48 + bin48 + "\n\n-------------------------------------------------------\nThis sf.net email is sponsored by: ThinkGeek\nWelcome to geek heaven.\nhttp://thinkgeek.com/sf\n", finding.KindEncodedAttachment, ""},
		{"base64 opening a row, a hex dump after", b64 + b64 + "\nthe dump:\n" + spacedHex(48, 16, " ", false) + "\nend", finding.KindCleaningEvasion, Blob},
		{"base64 opening a row, a declared part after", bin48 + bin48 + "\n------=_NextPart_000\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n------=_NextPart_000--\n", finding.KindEncodedAttachment, ""},
		{"base64 opening a row, two lines only", strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBlTWFueSBoYW5kcyBtYWtlIGxpZ2h0\n", 2) + "see the mail below for the rest of it and reply soon", finding.KindCleaningEvasion, Blob},
		{"base64 body after a long header block", "Received: from x\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n" + strings.Repeat("Received: from relay.example.com by mx.example.org with SMTP\nReceived: from mx.example.org by relay.example.com with ESMTP\n", 6) + "Date: Mon, 16 Sep 2002 09:38:36 -0400\n\n" + b64, finding.KindEncodedAttachment, ""},
		{"base64 after a header block without the header", "Received: from x\nContent-Type: text/html\n" + strings.Repeat("Received: from relay.example.com by mx.example.org with SMTP\nReceived: from mx.example.org by relay.example.com with ESMTP\n", 6) + "Date: Mon, 16 Sep 2002 09:38:36 -0400\n\n" + b64, finding.KindCleaningEvasion, Blob},
		{"base64 in a paragraph after a declared block", "Content-Transfer-Encoding: base64\n\n" + strings.Repeat("Plain words of a mail body go on here. ", 20) + "\n\n" + b64, finding.KindCleaningEvasion, Blob},
		{"hex digits inside a declared attachment", "Content-Transfer-Encoding: base64\n\n" + b64 + strings.Repeat("d3", 38) + "\n" + b64, finding.KindEncodedAttachment, ""},
		{"header far before", "Content-Transfer-Encoding: base64\n\n" + strings.Repeat("Plain words of a mail body go on here. ", 20) + b64, finding.KindCleaningEvasion, Blob},
		// A blob after a declared part is not hidden by it (the blob slot
		// keeps one evidence; blobAfter looks past the part).
		{"declared, a hex string after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\nThanks, bob. token " + strings.Repeat("0c1e48f7ab", 8) + " end", finding.KindCleaningEvasion, Blob},
		{"declared, a hex dump after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\nthe dump:\n" + spacedHex(48, 16, " ", false) + "\nend", finding.KindCleaningEvasion, Blob},
		{"declared, a declared part after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n------=_NextPart_000\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n------=_NextPart_000--\n", finding.KindEncodedAttachment, ""},
		{"declared, a boundary of zeros after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n------" + strings.Repeat("0", 63) + "\nContent-Type: text/plain\n\nbye\n", finding.KindEncodedAttachment, ""},
		{"declared, part numbers after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n(ZEXEL)\n146400-8821\n1 468 333 320\n1 468 333 323\n1 468 334 313\n1 468 334 327\n1 468 335 301\n1 468 335 30E\n", finding.KindEncodedAttachment, ""},
		{"declared, words after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\nThanks, bob. See you at 10:30 on Monday, room 4B.\n", finding.KindEncodedAttachment, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := fixtures.Batch(t, []fixtures.Row{{Text: tt.text}}, 1)
			defer b.Record.Release()
			c := NewChecker(10)
			if err := c.Add(b); err != nil {
				t.Fatal(err)
			}
			counts, fs, _ := c.Result([]string{"x.jsonl"})
			if len(fs) != 1 || fs[0].Kind != tt.kind || fs[0].Subkind != tt.sub {
				t.Fatalf("Result(%q) = %+v, want one %s/%s", tt.text, fs, tt.kind, tt.sub)
			}
			if tt.kind == finding.KindEncodedAttachment && (counts[Blob] != 0 || counts[Attachment] != 1) {
				t.Errorf("Result(%q) counts = %v, want encoded_attachment 1 and no encoded_blob", tt.text, counts)
			}
		})
	}
}

// longMail is n sentences of a clean mail, each other than the one before
// (a sentence repeated 20 times over 1,152 bytes is a repeated_run:
// recall24long.go).
func longMail(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "The meeting of week %d is moved to Friday. ", i+1)
	}
	return sb.String()
}
