package evasions

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Session 32 (mix15): what benchmarks/evplant15.py, a sixth blind
// planter, found on main 9b4f763 in mixed_script and control_char, and a
// false positive in its negative set of legitimate mail.
//
// # Decomposed text in a language written with diacritics
//
// macOS and some mail clients send text decomposed (NFD): "chào" is
// c h a U+0300 o, "Cảm ơn" C a U+0309 m, o U+031B n. oneMarkWord
// (recall22.go) took such a word, an ASCII word with one or two marks
// between its letters in a text that reads as English, for the
// one-mark evasion (evplant11's combining_one_mark: "Fŕom", "exćept");
// evplant15's vietnamese_nfd negatives, a Vietnamese line in an English
// mail, were mixed_script in 20 and 17 of 20 rows (seeds 1 and 2).
// nfdPhrase lets such a word through when it is a word of a phrase in a
// language that writes those letters:
//
//   - each mark composes with the letter before it (NFC has a
//     precomposed letter: a + U+0300 is à), so the word reads as an
//     ordinary accented word, not one carrying a mark no letter takes;
//   - the word before it or after it on its line (punctuation and white
//     space between, at most nfdGap bytes) holds a Latin letter outside
//     ASCII too, precomposed or decomposed ("ơn", "tôi", "Zürich"): the
//     evasion puts a mark on a word or two of English prose, whose
//     neighbours are ASCII;
//   - the accented letters of the three words (NFC, lower case) all
//     belong to one orthography (orthographies: Vietnamese, French,
//     German, Polish, Czech and Slovak, ...): a spam line marked all
//     through, "Cĺick ńow fŕee", mixes Slovak ĺ and ŕ with Polish ń, and
//     a word with a mark that composes nowhere, or stacked marks
//     (Zalgo), is no phrase of any language.
//
// A single decomposed accent inside an English word ("nai\u0308ve" in
// English prose) is still taken: nothing tells it from the one-mark
// evasion, and corpus-200MB-s1 has no combining mark after an ASCII
// letter. markedWord (a mark on every letter) and the mark stacks are
// not asked.
//
// # Windows-1252 punctuation read as Latin-1
//
// Mail written in Windows-1252 that declares ISO-8859-1, decoded as
// declared, carries C1 controls where its curly quotes, dashes and
// bullets were: “word” as U+0093 word U+0094, "it’s" as it U+0092 s.
// cp1252Punct (rules.go, session 16) lets those through as no
// control_char where the punctuation goes, because clean mail parsed
// that way has them in 52 of evplant.py's 3,000 control mails; so
// evplant15's c1_from_cp1252_as_latin1 (words wrapped in U+0093 U+0094
// or U+0091 U+0092, or followed by U+0092 s) had no finding at all, 0 of
// 30 on both seeds. They are real C1 controls all the same: a cleaner
// keeping printable text drops them ("its", "word"), a model learns
// them. What happened is a decode with the wrong charset upstream, the
// class of mojibake (mojibake.go), so cp1252Evidence makes them a
// mojibake finding, outside the cleaning-evasion counts: the C1 controls
// cp1252Punct takes, but not those among U+FFFD (lossyControl: a lossy
// decode's debris, the C1 bytes in corpus-200MB-s1's 39 rows with one,
// all GB2312 and Shift-JIS mail decoded lossily). corpus-200MB-s1 and
// the planters' controls (SpamAssassin decoded as UTF-8) have no C1
// control in place of punctuation: no row of either changes. scan and
// the full check note each C1 control (tally.c1), and judge looks only
// then.
//
// # Digits and letters shaped as digits
//
// "1О0%", "$5ОО" (evplant15's digits_letters_lookalike: Cyrillic О
// among digits, no Latin letter in the token, 12 of 30 found, only its
// "ОRDER" form): the word of Cyrillic letters is one or two letters,
// under lookalikeMin, and mixes no script with a Latin letter.
// digitLookWord takes a word of Cyrillic or Greek letters all shaped as
// digits (О о Ο ο for 0, З for 3, І Ι Ӏ for 1) with an ASCII digit
// against it, in Latin text (latinText: Russian or Greek text, where
// "5 ООО" is a company's form, always has letters that look like no
// Latin one). corpus-200MB-s1 and the planters' controls have no such
// word.

// nfdGap is the most bytes of punctuation and white space nfdPhrase
// skips between a word and its neighbour.
const nfdGap = 8

// nfdWordMax is the longest word, in bytes, nfdPhrase composes (on the
// stack); a longer neighbour is taken as no accented word.
const nfdWordMax = 64

