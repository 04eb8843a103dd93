package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"
)

// recall40Prose is English mail the cases below sit in.
const recall40Prose = "Hello,\n\nThanks for the order, we will ship the rest of it on Friday.\n"

// utf16Of is s's UTF-8 bytes taken as UTF-16 code units, little-endian
// (bigEndian: big), as a decoder reading them as UTF-16 writes them
// (Python's bs.decode("utf-16-le")): the evasion utf16Text finds.
func utf16Of(s string, bigEndian bool) string {
	b := []byte(s)
	if len(b)%2 == 1 {
		b = append(b, ' ')
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		u[i] = uint16(hi)<<8 | uint16(lo)
	}
	return string(utf16.Decode(u))
}

const recall40Para = "Payment security notice: update billing information within 24 hours or your account will be suspended. "

// recall40Cases are recall40.go's rules both ways.
var recall40Cases = []ruleCase{
	// Punycode host labels that decode to a look-alike: mixed_script.
	{"punycode, latin and cyrillic", recall40Prose + "Confirm at https://xn--pypal-4ve.com/verify\n", []string{MixedScript}},
	{"punycode, all cyrillic look-alikes", recall40Prose + "Confirm at https://xn--80ak6aa92e.com/verify\n", []string{MixedScript}},
	{"punycode, upper case", recall40Prose + "Confirm at HTTPS://XN--PYPAL-4VE.COM/verify\n", []string{MixedScript}},
	{"punycode, a subdomain label", recall40Prose + "Log in: http://login.xn--pypal-4ve.com\n", []string{MixedScript}},
	{"punycode, in an address", recall40Prose + "Write to support@xn--pypal-4ve.com today\n", []string{MixedScript}},
	// Labels of one script of a real language, or no label: plain.
	{"punycode, german umlaut", recall40Prose + "Bestellen: https://xn--bcher-kva.de/neu\n", nil},
	{"punycode, munich", recall40Prose + "See https://www.xn--mnchen-3ya.de\n", nil},
	{"punycode, russian", recall40Prose + "Our site: http://xn--h1alffa9f.xn--p1ai/\n", nil},
	{"punycode, chinese", recall40Prose + "Our site: http://xn--1lq90i.cn/\n", nil},
	{"punycode, two greek letters", recall40Prose + "Our site: http://xn--mxaa.gr/\n", nil},
	{"punycode, inside a word", recall40Prose + "the token fooxn--pypal-4ve is no label\n", nil},
	{"punycode, cyrillic look-alikes in russian text", "Привет! Наш сайт http://xn--80ak6aa92e.com/ и ещё один.\n", nil},
	{"punycode, bad digits", recall40Prose + "see xn--zz9zz now\n", nil},
	{"a prefix alone", recall40Prose + "the xn-- prefix marks punycode\n", nil},
	// UTF-16 code units of ASCII text: non_text (the bidi and invisible
	// characters among them are there too).
	{"utf16le", utf16Of(recall40Para+recall40Para, false), []string{Invisible, Bidi, NonText}},
	{"utf16be", utf16Of(recall40Para+recall40Para, true), []string{Invisible, Bidi, NonText}},
	{"utf16le in a mail", recall40Prose + utf16Of("Please review the attached invoice and confirm the payment details by Friday, thanks.", false) + "\nCheers\n", []string{Invisible, Bidi, NonText}},
	// CJK text, kana, and too short a run: plain.
	{"chinese", "请查看附件中的文件，谢谢。我们的密码是在前台，会议用进行。现在有货，欢迎来店选购。我们明天下午三点在会议室开会，请准时参加。", nil},
	{"japanese hiragana", "おせわになっております。てんぷのふぁいるをごかくにんください。よろしくおねがいいたします。ありがとうございました。", nil},
	{"utf16le, short", recall40Prose + utf16Of("Hi there, the file is here ok", false) + "\n", []string{Invisible, Bidi}},
	{"punycode, russian word", recall40Prose + "Our site: http://xn--e1afmkfd.xn--p1ai/\n", nil},
}

func TestRecall40(t *testing.T) {
	checkCasesAtOffsets(t, recall40Cases)
}

func TestRecall40Evidence(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		kind       int
		want       string
	}{
		{"mixed", "Confirm at https://xn--pypal-4ve.com/verify", iMixed,
			"the host label \"xn--pypal-4ve\" at byte 19 is punycode for \"p\u0430ypal\", which mixes Latin and Cyrillic letters (Cyrillic \u0430 U+0430): a look-alike of a Latin name"},
		{"whole", "Confirm at https://xn--80ak6aa92e.com/verify", iMixed,
			"the host label \"xn--80ak6aa92e\" at byte 19 is punycode for \"\u0430\u0440\u0440\u04cf\u0435\", Cyrillic letters that all look like Latin ones, in Latin text"},
		{"utf16", utf16Of("Please review the attached invoice and confirm the payment.", false), iNonText,
			"30 characters from byte 0 are UTF-16LE code units of ASCII text, text read with the wrong encoding: \"\u6c50\u6165\u6573\u7220\u7665\u6569\u2077\u6874\\u2065\u7461\u6174\u6863\u2026\" reads \"Please review the attached invoice and confirm t\""},
	} {
		var found [numEvasionKinds]string
		checkText([]byte(tt.text), &found)
		if found[tt.kind] != tt.want {
			t.Errorf("%s: checkText(%q)[%s] = %q, want %q", tt.name, tt.text, evasionKinds[tt.kind], found[tt.kind], tt.want)
		}
	}
}

// TestPunyIndex holds the kernel (recall40_amd64.s) to indexFold: an
// xn-- in any case at every offset of its chunks, the text's end
// anywhere, and random bytes of x, n, - and others around.
func TestPunyIndex(t *testing.T) {
	if !useChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(40, 1))
	const alphabet = "xXnN-a- .\n"
	for n := range 200 {
		for range 50 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			if n >= 4 && rng.IntN(2) == 0 {
				copy(b[rng.IntN(n-3):], []string{"xn--", "XN--", "Xn--"}[rng.IntN(3)])
			}
			if got, want := punyIndexAVX512(b), indexFold(b, "xn--"); got != want {
				t.Fatalf("punyIndexAVX512(%q) = %d, want %d", b, got, want)
			}
		}
	}
	for at := range 130 {
		b := []byte(strings.Repeat("a", 140))
		copy(b[at:], "xn--")
		for end := at; end <= len(b); end++ {
			want := -1
			if end >= at+4 {
				want = at
			}
			if got := punyIndexAVX512(b[:end]); got != want {
				t.Fatalf("punyIndexAVX512 of xn-- at %d of %d bytes = %d, want %d", at, end, got, want)
			}
		}
	}
}

// BenchmarkPunyIndex is the kernel's pass over a text without xn--.
func BenchmarkPunyIndex(b *testing.B) {
	t := []byte(strings.Repeat(recall40Prose+"x-ray next--line, xn-", 400))
	b.SetBytes(int64(len(t)))
	b.ReportAllocs()
	for b.Loop() {
		if punyIndex(t) >= 0 {
			b.Fatal("found an xn--")
		}
	}
}
