package evasions

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"
)

// Session 32 (enc15): benchmarks/evplant15.py's encoded_blob misses.
//
// # Quoted base64 at any depth, whatever it decodes to
//
// A forwarded attachment quoted once or twice (evplant15's
// b64_quoted_forward_twice: wrapped base64 behind "> " or ">> ", 3 and
// 8 of 30 on seeds 1 and 2) was taken only behind "> " and only when
// it decoded to ASCII words (quotedRun, groupDecodes: session 29 kept
// quoted PGP signatures out that way). Quoting changes nothing of what
// the base64 is, so a quoted run is now read as an unquoted one is
// (notBase64, b64Evidence): behind any quote mark (quotePrefix: one to
// quoteDepthMax >, a space allowed between them and one after the last:
// "> ", ">> ", "> > "), the same on every line of the run, it is a blob
// when it decodes to ASCII words (as before) or when no armour line
// declares it (declaredArmour: a quoted "-----BEGIN PGP SIGNATURE-----"
// within declaredWindow bytes before it, as for an unquoted one), and
// an encoded_attachment when a quoted MIME header declares it
// (declaredMIME). The runs are found where they were (groupB64 over
// groupHints' stretches; quotedLine takes the deeper marks too, for
// the chunkURL stops inside a quoted line); the kernel is unchanged, so
// a run behind a deeper mark needs a window of its own (looks37,
// below).
// corpus-200MB-s1 has two quoted runs of 100 base64 characters or more
// (lines 114092 and 135523, both quoted PGP signatures after their
// armour line), corpus-30MB-s1 and the planters' controls none.
//
// # Binary written as quoted-printable
//
// binascii.b2a_qp(istext=False) of random bytes (evplant15's
// qp_of_binary, 11 and 8 of 30) writes about two bytes in three as =XX
// and the rest raw, printable ASCII between the escapes, in lines of 76
// ending in a soft line break: escRun (blobs.go) wants its escapes one
// after another, and a raw byte every 2.3 escapes ends its runs. Text
// in quoted-printable, whatever its charset, holds no C0 control but
// tab, line feed, vertical tab, form feed, carriage return and ESC
// (ISO-2022-JP's), so a run of quoted-printable lines (qpbRun: every
// line but the last ending in a soft line break, each all printable
// ASCII, spaces and tabs, every other = an escape) whose escapes
// decode qpbCtlMin or more other controls, one byte in qpbCtlShare or
// more of what it decodes to, is binary left encoded: an encoded_blob
// (qpBinary). Random bytes are 27 such controls in 256. Such a run is the
// row's blob beside a MIME part declared base64 as well: after it
// (qpBinaryAfter, in blobAfterAny) or before it (qpTakes: the
// attachment, found by the scan first, would hide it; evplant15 seed 2
// r04195).
//
// Where: qpBinary is a text-level check after the others (as keyRun),
// which looks at 24 bytes every qpbStep (232; a run of qpbSpanMin, 256,
// or more holds one such window wherever it starts; one pass with the
// deeper quote marks' windows, every second one: looks37) and goes
// on only where they hold qpbEqMin = or more (three words compared at a
// time) and an escape of a control among them (qpbWindow), then reads
// the run through them once. Gated by the tally's count of characters
// that are neither letters, digits nor white space: a run holds
// qpbUnitsMin escapes, each an = of that count. The reference asks it of
// every text (refCheckText, with len(t) for the count).
//
// # Wrapped base64 opening a text
//
// b64Lead took wrapped base64 opening a text (3 lines of one width or
// more) as "a MIME part declared base64, cut from its mail" whatever
// followed it, an encoded_attachment. evplant15's
// b64_inline_attachment_lost_headers plants such base64 at a mail
// body's start (a forwarded attachment whose headers were dropped),
// before prose or a whole mail (6 and 9 of 30 taken as attachments).
// Nothing in those rows declares a part. What corpus-200MB-s1's 521
// rows that b64Lead alone takes have after their run is the next part's
// boundary or headers (a corpus that cut mail into rows at part edges):
// b64Lead now asks that (leadPartEnds: past white space, the text's
// end, a line starting "--" and a character that is not white space, or
// a "Content-" header), so that a run followed by anything else stays
// an encoded_blob, as wrapped base64 elsewhere in a text is.

// quoteDepthMax is the deepest quote mark quotePrefix takes.
const quoteDepthMax = 8

