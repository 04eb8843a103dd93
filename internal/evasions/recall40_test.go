package evasions

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/fixtures"
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
	// &nu; inside a word: mixed_script.
	{"nu entity in a word", recall40Prose + "<p>Net&nu;ork - Buy now</p>\n", []string{MixedScript}},
	{"nu entity alone", recall40Prose + "<p>the frequency &nu; of the wave</p>\n", nil},
	// Z85 on a line of its own, without an & the kernel stops at:
	// encoded_blob.
	{"z85 line", recall40Prose + "^}U>sDdh=)ht)}D814H7FvBE!i+/Zp@4Y*Z3/=rZh^IKTS><7aCu@%i}uB!29x6g5J*N+.U%qT:\n", []string{Blob}},
	{"z85 line with an &", recall40Prose + "oLFuTBy!#9BzkP6aA7>7wPw]4v@@&hz*9r>xK$Q>aA?Ecxl4A6vqYP#v}/v/x(+znzFT38wGU@9vrci[v%Gg<x(dNawN({9x(dA7z!rP)AV!!2BrCEtCk}Qy\n", []string{Blob}},
	// Markup, separator lines and hash-busting symbols: plain.
	{"html without spaces", recall40Prose + strings.Repeat("</FONT></TD></TR>", 8) + "\n", nil},
	{"separator line of $", recall40Prose + strings.Repeat("$", 66) + "\n", nil},
	{"hash-busting line", recall40Prose + "xQzvTyWbnmPLkRrStUvWx!@$%^&*jHgFdSaQwErTyUiOpLkJhGfDsAzXcVbNm0!@$%^&*qWeRtYuIo\n", nil},
	{"a link with brackets", recall40Prose + "http://example.com/a/b(c)/d[e]/f{g}/index.php?x=1&y=2@host!frag#top*star^caret\n", nil},
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

// TestStops40 holds the kernel (recall40_amd64.s) to stops40Go, window
// by window: random bytes of x, n, -, &, u, ;, Z85's odd bytes, white
// space and others, with xn-- and &nu; in any case at every offset of
// the windows, and the text's end anywhere.
func TestStops40(t *testing.T) {
	if !useChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	all := func(b []byte, f func([]byte) (int, uint64, int)) (out [][3]int) {
		for from := 0; from < len(b); {
			w, c, h := f(b[from:])
			if w < 0 {
				break
			}
			out = append(out, [3]int{from + w, int(c), h})
			from += w + stops40Step
		}
		return out
	}
	asm := func(b []byte) (int, uint64, int) { return stops40AVX512(b, &z85OddTab) }
	rng := rand.New(rand.NewPCG(40, 1))
	for _, alphabet := range []string{"xXnN-&uU;a .\n", "xn-&u;<>()[]{}^*!$#@aZ09 \n\t\x00\xc3", "<>(){}aB3-", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ<"} {
		for n := range 300 {
			for range 20 {
				b := make([]byte, n)
				for i := range b {
					b[i] = alphabet[rng.IntN(len(alphabet))]
				}
				if n >= 4 && rng.IntN(2) == 0 {
					copy(b[rng.IntN(n-3):], []string{"xn--", "XN--", "Xn--", "&nu;", "&Nu;"}[rng.IntN(5)])
				}
				if got, want := all(b, asm), all(b, stops40Go); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("stops40AVX512(%q) = %v, stops40Go %v", b, got, want)
				}
			}
		}
	}
	for at := range 130 {
		for _, pat := range []string{"xn--", "&nu;"} {
			b := []byte(strings.Repeat("a ", 70))
			copy(b[at:], pat)
			for end := at; end <= len(b); end++ {
				got := all(b[:end], asm)
				if (end >= at+4) != (len(got) == 1) || len(got) == 1 && got[0][0]+bits.TrailingZeros64(uint64(got[0][1])) != at {
					t.Fatalf("stops40AVX512 of %s at %d of %d bytes = %v", pat, at, end, got)
				}
			}
		}
	}
}

// BenchmarkStops40 is the kernel's pass over mail with no place to look
// at.
func BenchmarkStops40(b *testing.B) {
	t := []byte(strings.Repeat(recall40Prose+"x-ray next--line, xn- <b>bold</b> &nbsp; (see [1])\n", 400))
	if w, _, _ := stops40(t); w >= 0 {
		b.Fatalf("stops40 stops at %d", w)
	}
	b.SetBytes(int64(len(t)))
	b.ReportAllocs()
	for b.Loop() {
		stops40(t)
	}
}

// BenchmarkLooks40Hot is recall40.go's rules over BenchmarkCheckTextHot's
// texts (the first megabyte of the 30 MB mail corpus), thread CPU: their
// share of checkText's.
func BenchmarkLooks40Hot(b *testing.B) {
	texts, n := hotTexts(b)
	extra := make([]int, len(texts)) // checkText has it from its tally
	for i, t := range texts {
		extra[i] = len(t) - utf8.RuneCount(t)
	}
	defer fixtures.ThreadCPU(b)()
	b.SetBytes(n)
	var found [numEvasionKinds]string
	for b.Loop() {
		for i, t := range texts {
			found = [numEvasionKinds]string{}
			looks40(t, &found)
			utf16Text(t, extra[i], &found)
		}
	}
}
