package evasions

import (
	"bytes"
	"encoding/base64"
	"strconv"
)

// Session 29 (b64ch): base64 cut into groups of four (session 30: or
// eight) by single spaces or line feeds (evplant9's b64_space_groups, evplant12's
// eb_b64_spaced_groups), and base64 lines quoted with "> " (evplant11's
// b64_quoted_reply, evplant12's eb_b64_quoted_reply): 0 of 30 each,
// since every block of the first holds a space and a quoted line is 6
// or 7 blocks, so the kernel's base64 chain (chainB64) never stops there
// (recall20.go's note). Stepping the chain over those bytes needs the
// kernel, scan's block loop, b64Clean and b64Take, the full check's
// base64 run and the reference changed together; this rule does not
// touch the chain.
//
// The rule (groupB64, a text-level check after the others, as
// b64TailLine): while no blob is found, a run of base64 groups of four,
// or of eight (letters, digits, + /; = padding only in the last; the
// width the first group's) each followed by
// one space or line feed (session 31: or CR LF, or a space before
// either: recall33.go), or a run of lines "> " + base64 (every line
// of the same length, 29 to 120 characters, but the last no longer),
// spanning groupSpanMin bytes or more up to its last character before
// any =, whose characters hold upper, lower and digits; a quoted run's
// must also decode to ASCII words (asciiWords, recall23.go: quoted PGP
// signatures do not). Groups of four need no decoding: half of
// evplant9's hold random bytes, and a word of four before them ("bulk"
// ending a header line) is taken in as a group.
//
// The stop: the kernel stops (chunkGroup), while no blob is found, at a
// chunk of 64 bytes of letters, digits, + / space, line feed and >
// alone (bit 0x40 of kernelTables.url's bytes) holding a digit, + or /
// (bit 0x20) that is either grouped (no >, the spaces and line feeds
// every 5 bytes exactly, or every 9) or quoted (at most two line feeds, each with
// "> " after it, no other > or space past the first two bytes: a chunk
// may start or end inside the "\n> " between two lines, or lie inside a
// line, where it is base64 alone, stopping as chunkURL without a + or /,
// as chunkGroup with one). A run spanning groupSpanMin (127) bytes holds
// a whole chunk wherever the kernel's chunks start, and every such chunk
// of a run stops it (lines of 29 or more: at most two line feeds in a
// chunk) but one without a digit, + or / (base64 of English text: 0.75%
// of its 64-byte chunks grouped, 0.46% plain, README.md's), missed where
// it is a run's only whole chunk.
//
// Where groupB64 reads (session 30, b64g: groupHints): scan notes the
// chunk of each chunkGroup stop, and of each chunkURL stop in a line
// that starts with "> " (quotedLine: a quoted line of 64 or more whose
// chunks straddling a line break are not whole in the run), and
// checkTextLazy each full check's window of groupFullMin bytes or more
// from groupBack (254) bytes before it (the kernel did not read it;
// FuzzGroupB64 found a run after a control at byte 0); at the end
// groupB64's loop runs over those stretches alone, each from the byte
// after the last one no run holds before it (groupRunByte: the loop
// never steps over such a byte, so it is where it would be from the
// text's start and finds what the reference finds). Without the kernel
// (useChunks off) groupB64 reads every text. A run scan's block loop
// reads through (a stop of the kernel every 64 bytes or less in it) is
// missed.
//
// benchmarks/b64group_chunk_sim.py simulates the stop (chunks from each
// text's start, blobs found or not). First built with quoted chunks
// needing a line feed or "> " and no allowance in the first two bytes:
// corpus-200MB-s1 2,812,801 chunks, 307,166 (10.9%) pass the byte-class
// test (the out-of-line work), 10 stop, all quoted PGP signatures (under
// 100 characters or not decoding to words); the planted rows with a
// stop: evplant9 b64_space_groups 30/30 and 30/30 (seeds 1, 2),
// evplant11 b64_quoted_reply 30/30 and 26/30, evplant12
// eb_b64_spaced_groups 30/30 and eb_b64_quoted_reply 28/30 (seed 1). But
// evplant12 quotes lines of 72, and a chunk inside a line stopped
// nothing (the test's lines of 76 missed at some offsets): as built, 297,268
// pass the class test and 22,396 chunks in 5,085 rows would stop, nearly
// all inside base64 bodies, where the kernel stops nothing once their
// blob is found (earlyB64), so far fewer stop; a text whose blob is
// found returns from groupB64 at once. The stop first came before the
// separated hex dump's: it took chunks of "0xde 0xad" (groups of four)
// from it, and evplant5's hex_separated_0x fell 30 -> 24 and 26; it
// comes after the repeat's test too (chunks of "free free free" are a
// repeated phrase first: TestScanChunks).
//
// Session 29's cost, NOT within the +2% a change may cost: evasions test binaries
// against the integration's (44796e0), under the CPU lock, thread CPU,
// at load (a go test of the package running beside): 10 rounds,
// BenchmarkCheckTextHot 623.8 -> 654.8 us (p=0.105; the pairs' median
// ratio 1.12), AddCorpus/lazy 21.68 -> 23.00 ms (+6.1%, p=0.029; 1.12),
// allocations +4.7% (groupB64's buffers); pprof: groupB64 5.3% of both
// benchmarks' samples (the texts with a full-check window of
// groupFullMin, or a chunkURL stop, read a byte at a time). Reading
// only stretches of the runs' bytes (letters, digits, + / space, line
// feed, >) of groupSpanMin or more, found by a loop over a byte table
// first (not kept), measured 8 rounds Hot +15.7% (p=0.038; 1.14),
// AddCorpus +3% (p=0.195): so most of Hot's is the kernel's part or the
// hints, not yet told apart.
//
// Session 30's cost (b64g: the hints narrowed, the digit asked first),
// against main 32ef2a1's evasions test binary, under the CPU lock,
// thread CPU, load 12-22 (the spread +-12-31%): 20 rounds alternated
// (the order flipped each round), BenchmarkCheckTextHot the pairs'
// median ratio 1.095 (720 -> 813 us, p=0.165, and 900 -> 943 us,
// p=0.353, in two sets of 10), AddCorpus/lazy 1.024 (23.5 -> 25.5 ms,
// p=0.143; 31.0 -> 33.9 ms, p=0.912); allocations +1.9% (groupDecodes'
// buffer). The least of 20-25 runs of Hot (-benchtime 300x, 5 to a
// process, alternated under the lock) against main's in the same set:
// 1.039, 1.047, 1.029 and once 1.122. In Hot's megabyte (727 texts)
// groupB64 is hinted 9 times and reads 1,048 bytes of 2 texts
// (corpus-30MB-s1: 723 hints, 77,176 bytes of 133 texts), so the cost
// is the kernel's: the inline class test (3 instructions a chunk) and,
// for the tenth of the chunks that pass it (prose of letters and
// spaces), a branch out of line, mispredicted; pprof puts 3.6% of the
// kernel's samples on those lines (some 1.2% of Hot's), not counting
// the mispredictions. About +3-4% on Hot, over the +2% a change may
// cost. Tried and not kept: the digit asked inline with the class test
// (VPTESTNMB, VPTESTMB, two KMOVQ, NEGQ, SBBQ, ANDNQ: no branch for
// prose), the least of the runs 1.019 and 1.149 of main's in two sets,
// pprof 0.20 s of the kernel's 3.3 s on its lines (0.12 s with the
// branch): not told apart at this load.
//
// Measured (da built the README way, against the integration binary
// da-int29b): evplant9 b64_space_groups 0 -> 30/30 on both seeds,
// evplant11 b64_quoted_reply 0 -> 29/30 and 26/30, evplant12
// eb_b64_spaced_groups 0 -> 30/30 on both, eb_b64_quoted_reply 0 and 1
// -> 27/30 and 28/30; encoded_blob evplant9 0.890/0.887 ->
// 0.940/0.937, evplant11 0.844/0.844 -> 0.864/0.862 (0.969/0.966
// without the hard variants), evplant12 0.700/0.703 -> 0.890/0.893;
// every other category and the controls of every planter the same.
// corpus-200MB-s1 --checks evasions and the verify set byte-identical.
// The misses: quoted runs under 127 bytes or of lines of 4-7
// characters, and a run after an attachment's blob (found first).
// Session 30 (b64g), da built the README way against da-base30 (main
// 32ef2a1): the same four variants the same (30; 30, 29; 26, 30; 30,
// 27; 28), every other category and control row of every planter the
// same, and evplant13 b64_quoted_reply 1 -> 29 and 30 of 30,
// b64_space_groups 0 -> 15 and 20 of 30 (its others are groups of
// eight, "QnV5IGNo ZWFwIHZp"); corpus-200MB-s1 --checks evasions and
// the verify set byte-identical. Groups of eight then taken too (the
// first group sets the width; the kernel's grouped test also takes the
// spaces and line feeds every 9 bytes from one in the first nine):
// evplant13 b64_space_groups 30 of 30 on both seeds, every other row of
// every planter, corpus-200MB-s1's findings and the verify set the same.