// quotePrefix returns the length of the quote mark that opens the line at
// t[j]: one to quoteDepthMax >, each but the last followed by a space or
// not, the last by a space ("> ", ">> ", "> > "); 0 when there is none.
func quotePrefix(t []byte, j int) int {
	k := j
	for depth := 0; depth < quoteDepthMax && k < len(t) && t[k] == '>'; depth++ {
		k++
		if k < len(t) && t[k] == ' ' {
			k++
			if k < len(t) && t[k] == '>' {
				continue
			}
			return k - j
		}
	}
	return 0
}

// Deeper quote marks (">> ", "> > "): the kernel's quoted stop takes
// "> " alone, and the chunks it stops at inside a line (chunkGroup,
// chunkURL) lie in a line of 76 at 13 of its offsets only, so a run
// behind a deeper mark is taken where it holds a window of deepWin bytes
// at a multiple of deepStep from the text's start, all of the run's
// bytes (groupRunByte) with a digit, + or / among them (deepWindow):
// checkTextLazy notes every such window whose line starts with a deeper
// mark as a hint (looks37), and quotedRun asks the same of the run
// (deepGrid), so the reference and the fast path take the same runs. A
// run of deepStep+deepWin (488) bytes or more holds such a window
// wherever it starts; base64 lacks a digit, + and / in 24 bytes once in
// 140. deepStep is every second of qpBinary's windows: every one cost
// BenchmarkCheckTextCorpus/fast some 6% more (benchmarks/README.md),
// for one planted row of evplant15 (304 base64 characters behind ">> ").
const (
	deepWin  = 24
	deepStep = 2 * qpbStep
)

// deepWindow reports whether the deepWin bytes w0, w1, w2 (little
// endian) are all of a run's bytes (groupRunByte: base64's alphabet,
// space, line feed, CR and >) and hold a digit, + or /, the digit
// asked first: most windows of prose hold none of + / 0-9, where they
// hold , - . in most (session 33: the first test was of + to 9, which
// passed those; with it, deepWindow and deepBad's calls were 3.3% of
// BenchmarkCheckTextCorpus/fast's samples).
func deepWindow(w0, w1, w2 uint64) bool {
	if deepDigit(w0)|deepDigit(w1)|deepDigit(w2) == 0 {
		return false
	}
	return deepBad(w0)|deepBad(w1)|deepBad(w2) == 0
}

// deepDigit has the high bit of each byte of w that is a digit, + or /
// once its high bit is cleared (a byte over 0x7F is deepBad's).
func deepDigit(w uint64) uint64 {
	x := w &^ highs
	return inRange(x, '/', '9') | eqByte(x, '+')
}

// deepBad has the high bit of each byte of w that is not of a run's
// bytes (groupRunByte); none where all are.
func deepBad(w uint64) uint64 {
	x := w &^ highs // seven bits a byte: inRange and eqByte ask ASCII bytes
	ok := inRange(x|0x20*ones, 'a', 'z') | inRange(x, '/', '9') | inRange(x, '=', '>') |
		eqByte(x, '+') | eqByte(x, ' ') | eqByte(x, '\n') | eqByte(x, '\r')
	return (w | ^ok) & highs
}

// deepGrid reports whether t[p:hi], a quoted run, holds a deepWindow at
// a multiple of deepStep.
func deepGrid(t []byte, p, hi int) bool {
	for q := (p + deepStep - 1) / deepStep * deepStep; q+deepWin <= hi; q += deepStep {
		if deepWindow(binary.LittleEndian.Uint64(t[q:]), binary.LittleEndian.Uint64(t[q+8:]), binary.LittleEndian.Uint64(t[q+16:])) {
			return true
		}
	}
	return false
}

// quotedEvidence returns the blob evidence of the run of quoted base64
// lines from the quote mark at t[p] whose n characters are chars
// (quotedRun), or "": a blob when the characters decode to ASCII words
// or no armour line declares them, an attachment when a MIME header
// declares them (see above).
func quotedEvidence(t []byte, p, n int, chars []byte) string {
	mark := string(bytes.TrimRight(t[p:p+quotePrefix(t, p)], " "))
	if groupDecodes(chars) {
		return strconv.Itoa(n) + " base64 characters on lines quoted with " + mark + " from byte " + strconv.Itoa(p) + " decode to ASCII words: " + quoteVisible(t[p:], 24)
	}
	if !groupClasses(chars) || declaredArmour(t[max(0, p-declaredWindow):p]) {
		return ""
	}
	if at := declaredMIME(t, p); at >= 0 {
		return attachmentEvidence + " (header at byte " + strconv.Itoa(at) + "): " + strconv.Itoa(n) + " base64 characters on lines quoted with " + mark + " from byte " + strconv.Itoa(p) + ": " + quoteVisible(t[p:], 24)
	}
	return strconv.Itoa(n) + " base64 characters on lines quoted with " + mark + " from byte " + strconv.Itoa(p) + ": " + quoteVisible(t[p:], 24)
}

