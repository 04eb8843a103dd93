package evasions

import (
	"bytes"
	"strconv"
)

// Session 29 (b64sp): binary-to-text encodings cut up or unusual
// (benchmarks/evplant9.py, evplant11.py).
//
// yEnc (evplant9's yenc_part, 0 of 30 as encoded_blob: found as
// control_char only): "=ybegin line=128 size=N name=F", lines of the
// bytes plus 42 (NUL, LF, CR and = escaped with =), "=yend size=N". A
// yEnc part of random bytes holds a control (C0 or C1) in nearly every
// line, so the kernel and scan give up at its first one as at any
// control while none is found, and the full check reads it there:
// yencCheck, asked by general (and the reference) at each control while
// no control and no blob are found, looks back over at most yencBack
// bytes for an =ybegin line with line=, size= and name=, and forward for
// an =yend line with size=; both make a blob (encoded_blob beside the
// control_char). No stop is new, and a text without a control never
// asks. yencLook.done keeps the look back linear over a text of many
// lossy controls (cp1252Punct, lossyControl: each is asked at, none is
// recorded). corpus-200MB-s1 has no "=ybegin" at all.

// Looked at and left (evplant9 seeds 1 and 2, evplant11):
//
//   - b64_space_groups (evplant9, 0 of 30) and b64_quoted_reply
//     (evplant11, 0 of 30): base64 cut into groups of four by single
//     spaces, and base64 wrapped at 60 and quoted with "> ". Every block
//     of the first holds a space and a line of the second is 6 or 7
//     blocks, so the kernel's base64 chain (chainB64, 10 blocks) never
//     reaches its stop, and nothing else stops there. What is left is
//     the chain stepping over those bytes, which costs no stop on clean
//     mail: benchmarks/b64chain_sim.py simulates the chain (8-byte blocks
//     from each text's start) with a space ok when another space lies 5
//     bytes before or after it (A), and with a > after a line feed and
//     the space after that > ok too (B). corpus-200MB-s1 (184 MB): the
//     chain reaches 10 blocks 145,163 times as it is, 145,172 with A
//     (+9), 145,188 with B (+25); corpus-30MB-s1 21,233, 21,234, 21,236;
//     the first MB (BenchmarkCheckTextHot) 1,067 in all three. The blocks
//     that may continue a chain grow 3.44 to 5.60 million, but prose
//     seldom has ten such blocks in a row. The kernel's part, measured
//     alone (benchmarks/b64chain_kernel_cost.patch: VPCMPEQB of the
//     chunk and of the bytes 5 on with spaces, KSHIFTLQ, KORQ, KANDQ and
//     a masked VMOVDQU8 into CHAINMASKS' byte classes, 6 instructions a
//     chunk for A, 15 for B with the > and line-feed compares from
//     memory; the block loop, b64Clean, b64Take and the full check's
//     base64 run unchanged, so not a rule): against this file's binary,
//     evasions test binaries under the CPU lock, 10 rounds at load 8-16
//     (thread CPU), BenchmarkCheckTextHot 665 -> 702 us with A and 701 us
//     with B (p=0.48, 0.32; the pairs' median ratios 1.046 and 1.125),
//     AddCorpus/lazy 23.5 -> 24.9 and 23.4 ms; the spread +-15-31%, and
//     the binaries ran in one order each round (main's, this, A, B),
//     where this file's binary was 1.035 of main's on Hot by the pairs'
//     median (1.003 in 8 rounds of random order), so the later binaries
//     may pay for their place: not told apart, no bound under the +2% a
//     change may cost; a quieter host should measure it. The rest of the
//     way: scan's block loop must take the same blocks (word arithmetic:
//     eqByte(w, ' ') against the bytes 5 before and after, which needs the
//     neighbouring words), b64Clean and b64Take (chainclean.go) and the
//     full check's and the reference's base64 runs must step over the
//     same bytes (a run of base64 with such spaces or quote marks between
//     is one run, the spaces and "> " not counted), and the evidence
//     must say so. Left for a session with the time to change all five
//     together. Session 29's "b64ch" helper built it another way
//     (benchmarks/b64groups_rule.patch, against 44796e0: b64groups.go, a
//     kernel stop of its own at a 64-byte chunk of only base64 letters,
//     space, line feed and >, spaces every 5 bytes or at most two line
//     feeds each before "> ", then a rule at the text's end over runs of
//     127+ bytes: groups with upper, lower and digits; quoted lines of one
//     width 29-120 that decode to ASCII words). It found evplant9
//     b64_space_groups 30; 30 of 30, evplant11 b64_quoted_reply 29; 26,
//     evplant12 eb_b64_spaced_groups 30; 30 and eb_b64_quoted_reply 27;
//     28 (seeds 1; 2), with every control, corpus-200MB's findings and
//     the verify set unchanged, but cost BenchmarkCheckTextHot +12-16%
//     (10 rounds under the lock, median pair ratio 1.12; AddCorpus/lazy
//     +6.1%, p=0.029; groupB64 5.3% of the samples, 10.6% of
//     corpus-200MB's chunks pass its byte-class test): not landed. Its
//     ways down: no hint from full-check windows and URL stops, groupB64
//     reading only near the stop, a digit or + or / asked of a chunk
//     before the out-of-line test. Session 30 (b64g) landed it with the
//     last two and the hints narrowed (b64groups.go): groupB64 reads
//     only the stretches around a chunkGroup stop, a chunkURL stop in a
//     line starting "> ", and a full-check window of 32+ bytes (254
//     before it), from the byte after the last one no run holds, so it
//     finds what the reference finds; the kernel's out-of-line test asks
//     a digit, + or / first (corpus-200MB-s1: 297,268 chunks pass the
//     byte-class test, 192,472 with one, blobs found or not). Found as
//     session 29's rule, every control, corpus-200MB's findings and the
//     verify set unchanged, and groups of eight too (evplant13); its
//     cost, about +3-4% on BenchmarkCheckTextHot (the kernel's test, a
//     branch out of line mispredicted for prose), in b64groups.go's doc.
//   - z85_line (evplant9, 0 of 30): ZeroMQ's Z85 on one line. Its
//     alphabet (letters, digits, . - : + = ^ ! / * ? & < > ( ) [ ] { } @
//     % $ #) has neither a backtick, a tilde nor a backslash, so no stop
//     of the kernel falls in it but by chance (an & before a letter of
//     the & table, =C to =F, two % three apart); a Z85 rule needs a stop
//     of its own, such as a chunk of that alphabet alone with no space
//     (long URLs are such chunks too). Session 30: found where an & with
//     a stop byte after it falls in it (recall26.go's z85At).
//   - b64_short_lines (1; 2 of 30, seeds 1; 2): 92 base64 characters,
//     under blobB64Min (100). rfc1924_line and rfc1924_wrapped (0 and 1;
//     1 and 2): 72-79 characters, under the base85 run's 100, and one of
//     140 with neither a backtick nor a tilde (recall17.go's note).
//     btoa_block (1; 1): 80 characters, and 137 whose lines hold neither
//     a backslash nor a backtick ("xbtoa Begin" stops nothing). The
//     reference misses them all too. yenc_part's miss on seed 2 has a
//     control earlier in the mail: the kernel and scan take controls once
//     one is found, so the full check never reads the yEnc part's.