// groupSpanMin is the bytes a run spans, from its first character (or
// the > of its first line) to its last before any =: a whole chunk of
// the kernel's lies in it wherever chunks start.
const groupSpanMin = 127

// groupFullMin is the bytes of a full check's window after which
// groupB64 looks at the text: less of a run than this beside a window
// leaves a whole chunk of it to the kernel.
const groupFullMin = 32

// groupLineMin and groupLineMax bound a quoted run's line of base64.
const (
	groupLineMin = 29
	groupLineMax = 120
)

// groupWidth names the width of a run's groups, by width/8.
var groupWidth = [2]string{"four", "eight"}

// groupChar reports whether c is of the base64 alphabet without =.
func groupChar(c byte) bool {
	return c < 0x80 && asciiEv[c]&acB64 != 0 && c != '='
}

// groupB64 records the first run of grouped or quoted base64 that
// decodes to ASCII words (see above), while no blob is found: the
// reference's, and checkText's without the kernel.
func groupB64(t []byte, found *[numEvasionKinds]string) {
	if found[iBlob] != "" {
		return
	}
	var buf []byte
	groupScan(t, found, 0, len(t), &buf)
}

// groupScan is groupB64's loop over the runs starting from t[p] (where
// groupB64 would be: at the text's start, or after a byte no run holds)
// up to t[end]: it returns where it stopped, having found a run or not.
// A run read from before end is read whole.
func groupScan(t []byte, found *[numEvasionKinds]string, p, end int, buf *[]byte) int {
	for ; p < end; p++ {
		c := t[p]
		if c == '>' && (p == 0 || t[p-1] == '\n') {
			hi, n, ok := quotedRun(t, p, buf)
			if ok {
				if e := quotedEvidence(t, p, n, *buf); e != "" { // recall37.go: any quote mark, binary too
					found[iBlob] = e
					return len(t)
				}
			}
			p = max(p, hi-1)
			continue
		}
		if groupChar(c) && (p == 0 || !groupChar(t[p-1]) && t[p-1] != '=') {
			hi, n, width, ok := groupedRun(t, p, buf)
			if ok && groupClasses(*buf) {
				found[iBlob] = strconv.Itoa(n) + " base64 characters in groups of " + groupWidth[width/8] + " from byte " + strconv.Itoa(p) + ": " + quoteVisible(t[p:], 24)
				return len(t)
			}
			p = max(p, hi-1)
		}
	}
	return p
}

