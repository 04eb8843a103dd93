package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// Session 16 (s16-recall): what benchmarks/evplant.py, a planter written
// apart from mkevasions, found missed or over-flagged on the SpamAssassin
// mails parsed as mail (bodies decoded with their declared charset) and
// the common licenses.

// latin1Binary is n bytes of a fixed pseudo-random stream, white space
// and soft hyphens left out, decoded as Latin-1 (each byte its code point): a binary file
// read as text.
func latin1Binary(n int) string {
	var sb strings.Builder
	x := uint32(2463534242)
	for n > 0 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		c := byte(x)
		if c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' || c == 0xAD {
			continue
		}
		sb.WriteRune(rune(c))
		n--
	}
	return sb.String()
}

// recallCases are texts of each new rule, both ways.
var recallCases = []struct {
	name string
	text string
	want []string // categories, in evasionKinds order
}{
	// Repeated words and phrases (phrase.go): words of letters, at
	// least phraseMinReps times and phraseMinBytes bytes.
	{"word repeated", "Hello, " + strings.Repeat("free ", 120) + "bye", []string{Repeated}},
	{"word and comma repeated", strings.Repeat("viagra, ", 80), []string{Repeated}},
	{"word and line feed repeated", "x\n" + strings.Repeat("casino\n", 90), []string{Repeated}},
	{"phrase repeated", strings.Repeat("click here now! ", 40), []string{Repeated}},
	{"three words repeated", "Dear friend, " + strings.Repeat("best price guaranteed. ", 30) + "Regards", []string{Repeated}},
	{"word repeated too little", strings.Repeat("free ", 19) + "free", nil},
	{"short word repeated under phraseMinBytes", strings.Repeat("win ", 79), nil}, // 316 bytes (320; 576 before session 32)
	{"four words repeated", strings.Repeat("a b c d ", 80), nil},
	{"html repeated", strings.Repeat("&nbsp; ", 100), []string{"whitespace_only"}}, // no-break spaces alone: recall18.go's voidText (session 28)
	{"html repeated in a text", "Hi " + strings.Repeat("&nbsp; ", 100), nil},
	{"tags repeated", strings.Repeat("</FONT> ", 100), []string{"repeated_run", "empty_text"}},   // markup without text from padMinBytes (recall8.go); tags alone: voidText
	{"tags repeated, under padMinBytes", strings.Repeat("</FONT> ", 39), []string{"empty_text"}}, // 312 bytes (320; 576 before session 32)
	{"tags repeated in a text, under padMinBytes", "Hi " + strings.Repeat("</FONT> ", 39), nil},
	{"percent codes repeated", strings.Repeat("%31%30 ", 100), nil},
	{"digits repeated", strings.Repeat("12 ", 200), nil},
	// Windows-1252 punctuation decoded as Latin-1 (cp1252Punct): no
	// control_char where the mark goes, but mojibake (session 32,
	// recall38.go); a C1 control elsewhere is still an evasion.
	{"cp1252 apostrophe", "It\u0092s the world\u0092s largest, we\u0092ll see, they\u0092re in.", []string{Mojibake}},
	{"cp1252 possessive plural", "the associates\u0092 existing products", []string{Mojibake}},
	{"cp1252 quotes", "he said \u0093remove me\u0094 twice", []string{Mojibake}},
	{"cp1252 ellipsis", "You Are Next\u0085 Why Not You?", []string{Mojibake}},
	{"cp1252 dashes", "Mac-Shop \u0096 Cyberdesign, 1990\u00962000 and all \u0097 done", []string{Mojibake}},
	{"cp1252 bullet", "<td>\n\u0095 Debt Consolidation\n\u0095\tLow rates", []string{Mojibake}},
	{"cp1252 trade mark", "the Bluetooth\u0099-enabled SkillMap\u0099 tool", []string{Mojibake}},
	{"cp1252 euro", "only \u008099 or 5\u0080 a month, <b>\u0080</b>", []string{Mojibake}},
	{"C1 inside a word", "pay\u0092pal account", []string{Control}},
	{"C1 apostrophe not a contraction", "It\u0092xs fine", []string{Control}},
	{"C1 opening quote after a letter", "word\u0093 next", []string{Control}},
	{"C1 at the start", "\u0085hello there", []string{Control}},
	{"C1 at the end", "hello there\u0092", []string{Control}},
	{"C1 bullet after a letter", "word\u0095 next", []string{Control}},
	{"C1 euro between letters", "ab\u0080cd", []string{Control}},
	{"C1 dash between letters", "ab\u0096cd", []string{Control}},
	{"CSI is not punctuation", "red \u009b31m text", []string{Control}},
	// Soft hyphen between two Latin-1 letters of GB2312 or Big5 mail
	// read as Latin-1 (latin1SoftHyphen).
	{"soft hyphen in Latin-1 mojibake", "·µÄ¾\u00adÑé, ×÷Îª½ÏÔç", nil},
	{"soft hyphen in Big5 read as Latin-1", "H¥u¶·\u00adt¾á¬¡°", nil},
	{"soft hyphen opening Big5 read as Latin-1", "t value=\u00ad«·s³]©w name", nil},
	{"soft hyphen after ASCII", "caf\u00adé", []string{Invisible}},
	{"soft hyphen in an accented word", "élè\u00adve à l'école", []string{Invisible}},
	{"soft hyphen before ASCII", "é\u00adt", []string{Invisible}},
	// Binary read as Latin-1: non_text by its controls (binaryEvidence).
	{"binary as Latin-1", latin1Binary(200), []string{Control, NonText}},
	{"short binary as Latin-1", latin1Binary(40), []string{Control, NonText}},
	{"a few controls in prose", "abc\x01def ghi jkl mno pqr\x02stu vwx\x03yz and more words here", []string{Control}},
	// A variation selector with no character to select (selectorInWord).
	{"selector at the start", "\ufe0fFrom the list", []string{Invisible}},
	{"selector after white space", "the end \ufe0f", []string{Invisible}},
	{"selector after a line break", "line\n\ufe0f", []string{Invisible}},
	{"selector after an emoji", "nice \u2764\ufe0f work", nil},
	{"keycap", "press 1\ufe0f\u20e3 now", nil},
	// Runs of one ASCII white-space byte (runSpaceMin, runBreakMin).
	{"spaces 256", "hello" + strings.Repeat(" ", 256) + "world", []string{Repeated}},
	{"spaces 200", "hello" + strings.Repeat(" ", 200) + "world", []string{Repeated}}, // session 18: runSpaceMin 256 to 200
	{"tabs 220 at the end", "hello world" + strings.Repeat("\t", 220), []string{Repeated}},
	{"spaces 199", "hello" + strings.Repeat(" ", 199) + "world", nil},
	{"spaces 166, a mail's indent", "hello" + strings.Repeat(" ", 166) + "world", nil},
	{"spaces 3000 at the end", "hello world" + strings.Repeat(" ", 3000), []string{Repeated}},
	{"spaces 3000 at the start", strings.Repeat(" ", 3000) + "hello world", []string{Repeated}},
	{"tabs 300", "hello" + strings.Repeat("\t", 300) + "world", []string{Repeated}},
	{"line feeds 512", "hello" + strings.Repeat("\n", 512) + "world", []string{Repeated}},
	{"line feeds 199", "hello" + strings.Repeat("\n", 199) + "world", nil},
	{"carriage returns 600", "hello" + strings.Repeat("\r", 600) + "world", []string{Repeated}}, // no line feed: not bareCR
	{"CRLF 600", "hello" + strings.Repeat("\r\n", 600) + "world", []string{Repeated}},           // session 17: line breaks mixed (breakRunEvidence)
	{"CRLF 100", "hello" + strings.Repeat("\r\n", 100) + "world", []string{Repeated}},
	{"CRLF 99", "hello" + strings.Repeat("\r\n", 99) + "world", nil},
	{"CRLF 300 and LF 200", "hello" + strings.Repeat("\r\n", 300) + strings.Repeat("\n", 200) + "world", []string{Repeated}},
	{"CRLF runs split by a space", "hello" + strings.Repeat("\r\n", 99) + " " + strings.Repeat("\r\n", 99) + "world", []string{Repeated}}, // session 27: blank lines with a stray space (wsmix.go)
	{"CRLF runs split by a letter", "hello" + strings.Repeat("\r\n", 99) + "x" + strings.Repeat("\r\n", 99) + "world", nil},
	{"CRLF runs split by 4 spaces", "hello" + strings.Repeat("\r\n", 99) + "    " + strings.Repeat("\r\n", 99) + "world", nil},
	{"CRLF and LF 600 after non-ASCII", "h\u00e9llo" + strings.Repeat("\r\n\r\n\n", 120) + "w\u00f6rld", []string{Repeated}},
	{"spaces and line feeds", "hello" + strings.Repeat("      \n", 200) + "world", nil},
	{"spaces after non-ASCII", "héllo" + strings.Repeat(" ", 300) + "wörld", []string{Repeated}},
	// A word all of whose letters are Cyrillic or Greek look-alikes in
	// Latin text (lookalikeWord): "рау" for "pay".
	{"cyrillic look-alike word", "Please \u0440\u0430\u0443 the invoice today.", []string{MixedScript}},
	{"cyrillic look-alike capitals", "\u0421\u041e\u0420\u0423 THIS NOW", []string{MixedScript}},
	{"greek look-alike capitals", "A BIG \u03a4\u0399\u039c\u0395 to buy", []string{MixedScript}},
	{"look-alike word at the end", "you must \u0440\u0430\u0443", []string{MixedScript}},
	{"russian text", "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? see you", nil},
	{"russian word after the look-alike one", "price \u0441\u043e\u0440 in \u0434\u043e\u043c", nil},
	{"two look-alike letters", "the \u0440\u0430 of it", nil},
	{"a greek letter alone", "the frequency \u03bd of the wave", nil},
	{"look-alike word without latin", "\u0440\u0430\u0443 \u0441\u043e\u0440", nil},
	{"look-alike word by a replacement char", "\ufffd\u0420\u0410\u0423 text here", []string{Replacement}},
	{"look-alike word with a mark", "pay \u0440\u0430\u0443\u0301 now", nil},
	// Bytes written as \x escapes (xDump): a shellcode string or a
	// Python bytes repr of xDumpMin bytes or more, digits and letters.
	{"x escapes 48 bytes", "run this: " + xEsc(48, 7) + " and see", []string{Blob}},
	{"python bytes repr", "data = b'" + xEsc(40, 3) + "'\n", []string{Blob}},
	{"x escapes at the start", xEsc(32, 5) + "\nhello", []string{Blob}},
	{"x escapes 31 bytes", "run this: " + xEsc(31, 7) + " and see", nil},
	{"x escapes of digits only", "nop sled " + strings.Repeat("\\x90", 64), nil},
	{"x escapes split by a letter", "a " + xEsc(20, 1) + "q" + xEsc(20, 2) + " b", nil},
	{"ansi escapes written out", "printf(\"\\x1b[31mred\\x1b[0m\")", nil},
	{"x escape before non-ASCII", "caf\\x\u00e9 and \\xa\u00e9 " + xEsc(40, 9) + "\\x\u00e9\\xf\u00e9", []string{Blob}},

	// Session 17 (benchmarks/evplant3.py, gettext translations as the
	// clean control): embeddings and isolates in right-to-left text
	// (plainBidiMark), ZWNJ by a Persian letter (plainJoiner).
	{"LRE around an option in Arabic", "\u0627\u062e\u062a\u064a\u0627\u0631 \u202a--gdk-debug\u202c \u062d\u062f\u062b \u062e\u0637\u0623", nil},
	{"RLE starting a Hebrew line", "\u05e9\u05d2\u05d9\u05d0\u05d4:\n\u202b\u05dc\u05d0 \u05e0\u05d9\u05ea\u05df %s", nil},
	{"isolate in Persian", "\u0628\u0631\u0627\u06cc \u2066GDI+\u2069 \u0645\u0642\u062f\u0627\u0631", nil},
	{"override in Arabic", "\u0627\u062e\u062a\u064a\u0627\u0631 \u202egpj.exe\u202c \u062d\u062f\u062b", []string{Bidi}},
	{"LRE in Latin text", "please \u202apay\u202c now, the invoice is due", []string{Bidi}},
	{"isolate in Latin text", "please \u2067pay\u2069 now, the invoice is due", []string{Bidi}},
	{"double ZWNJ in Persian", "\u0645\u062c\u0645\u0648\u0639\u0647\u200c\u200c\u0627\u06cc \u06a9\u0647", nil},
	{"ZWNJ at a Persian line end", "\u062c\u0627\u0628\u0647\u200c\nDate: today", nil},
	{"ZWNJ after an Arabic comma", "\u062d\u0627\u0641\u0638\u0647\u060c\u200c \u0628\u0633\u062a\u0646", nil},
	{"ZWNJ after a space before Arabic", "\u0648 \u062f\u064a \u200c\u06a4\u064a", nil},
	{"ZWNJ in a Latin word", "pay\u200cpal account", []string{Invisible}},
	{"ZWNJ between Latin words", "your account \u200c has been locked", []string{Invisible}},
	{"ZWNJ in Latin by Persian", "\u0645\u062c\u0645\u0648\u0639\u0647 the pay\u200cpal account", []string{Invisible}},
	// Words in fullwidth Latin letters (fullwidthWord).
	{"fullwidth word in English", "please send the \uff46\uff52\uff45\uff45 money today", []string{MixedScript}},
	{"fullwidth capitals in English", "\uff21\uff23\uff23\uff2f\uff35\uff2e\uff34 locked, verify now", []string{MixedScript}},
	{"fullwidth abbreviation in Japanese", "\uff30\uff23\uff2f\uff33\u3092\u518d\u8d77\u52d5\u3057\u3066\u304f\u3060\u3055\u3044", nil},
	{"fullwidth word with Chinese later", "send \uff46\uff52\uff45\uff45 money " + strings.Repeat("text of the mail ", 12) + "\u4e2d\u6587", nil},
	{"two fullwidth letters", "the \uff30\uff23 is on", nil},
	// Rows with no letter or digit (nonTextEvidence), private-use
	// characters as symbols, raw bytes that are not UTF-8 as binary
	// (binaryEvidence).
	{"ASCII punctuation only", "!#$%&()*+,-./:;<=>?@[]^_`{|}~!#$%&()*+,-./:;<=>?@[]^_`{|}~", []string{NonText}},
	{"ASCII punctuation, 7", "!#$%&*+", nil},
	{"spaced symbols", strings.TrimSpace(strings.Repeat("\u2702 \u2704 \u2706 \u2708 ", 40)), []string{NonText}},
	{"symbols, half white space", strings.Repeat("\u2702 \u2704 \u2706 \u2708 ", 40), nil}, // the tally's share: not read again
	{"spaced symbols with a word", "sale " + strings.Repeat("\u2702 \u2704 ", 40), nil},
	{"private use", strings.Repeat("\ue001\ue0a2\uf877", 40), []string{NonText}},
	{"private use in prose", "an icon \uf0b7 in a line of ordinary words, written by a word processor", nil},
	{"raw binary", rawBinary(300), []string{Control, NonText}},
	{"dingbat digits", strings.TrimSpace(strings.Repeat("\u2776 \u2702 \u2777 \u2704 ", 30)), []string{NonText}},
	{"circled digits in a list", "\u2460 first item of the list\n\u2461 second item\n\u2462 third item, and the rest", nil},
	// Blocks of symbols in text (symBlock).
	{"emoji block after a mail", "Hello Bob,\nthe meeting moved to Friday at ten in the usual room. See you there.\n\n" + emojiBlock(40), []string{NonText}},
	{"emoji block of 31", "Hello Bob,\nthe meeting moved to Friday at ten in the usual room. See you there.\n\n" + emojiBlock(31), nil},
	{"emoji block in Chinese", "\u4f1a\u8bae\u6539\u5230\u661f\u671f\u4e94" + emojiBlock(64) + "\u4f1a\u8bae\u6539\u5230\u661f\u671f\u4e94\u4f1a\u8bae\u6539\u5230\u661f\u671f\u4e94" + strings.Repeat("\u4f1a\u8bae", 80), []string{NonText}},
	{"emoji with selectors and joiners", "news: " + strings.Repeat("\u2764\ufe0f\U0001F468\u200d\U0001F469\U0001F525", 12) + " and " + strings.Repeat("words of the text ", 30), []string{NonText}},
	{"box-drawing frame", "text before\n\u2554" + strings.Repeat("\u2550", 70) + "\u2557\n\u2551 a framed line of words, centred in its box, as newsletters have it \u2551\n\u255a" + strings.Repeat("\u2550", 70) + "\u255d\ntext after " + strings.Repeat("and some more words ", 20), nil},
	{"alternating separator in Japanese", "\u304a\u77e5\u3089\u305b\n" + strings.Repeat("\u25c6\u25c7", 20) + "\n\u4eca\u6708\u306e\u65b0\u5546\u54c1\u306f\u3053\u3061\u3089\u3067\u3059\u3002" + strings.Repeat("\u65b0\u5546\u54c1", 30), nil},
	{"three symbols alternating", "Hello " + strings.Repeat("\u2606\u2605\u2729", 14) + strings.Repeat(" and some more words", 30), nil},
	{"alternating ASCII separator row", strings.Repeat("-=", 30), nil},
	{"emoji separated by spaces", "Hello " + strings.Repeat("\U0001F600 \U0001F525 ", 30) + strings.Repeat("and some more words ", 30), nil},
	{"emoji block split by a letter", "Hello " + emojiBlock(20) + "x" + emojiBlock(20) + strings.Repeat(" and some more words", 30), nil},
	{"Latin-1 prose with a control", "caf\xe9 cr\xe8me br\xfbl\xe9e for the d\xeener, \x01 and the rest of the words of a longer message here", []string{Control}},
}