// leadPartEnds reports whether the base64 run that opens a text and
// ends at t[end] (b64Lead) is cut from a part or ends where a MIME part
// ends: its last line is as wide as the one before and not padded (the
// part goes on past the row), or what follows it, past white space, is
// the text's end, a boundary line ("--" and a character that is not
// white space) or a part's header ("Content-", any case).
func leadPartEnds(t []byte, end int) bool {
	if end < len(t) && t[end] != '\n' && t[end] != '\r' {
		end = bytes.LastIndexByte(t[:end], '\n') + 1 // the run took in a line's first word ("Content" of "Content-Type:")
	}
	if leadCut(t[:end]) {
		return true
	}
	for end < len(t) && (t[end] == ' ' || t[end] == '\t' || t[end] == '\n' || t[end] == '\r') {
		end++
	}
	r := t[end:]
	return len(r) == 0 || len(r) >= 3 && r[0] == '-' && r[1] == '-' && r[2] > ' ' || hasPrefixFold(r, "content-")
}

// leadCut reports whether the last line of the base64 run r is as wide
// as the line before it and ends in no = (padding ends a payload).
func leadCut(r []byte) bool {
	r = bytes.TrimRight(r, "\r\n")
	k := bytes.LastIndexByte(r, '\n')
	if k < 0 || r[len(r)-1] == '=' {
		return false
	}
	last := r[k+1:]
	prev := bytes.TrimRight(r[:k], "\r")
	prev = prev[bytes.LastIndexByte(prev, '\n')+1:]
	return len(last) == len(prev)
}

// Binary as quoted-printable: the thresholds (see above).
const (
	qpbStep     = 232               // looks37's windows for quoted-printable, at multiples of this
	qpbSpanMin  = qpbStep + deepWin // bytes a run of quoted-printable spans at least: it holds a window of looks37's
	qpbEqMin    = 3                 // = in a window of 24 bytes
	qpbUnitsMin = 48                // escapes in a run
	qpbCtlMin   = 8                 // escapes of other C0 controls (or DEL) in a run
	qpbCtlShare = 32                // ... and one decoded byte in this many at least
)

// qpBinary records an encoded_blob for a run of quoted-printable lines
// that decodes to binary (see above), while no blob is found: the
// reference's. other is the count of t's characters that are neither
// letters, digits nor white space (the tally's chars - texty), or
// len(t).
func qpBinary(t []byte, other int, found *[numEvasionKinds]string) {
	if qpTakes(found[iBlob]) {
		if e := looks37(t, other, nil); e != "" {
			found[iBlob] = e
		}
	}
}

// qpTakes reports whether qpBinary records its blob over the blob
// slot's evidence e: none, or a MIME part declared base64 (an
// attachment; the row is the blob's, as for one after the part:
// blobAfterAny, whose qpBinaryAfter cannot see a run before the part).
func qpTakes(e string) bool {
	return e == "" || strings.HasPrefix(e, attachmentEvidence)
}

