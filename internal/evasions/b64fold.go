package evasions

import (
	"bytes"
	"encoding/base64"
	"strconv"
)

// Session 30 (fold2): base64 folded into a mail header's continuation
// lines (X-Campaign-Data: V2hlbiBzdW1t...\n\tUgYW5kIHRoYXQ...: RFC 5322
// folding, a line break and a tab or a space). evplant13's
// b64_folded_x_header (120-420 bytes of spam text, lines of 70
// characters after "\n\t", in the header block) was 0 of 30 on seeds 1
// and 2: the kernel's base64 chain breaks at each "\n\t" and a line
// after a tab holds 8 blocks at most. The fold helper's rule
// (benchmarks/folded_b64_rule.patch, a pass over every text's header
// block) found 30 of 30 but cost +3-16% of checkText (recall29.go).
//
// Here the rule reads only near the hints of groupB64 (b64groups.go):
// the tab is of the kernel's grouped-base64 class (bit 0x40 of
// kernelTables.url), and a chunk of base64 letters and line feeds, each
// line feed with a tab right after it, no other tab past the first byte,
// no space and no >, holding a digit, + or / stops it as chunkGroup
// (the fold test, out of line at grpfold, only for a chunk with a tab).
// A folded value spanning groupSpanMin bytes or more holds a whole
// chunk wherever the chunks start (lines of 29 or more: at most two line
// feeds in a chunk). At the end groups.check, after groupB64's runs,
// asks foldEvidence of the header at each stretch's start and of each
// folded line in it (foldNear). With CR LF line breaks the kernel stops
// at each CR and takes up again at the block after it, so its chunks
// lie inside a line (base64 alone) or start with the "\n\t": one with a
// + or / stops as chunkGroup, one without as chunkURL, which hints when
// its line starts with a tab (quotedLine), as a quoted line's does.
//
// foldEvidence: a header in the header block (the text starts with a
// header line, after an mbox "From " line or not; the header starts
// before the first empty line) whose whole value is base64 and folding
// white space (after the colon, spaces or tabs; each line break a line
// feed or CR LF, then one tab), blobB64Min characters or more over two lines or more,
// = only as padding, spanning groupSpanMin bytes or more from its first
// character to its last, holding upper, lower and digits, whose first
// foldB64Max characters decode to printable ASCII words (asciiWords) is
// an encoded_blob; as groupB64 it gives way to any blob found (an
// attachment's too). Headers of base64 that clean mail folds decode to
// binary (X-Gm-Message-State, Face:) or are not base64 alone
// (DKIM-Signature's b= tag, Autocrypt's keydata=, RFC 2047 words). A
// value folded with a space is not taken: the kernel's chunk of "\n "
// and base64 is neither quoted nor grouped, so it would not be hinted.

// Measured (da built the README way against the integration binary
// da-int30b, 6eb037e): evplant13 b64_folded_x_header 0 -> 30 of 30 on
// seeds 1 and 2 (encoded_blob 0.931 -> 0.994 and 0.925 -> 0.988); every
// other category and control row of every planter the same;
// corpus-200MB-s1 --checks evasions and the verify set byte-identical.
// Built first without CR LF: 28 of 30 on seed 1, the two misses mail
// with CR LF line breaks (the kernel's chunks there lie inside a line:
// chunkURL, not hinted until quotedLine took a tab). The class test
// (benchmarks/fold_chunk_count.py, chunks from each text's start) on
// corpus-30MB-s1: of 421,347 chunks, 45,179 -> 45,404 pass it with the
// tab (+225), 29,365 -> 29,399 with a digit, + or / (+34, all with a
// tab: the only ones that reach grpfold). CPU: evasions test binaries
// against 6eb037e's, under the CPU lock, alternated (the order flipped
// each round), load 4-5, 30 rounds of -count 1: BenchmarkCheckTextHot
// the pairs' median ratio 1.013 (benchstat 729 -> 725 us cpu, p=0.83),
// the least of the runs 1.100 (one base run of 546 us; the second
// least 0.987), AddCorpus/lazy 0.991 (25.05 -> 25.29 ms, p=0.75), the
// least 1.008: within the noise (+-6-10%), not resolved to 1%.

// foldB64Max is how many base64 characters of a folded header
// foldEvidence decodes and judges (384 bytes).
const foldB64Max = 512

// foldedB64 is the reference's rule and checkText's without the kernel:
// each folded header of the header block in turn.
func foldedB64(t []byte, found *[numEvasionKinds]string) {
	if found[iBlob] != "" || headerLead(t) < 0 {
		return
	}
	foldNear(t, 0, len(t), found)
}