// groupRunByte reports whether a run of groupB64's may hold c: base64's
// alphabet, space, line feed and >. groupB64's loop never steps over any
// other byte, so after one it is where it would be had it started at the
// text's start.
func groupRunByte(c byte) bool {
	return c < 0x80 && asciiEv[c]&acB64 != 0 || c == ' ' || c == '\n' || c == '>' || c == '\r' // CR: recall33.go
}

// groupBack is how far before a full check's window groupB64 looks for
// a run's start: a run's part before the window this long would hold a
// whole chunk of the kernel's, which stops there.
const groupBack = 2 * groupSpanMin

// groupHints is where checkText's groupB64 looks: the stretches from
// lo[k] to hi[k] (run starts), in the text's order, merged when they
// meet and into the last when there are more than fit.
type groupHints struct {
	n      int
	lo, hi [4]int
}

// add notes that a run may start from lo to hi: a chunk where the
// kernel stopped (chunkGroup, or chunkURL in a quoted line), or a full
// check's window of groupFullMin or more, groupBack before it.
func (h *groupHints) add(lo, hi int) {
	lo = max(lo, 0)
	if h.n > 0 && (lo <= h.hi[h.n-1] || h.n == len(h.lo)) {
		h.lo[h.n-1] = min(h.lo[h.n-1], lo)
		h.hi[h.n-1] = max(h.hi[h.n-1], hi)
		return
	}
	h.lo[h.n], h.hi[h.n] = lo, hi
	h.n++
}

// check runs groupB64 over the stretches noted (over t whole without
// the kernel), each from the byte after the last no run holds before
// it, while no blob is found.
func (h *groupHints) check(t []byte, found *[numEvasionKinds]string) {
	if !useChunks {
		groupB64(t, found)
		foldedB64(t, found) // b64fold.go
		return
	}
	if h.n == 0 || found[iBlob] != "" {
		return
	}
	var buf []byte
	done := 0
	for k := range h.n {
		p := min(h.lo[k], len(t))
		for p > done && groupRunByte(t[p-1]) {
			p--
		}
		done = groupScan(t, found, max(p, done), min(h.hi[k], len(t)), &buf)
	}
	for k := 0; k < h.n && found[iBlob] == ""; k++ {
		foldNear(t, h.lo[k], h.hi[k], found) // b64fold.go: base64 folded into a header
	}
}

