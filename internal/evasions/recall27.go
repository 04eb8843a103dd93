package evasions

import (
	"bytes"
	"strconv"
)

// Session 30 (hard13): evasions the blind planters marked hard
// (benchmarks/evplant11.py, evplant12.py), each counted against real mail
// (corpus-200MB-s1.jsonl, 137,265 rows; the SpamAssassin sample in
// /work/bench-data/spam-assassin, 6,046 mails) before it is built; the
// counts below are benchmarks/hard_census.py's.
//
// UTF-7 at the end of a text (utf7Tail): a text/html part in charset
// utf-7 whose markup is written as UTF-7's shifted runs ("+ADw-a
// href=+ACI-http://...+ACI-+AD4-Meet lonely singles+ADw-/a+AD4-",
// evplant11's hard utf7_part, 0 of 30 on seed 1, 1 on seed 2): a shifted
// run is modified base64 of UTF-16 between + and -, and one that decodes
// to ASCII hides characters a filter reads (< > " of markup: the
// classic +ADw-script+AD4-). Real mail writes UTF-7 for what is not
// ASCII, when it writes it at all: corpus-200MB and the SpamAssassin
// sample hold no shifted run of < > " ; ! (+ADw- +AD4- +ACI- +ADs-
// +ACE-) and no charset utf-7 at all. The kernel does not stop at a + (a
// base64 character, in every body of base64) and a new stop would cost
// every chunk, so the rule reads where a text part appended to a mail
// ends, once a row after the scan, as b64TailLine does: when the text's
// last line (trailing white space left out) is a closing MIME boundary
// (--X--, X of 2 to 70 bytes without white space), the utf7Back bytes
// before it; when the last line ends in a shifted run's - after a base64
// character (a UTF-7 body that is the text's end), that line. Two
// shifted runs or more (utf7Min) there that decode to printable ASCII
// alone make an encoded_blob. Rows that end in a closing boundary:
// corpus-200MB 2,326 (1.7%), SpamAssassin 305 (5.0%); the rest pay
// a look at their last bytes. utf7_part 0 -> 30 of 30 on seed 1, 1 -> 30
// on seed 2 (evplant11 encoded_blob 0.844 -> 0.865, 0.864); every other
// planter's scores, their controls, corpus-200MB's --checks evasions and
// verify.sh's 41 files unchanged.
//
// Its cost (BenchmarkUTF7TailHot, the first MB of corpus-30MB, 727
// texts, 16 of them ending in a closing boundary; thread CPU, 4 runs at
// load 10-14): utf7Tail alone 4.5-5.3 us against checkText's 637-729 us,
// 0.7-0.8%, an upper bound (alone, each text's end is a cache miss;
// after checkText it was just read). The test binaries of main and this
// alternated, 10 rounds under the CPU lock (load 9-12): Hot 665 -> 710
// us, AddCorpus/lazy 24.0 -> 24.8 ms, +-20-41%, p=0.44 and 0.85; again
// at load 3-5, Hot 764 -> 776 us (p=0.74), lazy 26.7 -> 29.3 ms
// (p=0.28), the pairs' median ratios 1.035 and 1.047 (1.055 and 1.048
// in the first set): not told apart, but both sets' medians over the
// +1% asked, where the function alone costs under it (code layout, or
// a cost the alone benchmark misses: not found in the time box).
//
// Left (each needs a stop of the kernel, or a pass over every byte of a
// text, which costs several percent of checkText: the check reads a
// megabyte of mail in about 600 us, so 1% is 6 us, about a third of
// what an IndexByte over the megabyte costs):
//
//   - idn_punycode (evplant11, 0 of 30): an xn-- label in a link whose
//     decoded label mixes Latin and Cyrillic look-alikes (all 30 do:
//     facеbоok, аmazon, paуpal). corpus-200MB and SpamAssassin hold no
//     "xn--" at all, so such a rule costs no false finding; what it
//     costs is the stop. The kernel has the chunk from SI+1 (Z8) and
//     from SI+3 (Z7) loaded already, so x, then n a byte on, then - three
//     bytes on is three VPCMPEQB (the last two under the first's mask,
//     constants from memory) and a KORQ into K1, four instructions a
//     chunk; "xn?-" is in corpus-200MB 0 times in lower case, 13 in any
//     case (Xnw-, XN1-), so it would stop nowhere on clean mail. Then
//     the block loop must give up at it, the full check decode the
//     label (RFC 3492) and judge it as a word mixing scripts, and the
//     reference read it too; not built here (another helper changes the
//     kernel this session).
//   - b64_short (evplant11, 0 of 30): "ref: " and 56-100 base64
//     characters of a spam phrase in the middle of a text. A run of 40
//     to 99 base64 characters (a multiple of 4) inside a line, after a
//     byte out of the alphabet, that decodes to printable ASCII words
//     (asciiWords) with neither line beside it of the base64 alphabet
//     alone: corpus-200MB 0 rows, SpamAssassin 0, evplant5's control 0,
//     b64_short 30 of 30; as a whole line, corpus-200MB 11 rows (the cut
//     first or last lines of text parts sent as base64), 9,472 such lines
//     inside wrapped bodies. See recall23.go (b64TailLine): no kernel
//     stop at a base64 run under chainB64's 10 blocks, and chainB64 8
//     cost Hot +8 points (blobs.go).
//   - eb_rot13 (evplant12, 0 of 30): ROT13 of English, letters and
//     spaces only. A test of its words (a line of 6 words or more, not
//     counting words of a-f alone (hex, QP's =F3=D1) nor words glued to
//     = _ / + - or digits; 3 or more of them, 2 different, the ROT13 of
//     the 100 commonest English words, gur naq bs gb vf lbh..., more of
//     those than of the words themselves, and one word in 8 or more)
//     flags 1 row of corpus-200MB ("...Or Tai Chi etc. vs. vs. Tai
//     Bo"), none of SpamAssassin nor of evplant12's controls (seeds 1
//     and 2), and every eb_rot13 row (30 and 30); without the hex rule,
//     222 corpus rows (QP of GB2312). But it reads every word of every
//     row, where the kernel takes prose 64 bytes at a time without
//     looking at words.

