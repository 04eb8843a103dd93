package evasions

import (
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Session 27: more Latin look-alikes inside ASCII words
// (benchmarks/evplant7.py's misses, and benchmarks/evplant8.py's
// variants no planter had).
//
// A combining mark on every letter of an ASCII word ("f̶r̶o̶m̶",
// "C̲l̲i̲c̲k̲", overlines, tildes, a zalgo text's stacks): a keyword filter
// matches nothing and the word still reads, and NFKC keeps the marks.
// evplant7's combining_underline (U+0332, U+0335, U+0336, U+0338,
// U+0305) was 0 of 30 on seeds 1 and 2: the word's letters are all
// Latin, and a stack under markStackMin marks is no finding. markedWord
// takes a word of ASCII letters and digits each followed by one or more
// combining marks (Mn or Me), with markedWordMin letters or more. Text
// decomposed to NFD writes marks after ASCII letters too ("e\u0301te"),
// but never on every letter of a word of three: consonants carry none
// in French, Spanish, Vietnamese or pinyin, and the Czech or Lithuanian
// ones that do (š, ž) stand beside unmarked vowels. The kernel stops at
// every byte that is not ASCII, so scan.char meets each mark already;
// it asks markedWord at a mark right after an ASCII letter or digit,
// once a word (markDone): no new stop, no cost on ASCII text.
//
// Letterlike symbols (U+2100 to U+214F: ℂ ℍ ℕ ℙ ℝ ℤ ℯ ℊ ℴ ℓ ⅅ ⅈ, the
// Kelvin sign) are letters of no script (scriptOf's other), so
// "ℂℴntent" mixed none: evplant7's letterlike_symbols 0 of 30.
// scriptOf calls those shaped as ASCII ones Latin look-alikes
// (letterlikeLook), as recall11.go does ligatures: the same hooks and
// latinLookWord judge them. ℹ (an emoji's base, "ℹ️Info") and the
// Hebrew ones (ℵ) are left out. So are the reversed e ɘ (U+0258: "nɘar",
// evplant7's ipa_letters) and the dotless ȷ (U+0237), which no language
// writes in words.
//
// The dotless ı (U+0131, "fırst", "alıgn": evplant7's dotless_i, 0 of
// 30) is a letter of Turkish, Azerbaijani, Crimean Tatar and Kazakh's
// Latin alphabets, whose words are otherwise often ASCII ("Kılavuz",
// "yazdır"; recall11.go). dotlessWord takes a word of lookWordMin ASCII
// letters or more and ı only when the text has none of the other
// Turkic letters (ç ğ ö ş ü İ ə, turkicText) and the word is shaped as
// no Turkic one is (englishShape: a w, th ck ph gh wh sh ch ee oo ea ou,
// ı beside another vowel, three consonants starting or ending it or
// four in a row (Turkish has "farklı", "Kısaltma"), an English suffix,
// e or i the vowel before ı against vowel harmony) or the text reads as
// English (englishText: three or more distinct of stopWords). Measured
// with benchmarks/dotless_turkic.py on the 91,677 Turkish, Azerbaijani,
// Crimean Tatar, Kazakh and Tatar messages of the system's gettext
// catalogues: of 54,008 with no other Turkic letter, 29 words (Crimean
// Tatar's "Utrawları", "Ruminıya") have the shape (90 with three
// consonants in a row anywhere: "farklı", "Kısaltma"), and none of the
// 5,350 holding a candidate word reads as English; of 200,753 words of
// evplant7's mail with one i made ı, 70% have the shape. evplant7's
// dotless_i rows: 29 and 30 of 30 by the shape alone, 30 and 30 with the
// stop words. A Turkish name with ı and no other Turkic letter in an
// English text ("Aydın") is flagged. scan.char asks dotlessWord at each
// ı once a word (dotDone); the text's guards are looked at once a text
// (tally.look12).
//
// One styled letter inside an ASCII word, which styled.go's runs (three
// or more in a row) miss: a circled, parenthesized or squared letter
// ("ⓕree"), a subscript ("frₑe") or superscript ("frᵉe") letter, a Roman
// numeral ("cⅰalis", "Ⅴiagra"; Nl, no letter: the word rules never saw
// it). styleLookWord wants an ASCII letter right after it, so a trade
// mark in superscripts ("Brandᵀᴹ"), a numbered title ("FighterⅡ") and a
// subscript in a formula stay plain; scan.char and the full check ask it
// at each such character past U+02B0 (styleLook), once a word.
//
// benchmarks/evplant8.py plants these and the rest of the family
// (14 variants): main 0.143; 0.143 of mixed_script on seeds 1; 2, now
// 0.929; 0.926 (1.000; 0.997 without ƒ and ſ, planted as hard: Dutch
// guilders, old books' long s and cp1252 mojibake write them beside
// ASCII letters, so no rule takes them). Left: regional indicator
// letters (two of them are a flag), a ligature in a word of digits
// ("#0000ﬀ").
//
// The CPU against main fe7acf7 (evasions test binaries alternated under
// the CPU lock at load 10-20, thread CPU, 2 x 12 rounds, benchstat):
// BenchmarkCheckTextHot 503.4 -> 516.0 us (p=0.67) and 490.7 -> 495.4
// us (p=0.48), median ratio of the pairs 0.998 and 1.031;
// BenchmarkAddCorpus/lazy 18.09 -> 18.77 ms (p=0.67) and 17.86 -> 18.47
// ms (p=0.80), pairs 1.006 and 1.012: not told apart. In a profile of
// both at -benchtime 15s (9.06 s of samples) scan.char is 1.7% and
// full.general 0.8% cumulative, and no function of this file has a
// sample: ASCII text never reaches them.

// markedWordMin is the fewest ASCII letters a word with a mark on each
// of its letters needs: "a̲t" is too little to tell.
const markedWordMin = 3

// look12 is recall12.go's state for a text, kept in its tally: the
// words looked at up to where, and the text's guards.
type look12 struct {
	markDone  int  // words with combining marks are looked at up to here (markedWord)
	dotDone   int  // words with a dotless ı are looked at up to here (dotlessWord)
	openDone  int  // words with an open ɛ or ɔ are looked at up to here (openWord, recall17.go)
	styleDone int  // words with a styleLook letter are looked at up to here (styleLookWord)
	text      int8 // the text's guards: 0 not looked yet, else textLooked | textTurkic | textEnglish
}

const (
	textLooked = 1 << iota
	textTurkic
	textEnglish
	textEnglishLooked
)

// markAfterASCII reports whether the combining mark at t[i] follows an
// ASCII letter or digit: where markedWord is asked.
func markAfterASCII(t []byte, i int) bool {
	return i > 0 && alnum(t[i-1])
}

// markedWord returns the word of ASCII letters, digits and combining
// marks through t[i] and whether it is an evasion: each of its letters
// and digits followed by a mark, markedWordMin letters or more.
func markedWord(t []byte, i int) (start, end int, ok bool) {
	start = i
	for start > 0 {
		if c := t[start-1]; c < utf8.RuneSelf {
			if !alnum(c) {
				break
			}
			start--
			continue
		}
		r, size := utf8.DecodeLastRune(t[:start])
		if !isMark(r) {
			break
		}
		start -= size
	}
	for start < i && t[start] >= utf8.RuneSelf {
		_, size := utf8.DecodeRune(t[start:])
		start += size // marks before the word's first letter: not its own
	}
	letters, bare := 0, 0
	marked := true // the last base carries a mark (or there is none)
	for end = start; end < len(t); {
		if c := t[end]; c < utf8.RuneSelf {
			if !alnum(c) {
				break
			}
			if !marked {
				bare++
			}
			if c > '9' {
				letters++
			}
			marked = false
			end++
			continue
		}
		r, size := utf8.DecodeRune(t[end:])
		if !isMark(r) {
			break
		}
		marked = true
		end += size
	}
	if !marked {
		bare++
	}
	return start, end, bare == 0 && letters >= markedWordMin
}

// markedEvidence is the mixed_script evidence of the word t[start:end],
// each of whose letters carries a combining mark.
func markedEvidence(t []byte, start, end int) string {
	at := start
	for at < end && t[at] < utf8.RuneSelf {
		at++
	}
	r, _ := utf8.DecodeRune(t[at:])
	return fmt.Sprintf("the word %s at byte %d carries a combining mark on each of its letters (the first U+%04X at byte %d)", quoteVisible(t[start:end], 40), start, r, at)
}

// letterlikeMask marks the letterlike symbols U+2100 to U+217F shaped as
// an ASCII letter: ℂ ℊ ℋ ℌ ℍ ℎ ℐ ℑ ℒ ℓ ℕ ℙ ℚ ℛ ℜ ℝ ℤ ℨ K ℬ ℭ ℯ ℰ ℱ ℳ
// ℴ ⅅ ⅆ ⅇ ⅈ ⅉ.
var letterlikeMask = func() (m [2]uint64) {
	for _, r := range "ℂℊℋℌℍℎℐℑℒℓℕℙℚℛℜℝℤℨ\u212Aℬℭℯℰℱℳℴⅅⅆⅇⅈⅉ" {
		m[(r-0x2100)/64] |= 1 << ((r - 0x2100) % 64)
	}
	return m
}()

// letterlikeLook reports whether r is a letterlike symbol shaped as an
// ASCII letter.
func letterlikeLook(r rune) bool {
	return r >= 0x2100 && r < 0x2180 && letterlikeMask[(r-0x2100)/64]&(1<<((r-0x2100)%64)) != 0
}

// latinLook12 is latinLook's letters of this file: letterlike symbols,
// the reversed e ɘ and the dotless ȷ.
func latinLook12(r rune) bool {
	return r == 0x0258 || r == 0x0237 || letterlikeLook(r)
}

// wordStart returns where the run of runes inWord takes that reaches t[i]
// starts (foldedWord, styleLookWord, scan.word).
func wordStart(t []byte, i int, inWord func(rune) bool) int {
	start := i
	for start > 0 {
		r, size := utf8.DecodeLastRune(t[:start])
		if !inWord(r) {
			break
		}
		start -= size
	}
	return start
}

// foldedWord finds the word through t[i] of the runes inWord takes and
// writes it in lower case to w, each rune of 0x80 or more as the ASCII
// letter fold gives it (dotlessWord, openWord). It returns the word's
// bounds, its length in runes (w holds the first len(w)) and where in w
// fold stood, a bit a position. ok is false as soon as fold refuses a
// rune (end is then where the walk stopped), and when the word has fewer
// than lookWordMin ASCII letters, more than len(w) runes, or a letter or
// mark inWord does not take touches it.
func foldedWord(t []byte, i int, w *[48]byte, inWord func(rune) bool, fold func(rune) (byte, bool)) (start, end, n int, folded uint64, ok bool) {
	start = wordStart(t, i, inWord)
	ascii := 0
	for end = start; end < len(t); {
		r, size := utf8.DecodeRune(t[end:])
		if !inWord(r) {
			break
		}
		end += size
		b := byte(r)
		if r >= utf8.RuneSelf {
			var known bool
			if b, known = fold(r); !known {
				return start, end, n, folded, false
			}
			folded |= 1 << (n & 63)
		} else {
			ascii++
		}
		if n < len(w) {
			w[n] = b | 0x20
		}
		n++
	}
	ok = ascii >= lookWordMin && n <= len(w) &&
		!(start > 0 && markOrLetterBefore(t, start)) && !(end < len(t) && markOrLetterAt(t, end))
	return start, end, n, folded, ok
}

// dotlessWord returns the word through the dotless ı at t[i] and whether
// it is an ASCII word with ı for i, in a text that is not Turkic (see
// the file's doc). text caches the text's guards.
func dotlessWord(t []byte, i int, text *int8) (start, end int, ok bool) {
	inWord := func(r rune) bool {
		return r < utf8.RuneSelf && asciiLetterByte(byte(r)) || r == 0x0131 || r >= utf8.RuneSelf && isMark(r)
	}
	fold := func(r rune) (byte, bool) {
		return 'i', r == 0x0131 // a mark: not what this rule knows
	}
	var w [48]byte // the word in lower case, ı as i
	// A letter that is neither ASCII nor ı around it: a word of another
	// alphabet (inWord stopped at it).
	start, end, n, dotless, ok := foldedWord(t, i, &w, inWord, fold)
	if !ok {
		return start, end, false
	}
	if *text&textLooked == 0 {
		*text = textLooked
		if turkicText(t) {
			*text |= textTurkic
		}
	}
	if *text&textTurkic != 0 {
		return start, end, false
	}
	if englishShape(w[:n], dotless) {
		return start, end, true
	}
	if *text&textEnglishLooked == 0 {
		*text |= textEnglishLooked
		if englishText(t) {
			*text |= textEnglish
		}
	}
	return start, end, *text&textEnglish != 0
}

// turkicText reports whether t has a letter of the Turkic Latin
// alphabets other than ı: ç ğ ö ş ü İ ə and their capitals.
func turkicText(t []byte) bool {
	for i := 0; i+1 < len(t); i++ {
		switch t[i] {
		case 0xC3: // ç Ç ö Ö ü Ü
			switch t[i+1] {
			case 0xA7, 0x87, 0xB6, 0x96, 0xBC, 0x9C:
				return true
			}
		case 0xC4: // ğ Ğ İ
			switch t[i+1] {
			case 0x9F, 0x9E, 0xB0:
				return true
			}
		case 0xC5: // ş Ş
			if t[i+1] == 0x9F || t[i+1] == 0x9E {
				return true
			}
		case 0xC6: // Ə
			if t[i+1] == 0x8F {
				return true
			}
		case 0xC9: // ə
			if t[i+1] == 0x99 {
				return true
			}
		}
	}
	return false
}

// englishShape reports whether w, a word in lower case with i where ı
// stands (the bits of dotless), is shaped as no Turkic word is.
func englishShape(w []byte, dotless uint64) bool {
	vowel := func(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }
	isDotless := func(k int) bool { return dotless&(1<<(k&63)) != 0 }
	consonants, lastVowel := 0, byte(0)
	for k, c := range w {
		if c == 'w' {
			return true
		}
		if k > 0 {
			switch string(w[k-1 : k+1]) {
			case "th", "ck", "ph", "gh", "wh", "sh", "ch", "ee", "oo", "ea", "ou":
				return true
			}
		}
		if isDotless(k) {
			if k > 0 && vowel(w[k-1]) && !isDotless(k-1) || k+1 < len(w) && vowel(w[k+1]) && !isDotless(k+1) {
				return true // ı beside a vowel
			}
			if lastVowel == 'e' || lastVowel == 'i' {
				return true // after a front vowel, against vowel harmony
			}
		}
		switch {
		case isDotless(k):
			consonants, lastVowel = 0, 0
		case vowel(c):
			consonants, lastVowel = 0, c
		case c == 'y':
			consonants = 0
		default:
			if consonants++; consonants == 4 || consonants == 3 && k == 2 {
				return true // four consonants in a row, three starting the word
			}
		}
	}
	if consonants >= 3 {
		return true // three ending it ("fırst")
	}
	for _, suf := range [...]string{"ing", "ed", "ly", "tion", "ive", "ize", "ise", "ble", "ght"} {
		if len(w) > len(suf) && string(w[len(w)-len(suf):]) == suf {
			return true
		}
	}
	return false
}

// stopWords are English words no Turkic text writes: three distinct ones
// make a text English (englishText).
var stopWords = [...]string{"the", "and", "you", "your", "for", "with", "this", "that", "are", "have",
	"from", "will", "our", "was", "been", "would", "please", "here", "what", "which"}

// englishText reports whether t has three or more distinct stopWords as
// ASCII words.
func englishText(t []byte) bool {
	var seen uint32
	for i := 0; i < len(t); {
		if !asciiLetterByte(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && asciiLetterByte(t[j]) {
			j++
		}
		if n := j - i; n >= 3 && n <= 6 && (i == 0 || t[i-1] < utf8.RuneSelf) && (j == len(t) || t[j] < utf8.RuneSelf) {
			var lw [6]byte
			for k := range n {
				lw[k] = t[i+k] | 0x20
			}
			for k, sw := range stopWords {
				if string(lw[:n]) == sw {
					if seen |= 1 << k; bits.OnesCount32(seen) >= 3 {
						return true
					}
					break
				}
			}
		}
		i = j
	}
	return false
}

// styleLook reports whether r is a look-alike of an ASCII letter that
// is no letter of a word of the full check, or a styled one: a circled,
// parenthesized or squared letter (ⓕ, ⒡, 🅕: styled.go's, small capitals
// left to latinLook), a superscript letter IPA does not write after
// letters (ᵉ), a subscript letter (ₑ) or a Roman numeral (ⅰ ⅴ ⅼ Ⅽ).
func styleLook(r rune) bool {
	switch {
	case r < 0x02B0:
		return false
	case r >= 0x2090 && r <= 0x209C, r >= 0x2160 && r <= 0x217F, r >= 0x249C && r <= 0x24E9:
		return true
	case r >= 0x1D00 && r <= 0x1D22, r == 0xA730, r == 0xA731:
		return false // small capitals: latinLook's
	}
	styled, phonetic := styledLetter(r)
	return styled && !phonetic
}

// styleLookWord returns the word through the styleLook letter at t[i] (of
// size bytes) and whether it is an ASCII word with it for a letter: an
// ASCII letter right after it (past a U+FE0F; "Brandᵀᴹ", "FighterⅡ" and
// a formula's "xₐ" are not) or a circled letter ending it (circledEnd),
// lookWordMin ASCII letters or more, no other letter that is not ASCII
// nor a mark beside it.
func styleLookWord(t []byte, i, size int) (start, end int, ok bool) {
	next := i + size
	if next+3 <= len(t) && t[next] == 0xEF && t[next+1] == 0xB8 && t[next+2] == 0x8F {
		next += 3
	}
	next = styleLookRun(t, next) // recall15.go
	inWord := func(r rune) bool {
		return r < utf8.RuneSelf && asciiLetterByte(byte(r)) || r == 0xFE0F || r >= utf8.RuneSelf && styleLook(r)
	}
	start = wordStart(t, i, inWord)
	ascii := 0
	for end = start; end < len(t); {
		r, size := utf8.DecodeRune(t[end:])
		if !inWord(r) {
			break
		}
		if r < utf8.RuneSelf {
			ascii++
		}
		end += size
	}
	r, _ := utf8.DecodeRune(t[i:])
	if !(next < len(t) && asciiLetterByte(t[next]) || circledEnd(t, i, r)) || ascii < lookWordMin ||
		start > 0 && markOrLetterBefore(t, start) || end < len(t) && markOrLetterAt(t, end) {
		return start, end, false
	}
	return start, end, true
}

// circledEnd reports whether r at t[i] is a lower-case circled letter
// after a lower-case ASCII one ("Receiveⓓ"): at a word's end too, where
// ⓒ ⓟ ⓡ stand for ©, ℗ and ® ("Brandⓡ") and capitals for a sign (Ⓜ).
func circledEnd(t []byte, i int, r rune) bool {
	return r >= 0x24D0 && r <= 0x24E9 && r != 0x24D2 && r != 0x24DF && r != 0x24E1 && i > 0 && t[i-1] >= 'a' && t[i-1] <= 'z'
}

// markOrLetterBefore reports whether the character before t[i] is a
// letter or a mark not ASCII.
func markOrLetterBefore(t []byte, i int) bool {
	r, _ := utf8.DecodeLastRune(t[:i])
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || isMark(r))
}

// markOrLetterAt reports whether the character at t[i] is a letter or a
// mark not ASCII.
func markOrLetterAt(t []byte, i int) bool {
	r, _ := utf8.DecodeRune(t[i:])
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || isMark(r))
}