// quotedLine reports whether the line holding t[i] starts with "> ",
// or (b64fold.go) is a folded line starting with a tab, within
// groupLineMax+2 bytes before: a chunk of base64url's alphabet
// (chunkURL) there may lie inside a quoted line of base64, or inside a
// header's folded base64 (with CR LF, the kernel takes up again after
// the CR's block, inside the line).
func quotedLine(t []byte, i int) bool {
	from := max(0, i-groupLineMax-3)
	k := from + bytes.LastIndexByte(t[from:i], '\n') + 1 // the line's start
	if k == from && from > 0 {
		return false // no line feed so near
	}
	return k+1 < len(t) && (quotePrefix(t, k) > 0 || t[k] == '\t' && k > 0) // any quote mark: recall37.go
}

// groupedRun reads the run of groups of four, or of eight, from t[p]
// (the start of a group; the first sets the width): it returns where
// its characters end (before any =), their count, the width, and
// whether it is one (groups of that width only, two or more, spanning
// groupSpanMin), the characters in *buf.
func groupedRun(t []byte, p int, buf *[]byte) (hi, n, width int, ok bool) {
	*buf = (*buf)[:0]
	j := p
	groups, limit := 0, 8
	for {
		k := j
		for k < len(t) && k-j < limit && groupChar(t[k]) {
			k++
		}
		pad := k
		for pad < len(t) && pad-j < limit && t[pad] == '=' {
			pad++
		}
		if groups == 0 && (pad-j == 4 || pad-j == 8) {
			width, limit = pad-j, pad-j
		}
		sep := groupSep(t, pad) // a space, a line break, or both (recall33.go)
		if pad-j != width || pad < len(t) && sep == 0 {
			if groups == 0 {
				return max(k, p+1), 0, 0, false // not a group of four or eight with a space, a line feed or the end after it
			}
			break // the run ends before it ("Date:" on the next line)
		}
		*buf = append(*buf, t[j:k]...)
		groups++
		hi = k
		if pad > k || sep == 0 || pad+sep >= len(t) || !groupChar(t[pad+sep]) {
			break // padding ends the run, or no group after one separator
		}
		j = pad + sep
	}
	return hi, len(*buf), width, groups >= 2 && hi-p >= groupSpanMin
}

// quotedRun reads the run of quoted base64 lines from the > at t[p]
// (after a line feed or at the text's start): where its characters end
// (before any =), their count, and whether it is one (two or more
// lines, every one of the first's length but the last, which is no
// longer; groupLineMin to groupLineMax; spanning groupSpanMin), the
// characters in *buf.
func quotedRun(t []byte, p int, buf *[]byte) (hi, n int, ok bool) {
	*buf = (*buf)[:0]
	j := p
	lines, width := 0, 0
	hi = p + 1
	mark := quotePrefix(t, p) // "> ", ">> ", "> > ": the same on every line (recall37.go)
	for mark > 0 && j+mark < len(t) && bytes.Equal(t[j:j+mark], t[p:p+mark]) && quotePrefix(t, j) == mark {
		k := j + mark
		for k < len(t) && groupChar(t[k]) {
			k++
		}
		pad := k
		for pad < len(t) && pad-k < 2 && t[pad] == '=' {
			pad++
		}
		w := k - (j + mark)
		le := quotedLineEnd(t, pad) // a line feed or CR LF (recall33.go)
		if pad < len(t) && le == 0 || w < 1 || lines == 0 && (w < groupLineMin || w > groupLineMax) || lines > 0 && w > width {
			break // not a line of base64 alone; too short or long
		}
		*buf = append(*buf, t[j+mark:k]...)
		lines++
		hi = k
		if lines == 1 {
			width = w
		}
		if w < width || pad > k || pad+le >= len(t) {
			break // a shorter line or padding ends the run
		}
		j = pad + le
	}
	return hi, len(*buf), lines >= 2 && hi-p >= groupSpanMin && (mark == 2 || deepGrid(t, p, hi)) // deeper marks: recall37.go
}

// groupClasses reports whether the base64 characters s hold upper,
// lower and digits.
func groupClasses(s []byte) bool {
	var cl uint8
	for _, c := range s {
		cl |= caseCl[c]
	}
	return cl == clUpper|clLower|clDigit
}

// groupDecodes reports whether the base64 characters s hold upper, lower
// and digits and decode to ASCII words.
func groupDecodes(s []byte) bool {
	if !groupClasses(s) {
		return false
	}
	if len(s)%4 == 1 {
		s = s[:len(s)-1]
	}
	d := make([]byte, base64.RawStdEncoding.DecodedLen(len(s)))
	m, err := base64.RawStdEncoding.Decode(d, s)
	return err == nil && asciiWords(d[:m])
}