// looks37 is recall37.go's look at t's windows of deepWin bytes at
// multiples of qpbStep, one pass for both rules: it returns the
// evidence of the first run of quoted-printable that decodes to binary
// (other as qpBinary's), and, with h, notes as groupB64's hints the
// deepWindows at multiples of deepStep whose line starts with a quote
// mark other than "> " (h's runs are read before the evidence is
// taken, as the reference reads them first).
//
// The windows are looked at 64 at a time (looksMasks: on the kernel's
// CPUs one call, windowsAVX512, each window a masked load, a compare
// with = and a class lookup), and only those it marks are read again here:
// a window with qpbEqMin = or more (10,496 of corpus-200MB-s1's 826,741)
// and a deepWindow (38,406 of 447,779). Session 33: before, one Go loop
// asked each window which look it was for and tested its three words
// (deepWindow's first test was of + to 9, which the , - . of prose
// pass): looks37 6.9% of BenchmarkCheckTextCorpus/fast's samples
// (deepWindow's calls 3.3%), 6.3% of checkTextLazy's on corpus-200MB's
// evasion check; now 3.3% there. BenchmarkRecall37Corpus/looks (every
// text, ungated), thread CPU, 6 runs alternated at load 5-8: 4.29 ->
// 2.08 ms (-52%, p=0.002). On the way, two Go loops (one a look) and
// deepWindow's digit test first took the deeper look over the first MB
// of corpus-30MB from 66 to 41 us; the assembly to 21 us.
func looks37(t []byte, other int, h *groupHints) string {
	qp := len(t) >= qpbSpanMin && other >= qpbUnitsMin
	deep := h != nil && (qp || len(t) >= deepStep+deepWin)
	if !qp && !deep {
		return ""
	}
	e, done := "", 0
	nw := (len(t)-deepWin)/qpbStep + 1 // the windows: q+deepWin <= len(t)
	for w := 0; w < nw; w += 64 {
		qm, dm := looksMasks(t, w*qpbStep, min(64, nw-w), qp, deep)
		for ; dm != 0; dm &= dm - 1 {
			q := (w + bits.TrailingZeros64(dm)) * qpbStep
			k := max(0, q-groupLineMax-quoteDepthMax*2)
			k += bytes.LastIndexByte(t[k:q], '\n') + 1
			if quotePrefix(t, k) > 2 {
				h.add(q, q+deepWin)
			}
		}
		for ; qp && qm != 0; qm &= qm - 1 {
			q := (w + bits.TrailingZeros64(qm)) * qpbStep
			if q < done || !qpbWindow(t[q:q+deepWin]) {
				continue
			}
			lo, hi := qpbRun(t, q)
			if e = qpbEvidence(t, lo, hi); e != "" {
				if qp = false; !deep {
					return e
				}
			}
			done = hi // the next look past this run
		}
	}
	return e
}

// looksMasks returns the masks of looks37's n windows (n at most 64)
// from t[from], at qpbStep apart: bit i of qp set when window i holds
// qpbEqMin = or more, of deep when it is at a multiple of deepStep
// (from is one) and a deepWindow; each asked only when its argument is
// true (the kernel's call takes both, and the one not asked is
// dropped).
func looksMasks(t []byte, from, n int, qp, deep bool) (qm, dm uint64) {
	if useChunks {
		_ = t[from+(n-1)*qpbStep+deepWin-1]
		qm, dm = windowsAVX512(&t[from], n, qpbStep, &deepClass)
		dm &= 0x5555555555555555 // the windows at multiples of deepStep
		if !qp {
			qm = 0
		}
		if !deep {
			dm = 0
		}
		return qm, dm
	}
	return looksGo(t, from, n, qp, deep)
}

// looksGo is looksMasks in word arithmetic.
func looksGo(t []byte, from, n int, qp, deep bool) (qm, dm uint64) {
	for i := range n {
		q := from + i*qpbStep
		w0 := binary.LittleEndian.Uint64(t[q:])
		w1 := binary.LittleEndian.Uint64(t[q+8:])
		w2 := binary.LittleEndian.Uint64(t[q+16:])
		if qp && bits.OnesCount64(eqByteAny(w0, '=')|eqByteAny(w1, '=')>>1|eqByteAny(w2, '=')>>2) >= qpbEqMin {
			qm |= 1 << i
		}
		if deep && i%2 == 0 && deepWindow(w0, w1, w2) {
			dm |= 1 << i
		}
	}
	return qm, dm
}

// deepClass is what windowsAVX512 looks up for each ASCII byte in
// looks37: bit 1 a byte no run has (not groupRunByte), bit 2 a digit, +
// or /.
var deepClass = func() (t [128]byte) {
	for c := range 128 {
		if !groupRunByte(byte(c)) {
			t[c] |= 1
		}
		if c >= '0' && c <= '9' || c == '+' || c == '/' {
			t[c] |= 2
		}
	}
	return t
}()

// qpbWindow reports whether the bytes w hold qpbEqMin escapes or more
// of controls qpbCtl counts or of bytes over 0x7F (text's
// quoted-printable escapes = and spaces, =3D and =20, and letters not
// ASCII one or two escapes at a time).
func qpbWindow(w []byte) bool {
	n := 0
	for i := 0; i+2 < len(w); i++ {
		if w[i] == '=' && hexByte(w[i+1]) && hexByte(w[i+2]) {
			if b := hexVal(w[i+1])<<4 | hexVal(w[i+2]); qpbCtl(b) || b >= 0x80 {
				n++
			}
			i += 2
		}
	}
	return n >= qpbEqMin
}

// qpbCtl reports whether b is a control no text in quoted-printable
// carries: C0 but tab, line feed, vertical tab, form feed, carriage
// return and ESC; and DEL.
func qpbCtl(b byte) bool {
	return b < 0x20 && (b < '\t' || b > '\r') && b != 0x1B || b == 0x7F
}