// nfdPhrase reports whether the word t[start:end], which oneMarkWord
// took (ASCII letters and one or two combining marks) in English text,
// is a word of a phrase in a language written with diacritics,
// decomposed (see above). A mark left after composing fails add, and
// would fail oneOrthography too (no orthography lists a mark). It
// composes with golang.org/x/text's norm, whose buffers escape
// (BenchmarkNFDPhrase: 5 allocations, about 12 us a call on the 2-core
// machine): it is asked only for a word oneMarkWord would otherwise
// flag, which none of corpus-200MB-s1's rows holds.
func nfdPhrase(t []byte, start, end int) bool {
	var letters accented
	if _, ok := letters.add(t[start:end]); !ok {
		return false
	}
	near := 0 // accented letters in the neighbours
	if ps, pe := prevWordOnLine(t, start); ps < pe {
		n, ok := letters.add(t[ps:pe])
		if !ok {
			return false
		}
		near += n
	}
	if ns, ne := nextWordOnLine(t, end); ns < ne {
		n, ok := letters.add(t[ns:ne])
		if !ok {
			return false
		}
		near += n
	}
	return near > 0 && letters.oneOrthography()
}

// accented is the distinct accented Latin letters of a few words, in
// lower case.
type accented struct {
	r [16]rune
	n int
}

// add composes the word w (NFC), adds its Latin letters outside ASCII
// and returns how many it holds; it reports false when a mark is left
// that composes with no letter, or the word holds a letter of another
// script or is too long.
func (a *accented) add(w []byte) (n int, ok bool) {
	if len(w) > nfdWordMax {
		return 0, false
	}
	var buf [2 * nfdWordMax]byte
	c := norm.NFC.Append(buf[:0], w...)
	for i := 0; i < len(c); {
		r, size := utf8.DecodeRune(c[i:])
		i += size
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Mn, r), !unicode.Is(unicode.Latin, r):
			return 0, false
		default:
			a.put(unicode.ToLower(r))
			n++
		}
	}
	return n, true
}

// put adds r unless it is there already (or the set is full: a phrase
// of sixteen distinct accented letters is judged on those).
func (a *accented) put(r rune) {
	for _, x := range a.r[:a.n] {
		if x == r {
			return
		}
	}
	if a.n < len(a.r) {
		a.r[a.n] = r
		a.n++
	}
}