// utf7Back is how many bytes before a closing MIME boundary utf7Tail
// reads.
const utf7Back = 2048

// utf7Min is the fewest shifted runs decoding to ASCII utf7Tail takes.
const utf7Min = 2

// utf7Tail records an encoded_blob for a text whose last part or last
// line holds utf7Min shifted runs of UTF-7 or more that decode to
// printable ASCII (see above).
func utf7Tail(t []byte, found *[numEvasionKinds]string) {
	hi, ok := tailEnd(t, found) // recall23.go
	if !ok || hi < 3 || t[hi-1] != '-' {
		return
	}
	var lo int
	if t[hi-2] == '-' {
		b := closingBoundary(t, hi)
		if b < 0 {
			return
		}
		lo, hi = max(0, b-utf7Back), b
	} else {
		if c := t[hi-2]; c >= 0x80 || asciiEv[c]&acB64 == 0 || c == '=' {
			return
		}
		lo = hi - 1
		for lo > 0 && hi-lo < utf7Back && t[lo-1] != '\n' && t[lo-1] != '\r' {
			lo--
		}
	}
	region := t[lo:hi]
	n, first := 0, -1
	for i := 0; ; {
		k := bytes.IndexByte(region[i:], '+')
		if k < 0 {
			break
		}
		at := i + k
		end, ok := utf7Run(region, at)
		if ok {
			if n++; first < 0 {
				first = at
			}
		}
		i = max(end, at+1)
	}
	if n < utf7Min {
		return
	}
	d := utf7Decode(region[first:], 49) // one past what is quoted: quoteVisible marks the cut
	found[iBlob] = strconv.Itoa(n) + " UTF-7 runs from byte " + strconv.Itoa(lo+first) + " decode to ASCII " + quoteVisible(d, 48) + ": " + quoteVisible(region[first:], 24)
}

// closingBoundary returns where the line ending at t[hi] starts when it
// is a closing MIME boundary (--X--, X of 2 to 70 bytes, none of them
// white space or a control), else -1.
func closingBoundary(t []byte, hi int) int {
	lo := hi - 2
	for lo > 0 && hi-lo <= 74 && t[lo-1] != '\n' && t[lo-1] != '\r' {
		if c := t[lo-1]; c <= ' ' || c == 0x7F {
			return -1
		}
		lo--
	}
	if lo > 0 && t[lo-1] != '\n' && t[lo-1] != '\r' {
		return -1
	}
	if n := hi - lo; n < 6 || n > 74 || t[lo] != '-' || t[lo+1] != '-' {
		return -1
	}
	return lo
}

// utf7Run reports whether t[at], a +, starts a shifted run of UTF-7 that
// decodes to printable ASCII: modified base64 (letters, digits, + /) of
// whole UTF-16 units, any bits left over zero, ended by a - or a byte out
// of the alphabet; and where the run ends (past its -).
func utf7Run(t []byte, at int) (end int, ok bool) {
	var bits uint32
	nb, units := 0, 0
	i := at + 1
	for ; i < len(t); i++ {
		v := b64Value(t[i])
		if v < 0 {
			break
		}
		bits = bits<<6 | uint32(v)
		if nb += 6; nb >= 16 {
			nb -= 16
			u := bits >> nb & 0xFFFF
			bits &= 1<<nb - 1
			if u < 0x20 || u >= 0x7F {
				return i + 1, false
			}
			units++
		}
	}
	end = i
	if i < len(t) && t[i] == '-' {
		end = i + 1
	}
	return end, units > 0 && nb < 6 && bits == 0
}

// utf7Decode returns up to max bytes of t read as UTF-7: shifted runs
// that decode to ASCII as their characters, other bytes as they are.
func utf7Decode(t []byte, max int) []byte {
	var d []byte
	for i := 0; i < len(t) && len(d) < max; {
		if t[i] != '+' {
			d = append(d, t[i])
			i++
			continue
		}
		end, ok := utf7Run(t, i)
		if !ok {
			d = append(d, t[i])
			i++
			continue
		}
		var bits uint32
		nb := 0
		for _, c := range t[i+1 : end] {
			v := b64Value(c)
			if v < 0 {
				break
			}
			bits = bits<<6 | uint32(v)
			if nb += 6; nb >= 16 {
				nb -= 16
				d = append(d, byte(bits>>nb))
				bits &= 1<<nb - 1
			}
		}
		i = end
	}
	return d[:min(len(d), max)]
}