// qpbLine returns the end of the line of quoted-printable from t[i] (a
// line start): where its line feed is (or len(t)), whether it ends in a
// soft line break, and whether it is quoted-printable at all (printable
// ASCII, spaces and tabs, each = an escape or the soft break).
func qpbLine(t []byte, i int) (end int, soft, ok bool) {
	end = len(t)
	if k := bytes.IndexByte(t[i:], '\n'); k >= 0 {
		end = i + k
	}
	e := end
	if e > i && t[e-1] == '\r' {
		e--
	}
	for j := i; j < e; j++ {
		c := t[j]
		switch {
		case c == '=':
			if j == e-1 {
				return end, true, true
			}
			if j+2 >= e || !hexByte(t[j+1]) || !hexByte(t[j+2]) {
				return end, false, false
			}
			j += 2
		case c < ' ' && c != '\t' || c >= 0x7F:
			return end, false, false
		}
	}
	return end, false, true
}

// qpbRun returns the run of quoted-printable lines through t[p]: from
// the start of the first line whose line before does not end in a soft
// line break (or is not quoted-printable) to the end of the first line
// from p's that does not end in one. lo == hi when p's line is not
// quoted-printable.
func qpbRun(t []byte, p int) (lo, hi int) {
	lo = bytes.LastIndexByte(t[:p], '\n') + 1
	end, soft, ok := qpbLine(t, lo)
	if !ok {
		return lo, lo
	}
	for lo > 0 {
		prev := bytes.LastIndexByte(t[:lo-1], '\n') + 1
		if _, s, o := qpbLine(t, prev); !s || !o {
			break
		}
		lo = prev
	}
	for soft && end < len(t) {
		e, s, o := qpbLine(t, end+1)
		if !o {
			break
		}
		end, soft = e, s
	}
	return lo, end
}

// qpbEvidence returns the blob evidence of the quoted-printable lines
// t[lo:hi] when they decode to binary (qpbUnitsMin escapes, qpbCtlMin
// controls qpbCtl counts, one decoded byte in qpbCtlShare), or "".
func qpbEvidence(t []byte, lo, hi int) string {
	if hi-lo < qpbSpanMin {
		return ""
	}
	units, decoded, ctl, high := 0, 0, 0, 0
	for j := lo; j < hi; j++ {
		c := t[j]
		switch {
		case c == '=' && j+2 < hi && hexByte(t[j+1]) && hexByte(t[j+2]):
			b := hexVal(t[j+1])<<4 | hexVal(t[j+2])
			units++
			decoded++
			if qpbCtl(b) {
				ctl++
			}
			if b >= 0x80 {
				high++
			}
			j += 2
		case c == '=' || c == '\n' || c == '\r':
			// a soft line break
		default:
			decoded++
		}
	}
	if units < qpbUnitsMin || ctl < qpbCtlMin || ctl*qpbCtlShare < decoded {
		return ""
	}
	return strconv.Itoa(decoded) + " bytes of binary written as quoted-printable (" + strconv.Itoa(ctl) + " controls, " + strconv.Itoa(high) + " bytes over 0x7F) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// qpBinaryAfter returns where a run of quoted-printable that decodes to
// binary starts after t[from] (a MIME part declared base64 ends there:
// blobAfterAny), or -1: looks37's windows from from, every qpbStep.
func qpBinaryAfter(t []byte, from int) int {
	for q := from; q+deepWin <= len(t); q += qpbStep {
		w0 := binary.LittleEndian.Uint64(t[q:])
		w1 := binary.LittleEndian.Uint64(t[q+8:])
		w2 := binary.LittleEndian.Uint64(t[q+16:])
		if bits.OnesCount64(eqByteAny(w0, '=')|eqByteAny(w1, '=')>>1|eqByteAny(w2, '=')>>2) < qpbEqMin || !qpbWindow(t[q:q+deepWin]) {
			continue
		}
		lo, hi := qpbRun(t, q)
		if qpbEvidence(t, lo, hi) != "" {
			return lo
		}
		for q+qpbStep < hi {
			q += qpbStep
		}
	}
	return -1
}

// armourBetween reports whether an armour line ("-----BEGIN ", any
// case) lies between a MIME header at t[at] and the base64 run from
// t[start]: the run is the armour's, not the part's the header declares
// (declaredMIME), and so a blob or not by declaredArmour's rule.
// evplant15 seed 1 r00926: a "-----BEGIN PGP MESSAGE-----" planted after
// the host's declared part was taken as declared by its header.
func armourBetween(t []byte, at, start int) bool {
	return at < start && indexFold(t[at:start], "-----begin ") >= 0
}