// oneOrthography reports whether one of orthographies writes every
// letter of a.
func (a *accented) oneOrthography() bool {
	for _, o := range orthographies {
		all := true
		for _, r := range a.r[:a.n] {
			if !strings.ContainsRune(o, r) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// orthographies are the accented letters (lower case) of the languages
// written in Latin letters with diacritics.
var orthographies = []string{
	"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ", // Vietnamese
	"àâæçéèêëîïôœùûüÿ",     // French
	"äöüß",                 // German
	"áéíñóúü",              // Spanish
	"àáâãçéêíóôõú",         // Portuguese
	"àèéìíîòóùú",           // Italian
	"àçèéíïòóúü",           // Catalan
	"áéíóúàèëïöü",          // Dutch
	"ąćęłńóśźż",            // Polish
	"áäčďéěíĺľňóôŕřšťúůýž", // Czech and Slovak
	"áéíóöőúüű",            // Hungarian
	"ăâîșțşţ",              // Romanian
	"çğıöşü",               // Turkish
	"åäöæøéáíóúýþð",        // Nordic
	"čćđšž",                // Croatian, Serbian, Slovene, Bosnian
	"āčēģīķļņšūž",          // Latvian
	"ąčęėįšųūž",            // Lithuanian
	"ĉĝĥĵŝŭ",               // Esperanto
	"âêîôûŵŷáéíóúàèìòùäëïöüẅÿ", // Welsh
}

// nfdLetter reports whether r belongs to a word nfdPhrase composes: a
// letter or a combining mark.
func nfdLetter(r rune) bool {
	return r < utf8.RuneSelf && asciiLetterByte(byte(r)) || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
}

// nfdSep reports whether r may stand between two words of a phrase on
// one line: a space or tab, or ASCII punctuation.
func nfdSep(r rune) bool {
	return r == ' ' || r == '\t' || r == 0xA0 || r < utf8.RuneSelf && r > ' ' && r != 0x7F && !asciiLetterByte(byte(r)) && (r < '0' || r > '9')
}

// prevWordOnLine returns the word (nfdLetter) before t[i], separated
// from it by at most nfdGap bytes of nfdSep on the same line, or an
// empty span.
func prevWordOnLine(t []byte, i int) (start, end int) {
	j := i
	for j > 0 && i-j <= nfdGap {
		r, size := utf8.DecodeLastRune(t[:j])
		if !nfdSep(r) {
			break
		}
		j -= size
	}
	end = j
	for j > 0 && end-j <= nfdWordMax {
		r, size := utf8.DecodeLastRune(t[:j])
		if !nfdLetter(r) {
			break
		}
		j -= size
	}
	if j == end || j > 0 && end-j > nfdWordMax {
		return 0, 0
	}
	return j, end
}

// nextWordOnLine returns the word (nfdLetter) after t[i:], separated
// from it by at most nfdGap bytes of nfdSep on the same line, or an
// empty span.
func nextWordOnLine(t []byte, i int) (start, end int) {
	j := i
	for j < len(t) && j-i <= nfdGap {
		r, size := utf8.DecodeRune(t[j:])
		if !nfdSep(r) {
			break
		}
		j += size
	}
	start = j
	for j < len(t) && j-start <= nfdWordMax {
		r, size := utf8.DecodeRune(t[j:])
		if !nfdLetter(r) {
			break
		}
		j += size
	}
	return start, j
}

// cp1252Evidence returns the mojibake evidence of Windows-1252
// punctuation read as Latin-1 in t (see above), or "": how many C1
// controls stand for punctuation in its place, the first's offset and
// the punctuation it stands for. Those must outnumber the other C1
// controls of the text: binary or a lossy decode read as Latin-1 has
// C1 controls everywhere, a few in such a place by chance.
func cp1252Evidence(t []byte) string {
	n, other, first := 0, 0, -1
	for i := 0; i+1 < len(t); {
		j := bytes.IndexByte(t[i:], 0xC2)
		if j < 0 {
			break
		}
		j += i
		i = j + 1
		if j+1 >= len(t) || t[j+1] < 0x80 || t[j+1] > 0x9F {
			continue
		}
		i = j + 2
		if prev, _ := utf8.DecodeLastRune(t[:j]); mojibakeLead(prev) {
			continue // a byte of UTF-8 read as Latin-1 ("Â\u0092"): mojibakeEvidence's
		}
		if lossyControl(t, j) || !cp1252Punct(t, j, rune(t[j+1])) {
			other++
			continue
		}
		if n == 0 {
			first = j
		}
		n++
	}
	if n <= other {
		return "" // none, or binary read as Latin-1: its C1 controls fall in place by chance
	}
	r := rune(t[first+1])
	return fmt.Sprintf("%d C1 %s of Windows-1252 punctuation read as Latin-1, the first U+%04X (for %c) at byte %d: %s",
		n, plural(n, "control"), r, cp1252[r-0x80], first, quoteVisible(t[contextStart(t, first):], 24))
}

// digitLook reports whether r is a Cyrillic or Greek letter shaped as
// an ASCII digit: О о Ο ο as 0, З as 3, І Ι Ӏ as 1.
func digitLook(r rune) bool {
	switch r {
	case 'О', 'о', 'Ο', 'ο', 'З', 'І', 'Ι', 'Ӏ':
		return true
	}
	return false
}

// digitLookWord reports whether the word t[start:end], of Cyrillic or
// Greek letters only, is letters shaped as digits (digitLook) with an
// ASCII digit right before or after it ("1О0", "$5ОО"), no U+FFFD
// touching it, in Latin text (latinText; latin caches it as
// lookalikeWord's).
func digitLookWord(t []byte, start, end int, latin *int8) bool {
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if !(start > 0 && digit(t[start-1]) || end < len(t) && digit(t[end])) {
		return false
	}
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		if !digitLook(r) {
			return false
		}
		i += size
	}
	const fffd = "\uFFFD"
	if bytes.Contains(t[max(0, start-8):min(len(t), end+8)], []byte(fffd)) {
		return false // a lossy decode's debris
	}
	if *latin == 0 {
		*latin = -1
		if latinText(t) {
			*latin = 1
		}
	}
	return *latin > 0
}

// digitLookEvidence is the mixed_script evidence of the word t[start:end]
// digitLookWord took.
func digitLookEvidence(t []byte, start, end int) string {
	lo, hi := start, end
	for lo > 0 && t[lo-1] >= '0' && t[lo-1] <= '9' {
		lo--
	}
	for hi < len(t) && (t[hi] >= '0' && t[hi] <= '9') {
		hi++
	}
	r, _ := utf8.DecodeRune(t[start:end])
	return fmt.Sprintf("the number %s at byte %d has %s letters shaped as digits (the first U+%04X at byte %d), in Latin text", quoteVisible(t[lo:hi], 40), lo, scriptOf(r), r, start)
}