// emojiBlock is n emoji in a row, ten different ones in turn.
func emojiBlock(n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteRune(0x1F600 + rune(i*7%10))
	}
	return sb.String()
}

// rawBinary is n bytes of a fixed pseudo-random stream, as they are:
// most bytes from 0x80 on are not UTF-8.
func rawBinary(n int) string {
	b := make([]byte, n)
	x := uint32(88172645)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x >> 7)
	}
	return string(b)
}

// xEsc is n bytes written as \x escapes, hex digits and letters.
func xEsc(n, seed int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "\\x%02x", (i*37+seed*11+0xa3)&0xff)
	}
	return sb.String()
}

// TestRecallRules checks the rules session 16 added against texts of
// each, and the reference check against the same.
func TestRecallRules(t *testing.T) {
	for _, tt := range recallCases {
		t.Run(tt.name, func(t *testing.T) {
			for name, check := range map[string]func([]byte, *[numEvasionKinds]string){"checkText": checkText, "refCheckText": refCheckText} {
				var found [numEvasionKinds]string
				check([]byte(tt.text), &found)
				got := foundKinds(found, -1)
				if strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Errorf("%s(%q) = %v, want %v; evidence %q", name, tt.text, got, tt.want, found)
				}
			}
		})
	}
}

// recallTexts are the cases above placed at the start, the middle and
// the end of prose and of a base64 or hex neighbourhood, for
// TestCheckTextFastPath: the fast scan must give up on each as the full
// check reads it.
func recallTexts() [][]byte {
	prose := "The meeting moved to Friday at ten, in the usual room.\n"
	var out [][]byte
	for _, c := range recallCases {
		for _, ctx := range []string{prose, strings.Repeat("A", 30) + " ", "QUJD+/" + strings.Repeat("x9", 40) + "\n"} {
			out = append(out, []byte(c.text), []byte(ctx+c.text), []byte(c.text+ctx), []byte(ctx+c.text+ctx))
		}
	}
	return out
}

// TestScanWhiteSpaceRuns checks that the fast scan (every path: the
// kernel stops at eight bytes of one white-space byte too) gives up on a
// run of runSpaceMin spaces or runBreakMin line feeds wherever it starts,
// and takes shorter ones itself.
func TestScanWhiteSpaceRuns(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for pad := range 70 {
				for _, tt := range []struct {
					run  string
					n    int
					full bool
				}{{" ", runSpaceMin, true}, {" ", runSpaceMin - 1, false}, {"\n", runBreakMin, true}, {"\n", runBreakMin - 1, false}, {"\t", 40, false}, {"\r\n", runBreakMin / 2, true}, {"\r\n", runBreakMin/2 - 1, false}, {"\n\r\n", 180, true}} {
					tx := []byte(strings.Repeat("word.", 30)[:pad] + strings.Repeat(tt.run, tt.n) + strings.Repeat("after ", 30))
					var found [numEvasionKinds]string
					s := scan{tally: tally{allSpace: true}}
					if g, _ := s.run(tx, 0, &found); (g != len(tx)) != tt.full {
						t.Errorf("pad %d, %d of %q: scan.run gives up = %v, want %v", pad, tt.n, tt.run, g != len(tx), tt.full)
					}
				}
			}
		})
	}
}