// Cost: yencCheck runs only at controls the full check reads while none
// is found, a85Delimited only at a <~ (corpus-30MB-s1: 52 of 20,869 rows
// hold a C0 or C1 control, one a <~), so BenchmarkCheckTextHot and
// AddCorpus do next to none of their work. Against main 7869ea2
// (evasions test binaries under the CPU lock, thread CPU, benchstat):
// 10 rounds in one order, Hot 664.6 -> 664.5 us (p=0.97),
// AddCorpus/lazy 23.45 -> 23.51 ms (p=0.91); 8 rounds in random order,
// Hot 782 -> 747 us (p=0.72, the pairs' median ratio 1.003),
// AddCorpus/lazy 28.2 -> 26.7 ms (p=0.88, 0.959). Within the noise
// (+-12-25% at load 8-16).

// yencBack is how far before a control yencCheck looks for the =ybegin
// line: a line of 128 bytes (line=128, the usual) is some 260 bytes of
// UTF-8 when half its bytes are past 0x7F, and the first control comes
// in its first line but for a chance of 0.76^128.
const yencBack = 1024

// yencLook is what yencCheck carries through a text: the =ybegin line
// it found and has not yet tried (its start + 1, 0 for none), and where
// it has looked up to.
type yencLook struct {
	begin, done int
}