// headerLead returns where t's first header line starts (0, or after an
// mbox "From " line), or -1 when t does not start with one.
func headerLead(t []byte) int {
	lo := 0
	if bytes.HasPrefix(t, []byte("From ")) {
		k := bytes.IndexByte(t, '\n')
		if k < 0 {
			return -1
		}
		lo = k + 1
	}
	if fieldName(t[lo:]) == 0 {
		return -1
	}
	return lo
}

// foldNear asks foldEvidence of the header holding t[lo] and of each
// header folded in t[lo:hi] (a stretch groupHints noted), in the text's
// order, until one is found.
func foldNear(t []byte, lo, hi int, found *[numEvasionKinds]string) {
	lo, hi = max(lo, 0), min(hi, len(t))
	if lo >= hi {
		return
	}
	lead := -2
	for q := lo; q < hi; {
		start, stop := headerAt(t, q)
		if lead == -2 {
			lead = headerLead(t)
		}
		if lead < 0 {
			return
		}
		if e := foldEvidence(t, lead, start, stop); e != "" {
			found[iBlob] = e
			return
		}
		// The next folded line after this header.
		q = stop + 1
		for q < hi {
			k := bytes.IndexByte(t[q:hi], '\n')
			if k < 0 {
				return
			}
			q += k
			if q+1 < len(t) && (t[q+1] == '\t' || t[q+1] == ' ') {
				q++
				break
			}
			q++
		}
	}
}

// headerAt returns where the header (a line and its folded lines) that
// holds t[q] starts and ends (its last line's break, or len(t)).
func headerAt(t []byte, q int) (start, stop int) {
	start = bytes.LastIndexByte(t[:q], '\n') + 1
	for start > 0 && (t[start] == ' ' || t[start] == '\t') {
		start = bytes.LastIndexByte(t[:start-1], '\n') + 1
	}
	stop = q
	for {
		n := bytes.IndexByte(t[stop:], '\n')
		if n < 0 {
			return start, len(t)
		}
		stop += n
		if stop+1 >= len(t) || t[stop+1] != ' ' && t[stop+1] != '\t' {
			return start, stop
		}
		stop++
	}
}

// fieldName returns the length of the header field name l starts with
// (printable ASCII but the colon, then a colon), or 0.
func fieldName(l []byte) int {
	for k, c := range l {
		if c == ':' {
			return k
		}
		if c <= ' ' || c >= 0x7F || k >= 76 {
			return 0
		}
	}
	return 0
}

// foldEvidence returns the encoded_blob evidence of the header
// t[start:stop] (lead: where the text's first header starts) when it
// lies in the header block and its value is base64 folded as above;
// else "".
func foldEvidence(t []byte, lead, start, stop int) string {
	if start < lead {
		return ""
	}
	name := fieldName(t[start:stop])
	if name == 0 {
		return ""
	}
	var buf [foldB64Max]byte
	n, m, lines, pad := 0, 0, 1, false
	first, last := -1, -1
	var cl uint8
	i := start + name + 1
	for i < stop && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	for ; i < stop; i++ {
		switch c := t[i]; {
		case c == '\r' && i+1 < len(t) && t[i+1] == '\n':
		case c == '\n':
			if i+2 >= stop || t[i+1] != '\t' || t[i+2] == ' ' || t[i+2] == '\t' {
				return "" // folded with one tab alone (the kernel's test)
			}
			lines++
			i++
		case c >= 0x80 || asciiEv[c]&acB64 == 0 || pad && c != '=':
			return ""
		case c == '=':
			pad = true
		default:
			if first < 0 {
				first = i
			}
			last = i
			cl |= caseCl[c]
			if m < len(buf) {
				buf[m] = c
				m++
			}
			n++
		}
	}
	if n < blobB64Min || lines < 2 || last-first+1 < groupSpanMin || cl != clUpper|clLower|clDigit {
		return ""
	}
	// In the header block: no empty line before it.
	if bytes.Contains(t[lead:start], []byte("\n\n")) || bytes.Contains(t[lead:start], []byte("\n\r\n")) {
		return ""
	}
	var d [foldB64Max * 3 / 4]byte
	k, err := base64.StdEncoding.Decode(d[:], buf[:m-m%4])
	if err != nil || !asciiWords(d[:k]) {
		return ""
	}
	return strconv.Itoa(n) + " base64 characters folded over " + strconv.Itoa(lines) + " lines of the header " + string(t[start:start+name]) + " from byte " + strconv.Itoa(first) + " decode to " + quoteVisible(d[:k], 24)
}