// yencCheck records, when the control at t[i] is inside a yEnc part
// (an =ybegin line before it, an =yend line after it), that part as a
// blob.
func (y *yencLook) check(t []byte, i int, found *[numEvasionKinds]string) {
	from := max(y.done-len("=ybegin ")+1, i-yencBack, 0)
	if k := bytes.LastIndex(t[from:i], []byte("=ybegin ")); k >= 0 && (from+k == 0 || t[from+k-1] == '\n') {
		y.begin = from + k + 1
	}
	y.done = i
	if y.begin == 0 || i-(y.begin-1) > yencBack {
		return
	}
	start := y.begin - 1
	head := t[start:]
	if e := bytes.IndexByte(head, '\n'); e >= 0 && start+e < i {
		head = head[:e]
	} else {
		return // the control is on the =ybegin line itself: tried at the next
	}
	y.begin = 0 // tried: not again
	size := yencField(head, " size=")
	if size < 0 || yencField(head, " line=") <= 0 || !bytes.Contains(head, []byte(" name=")) {
		return
	}
	end := bytes.Index(t[i:], []byte("\n=yend "))
	if end < 0 {
		return
	}
	tail := t[i+end+1:]
	if e := bytes.IndexByte(tail, '\n'); e >= 0 {
		tail = tail[:e]
	}
	if yencField(tail, " size=") < 0 {
		return
	}
	found[iBlob] = "a yEnc part of " + strconv.Itoa(size) + " bytes from byte " + strconv.Itoa(start) + ": " + quoteVisible(t[start:start+len(head)], 60)
}

// yencField returns the number after name (" size=") in the header line
// l, or -1 when there is none.
func yencField(l []byte, name string) int {
	k := bytes.Index(l, []byte(name))
	if k < 0 {
		return -1
	}
	n, digits := 0, 0
	for _, c := range l[k+len(name):] {
		if c < '0' || c > '9' {
			break
		}
		if n < 1<<40 {
			n = n*10 + int(c-'0')
		}
		digits++
	}
	if digits == 0 {
		return -1
	}
	return n
}

// Ascii85 between its delimiters, short and wrapped (evplant9's
// ascii85_delimited, 28 of 30 on seeds 1 and 2): the misses were
// payloads of 75-99 characters, "<~...~>" on one line or wrapped at 75
// (the closing ~> itself cut by the wrap, "~\n>", in one), under a85Min
// (100) as one run and under a85Wrapped's lines. Both delimiters are the
// evidence a short run lacks: a85Delimited takes the characters after
// an opening <~ through line breaks to a closing ~> (or ~, a line break,
// >), a85DelimMin or more of them, with upper- and lower-case letters,
// digits and a fifth or more of other characters as a85Run wants. It is
// asked where a85Tilde reads the run after <~ and it is no blob: the
// tilde stops the kernel (ccBackslash, recall16.go), so no stop is new.
// corpus-200MB-s1 has 6 <~ in 6 rows, all "<~>" (a home directory in a
// patch); the controls none.
const (
	a85DelimMin = 50   // characters between <~ and ~>
	a85DelimMax = 4096 // bytes read after <~ at most: a window, not the whole text
)

// a85Delimited returns the Ascii85 characters after the <~ whose tilde
// is t[j], line breaks among them, through a closing ~>: where they start
// and end (at the closing tilde), and whether they are a blob.
func a85Delimited(t []byte, j int) (lo, hi int, blob bool) {
	if j == 0 || t[j-1] != '<' {
		return 0, 0, false
	}
	lo, hi = j+1, j+1
	n, sym := 0, 0
	var cl uint8
	for ; hi < len(t) && hi-lo < a85DelimMax; hi++ {
		c := t[hi]
		if c == '\n' || c == '\r' {
			continue
		}
		if !a85Byte(c) {
			break
		}
		n++
		if k := caseCl[c]; k != 0 {
			cl |= k
		} else {
			sym++
		}
	}
	if hi >= len(t) || t[hi] != '~' {
		return lo, hi, false
	}
	k := hi + 1
	if k < len(t) && t[k] == '\r' {
		k++
	}
	if k < len(t) && t[k] == '\n' {
		k++
	}
	if k >= len(t) || t[k] != '>' {
		return lo, hi, false
	}
	return lo, hi, n >= a85DelimMin && cl == clUpper|clLower|clDigit && 5*sym >= n
}
