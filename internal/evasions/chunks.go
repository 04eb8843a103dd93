package evasions

import (
	"encoding/binary"
	"math/bits"
)

// Sixty-four bytes at a time (scanChunks): on CPUs with AVX-512 BW and
// VBMI, scan's block loop (scan.blocks) hands the kernel every run of
// 64-byte chunks it can prove plain, and takes the eight-byte path only
// for the chunk where the kernel stopped. A chunk is plain when all its
// bytes are ASCII, none is a backslash or a carriage return, none a control (unless a control
// is already found), no aligned eight bytes are one byte repeated (other
// than white space), the chunk is not one byte repeated (white space:
// session 16, runSpaceMin and runBreakMin), and no blob chain reaches its length in it
// (chainB64, chainHex; not checked once a blob is found). For a plain
// chunk the kernel does what the eight blocks of scan.blocks would do:
// it counts the texty bytes, notes a byte that is not white space and
// carries the two blob chains, exactly. In the chunk where it stops, and
// in the last whole blocks of a text (loaded under a mask), it takes the
// plain blocks before the first that is not, so the block loop takes one
// block where a text has a character that is not ASCII, a backslash, a
// control or a run, and no tail of whole blocks (on the 30 MB mail, the
// block loop's bytes 1.5 MB to about 0.6; checkText -8% CPU). It may
// stop at a chunk the block loop would have taken (a hex chain is
// stopped at a little early when two runs of hex blocks share a chunk;
// a chain that stops is not taken in part): the block loop then takes
// it. The kernel is a whole text a call (asm is never inlined) and
// classes each chunk's bytes with one 128-byte table lookup (VPERMI2B).
//
// Tried in session 14 and not kept (BenchmarkCheckTextCorpus/fast and
// BenchmarkCheckTextHot, alternated): a branch past the chain work when
// no block of a chunk may go on with either chain (prose) was 3-10%
// slower, the branch going either way on mail; testing an upper bound
// (the chain plus every counting block) before STOPS1 and STOPS, run
// out of line, was within the noise (-0.7%). What helped: not calling
// the kernel on a block it cannot take (kernelMayTake).
//
// Memory (session 16): in the default audit the batch's texts come from
// the last-level cache or memory (the analyses before, the token counts'
// tables above all, push them out of the second level), and 40% of the
// kernel's samples sat on its first load. The loop prefetches the chunk
// 2 KB ahead (PREFETCHT0; texts lie one after another in a batch, so
// past a text's end it brings in the next ones):
// BenchmarkCheckTextCorpus/fast 24.4-25.9 to 19.1-20.6 ms CPU, four
// rounds alternated at load 7 (512 bytes ahead 19.3-20.6, 1 KB
// 19.2-20.2, 2 KB 19.1-19.4; 4 KB 18.5-19.7 against 2 KB's 17.8-18.4 in
// another three); BenchmarkCheckTextHot unchanged (404-415 against
// 380-411 µs); in the audit on the 200 MB JSONL scanChunksAVX512 215 to
// 107 samples of about 8,000. The same prefetch in b64BlocksAVX512 and
// b64AheadAVX512 (base64 bodies read ahead) was not kept:
// BenchmarkCheckTextCorpus/fast 16.0 against 16.2 ms (p=0.59, six rounds).
//
// Session 17: a chunk of hex digits, white space and : - , x that holds
// a hex digit stops the kernel, which takes none of it and sets
// chunkSepHex: scan looks for a separated hex dump there (sephex.go). The
// bit of the class table that held "continues a hex chain" (hex digit or
// white space) holds : - , x instead; the kernel reads hex-or-white-space
// as ccHex | ccSpace<<4 (VPSLLQ, VPTERNLOGQ), one instruction more a
// chunk. The test for a chunk of those bytes (VPTESTMB, KORTESTQ) takes
// the place of the test for a chunk of one byte, now out of line behind
// it (a chunk of one white-space byte is one of those; session 27,
// wsmix.go: a chunk of white space, bytes mixed, and the test is of the
// white-space class).
//
// Session 18 (blobs.go): = and % are of ccSep too, so the kernel stops
// at a chunk inside a run of =XX or %XX escapes as at a separated dump
// (no instruction more a chunk); scan looks at the chunk whole and its
// blocks go to the Go code (kernelAt +64; +8 before, a call and a look
// at each block of a quoted-printable body: with +8,
// BenchmarkCheckTextCorpus/fast +6.7% CPU against main, p=0.004; with
// +64, +2.6%, p=0.59, six runs each, load 7-12; Hot +14% both). A
// backtick is of ccBackslash: uuencode's last line and Ascii85 hold one
// (2,931 of corpus-200MB's 2.8 million chunks do).
//
// Session 18 (escapes.go): a % with another % three bytes after it (two
// %XX escapes in a row) stops the kernel as a backslash does (PCTPAIRS:
// VPCMPEQB, KSHIFTRQ, KANDQ, KORQ; since session 30 a masked VPCMPEQB of
// the bytes from SI+3, so the pair may cross the chunk's edge:
// recall26.go; 0.24% of corpus-30MB's chunks have
// one), so a run of %XX, of letters or of bytes not ASCII, is now stopped
// at its first pair rather than at a chunk inside it (chunkSepHex stays
// for =XX runs and dumps); scan's block loop asks escBlob at each block
// with a %. Hot and Corpus/fast within the noise (+0.9%, +1.4-2.2%).
//
// Session 19, why the kernel stops on corpus-200MB (184 MB of text,
// 137,265 rows; 310,625 calls, 177.3 MB taken, 3.3 MB of blocks left to
// the block loop): the end of a text 136,201; eight bytes of one byte
// (separator lines) 61,733; a chain of blob blocks or a repeat 29,501;
// two % three bytes apart 28,930; a byte that is not ASCII 27,674; a
// control 12,937 (with plainControls 5,035); a backslash 6,455; a
// backtick 3,780; a CR 990; a chunk of one white-space byte 544; a chunk
// of separated hex (chunkSepHex) 1,791, of them 1,336 with an = (455
// with a soft line break) and none with a %. So = and % in ccSep stop it
// rarely: quoted-printable prose holds letters past f. On the first MB
// of corpus-30MB (BenchmarkCheckTextHot) 16 such stops of 1,881.
//
// Tried in session 16 and not kept: hex separated by colons, dashes or
// 0x (ab:cd:..., 0xab, 0xcd) as a blob of 40 bytes or more, the scan
// giving up on it by letting : - , x continue the hex chain (ccHexOK in
// kernelTables, and the block loop's mask): every planted variant found
// and corpus-200MB's findings unchanged, but BenchmarkCheckTextHot +10.1%
// CPU (p=0.000) and BenchmarkCheckTextCorpus/fast +2.8% (p=0.038), 8 runs
// alternated; with : and - alone, Hot +7.6% (p=0.026). Dates, times and
// numbers (2002-08-22 10:30:00) fill chainHex's 3 blocks: the full check
// reads them. A chain of its own for separated hex, with a higher
// threshold (a 40-byte colon dump has 14 whole blocks), is the way left.
//
// Session 17 (phrase.go): repeated words and phrases. The kernel tests
// the chunks at multiples of repEvery (512 bytes; 256 since session 32,
// phrase.go) from where it starts
// for a period (REPTEST: the distance from the chunk's first white-space
// byte to the second, third or fourth, 32 or under, on the white-space
// mask with three scalar shifts, then on the bytes with VPERMB), and
// stops at one that repeats (chunkRepeat), taking none of it, until
// scan sets chunkRepOff. Measured against the branch without it, 7 runs
// alternated at load 4-5: BenchmarkCheckTextHot +6.4% CPU (p=0.001),
// BenchmarkCheckTextCorpus/fast +4.7% (p=0.001); the default audit on
// the 200 MB JSONL, two sets of 7 rounds alternated 3 s apart: median
// 1.215 against 1.200 CPU s (+1.3%; the sets' means +0.4% and +2.3%),
// RSS and faults unchanged (170-185 MB, 30,000-36,000). Of Hot's +6-9%: the kernel's
// test about 3.7 points, the windows the full check's parts need about
// 3 (both measured by turning each off), scan's own tests under 1.
// Tried and not kept: testing every chunk (phraseMinBytes 192, word and
// phrase recall 1.0 on evplant3): Hot +41%, Corpus/fast +27% (the
// test is ~30 instructions a chunk, about 20 cycles' worth beside a
// loop of ~20); every fourth chunk (256 bytes, phraseMinBytes 320): Hot
// +15.8%, Corpus/fast +7.1%; testing the full check's parts with margins
// of phraseMinBytes either side instead of catching up on scan's grid
// (repCatchUp): Hot +9.0%.
//
// Session 19 (datauri.go, b64url.go): two stops for rules built before
// them. A ; with a , seven bytes after it in t (";base64,") stops the
// kernel as a byte that is not ASCII does (SEMICOMMA: VPCMPEQB of the
// chunk against ; and of the 64 bytes from SI+7 against , under a mask
// when fewer than 71 bytes are left, KANDQ, KORQ into K1; the ; is
// compared with 0x80 once a blob is found), and the block loop asks
// uriBlob at the block with the ;. A chunk whose 64 bytes are all
// letters, digits, - or _ (a second VPERMI2B, of kernelTables.url, and
// VPMOVB2M; the table is zeros once a blob is found) stops it before
// any other test but the bytes that stop it, taking none of it, with
// chunkURL: scan measures the run through it (urlBlob) and a dump of
// hex and - alone there (sepBlob), then the block loop takes the chunk.
// The kernel misses a base64url run only where the block loop takes
// blocks of one letter or digit (kernelMayTake) one after another past
// a stop; scan measures the run at those (TestB64URLOneByteBlocks). On
// corpus-30MB: 328 url stops and 88 of ; and , in 46,283 calls.
// Measured against int (754e2c2), 8 runs alternated at load 4-7,
// BenchmarkCheckTextHot +9.5% CPU (p=0.005) and Corpus/fast +8.7%
// (p=0.000); again, with main (6bd3a7e) in the same rounds: Hot +5.7%
// (p=0.05), Corpus/fast +7.2% (p=0.002) against int, and +0.9%
// (p=0.96), +3.4% (p=0.05) against main. The kernel's stops alone (the
// rules off) Hot +5.5% (p=0.001), Corpus/fast +3.2% (p=0.05). The
// default audit on the 200 MB JSONL, alternated 3 s apart: 6 rounds,
// 0.962 against 0.962 CPU s (user+sys); 7 more, 1.139 (1.00-1.21)
// against 1.097 (1.01-1.20), user 0.951 against 0.937 (+1.5%). First built with scan
// still counting blocks of the alphabet (urlChain) across the kernel's
// chunks, which made it measure every word after 15 such blocks in a
// text: Hot +14%, Corpus/fast +11%. Tried and not kept: the , compared
// out of line, only for a chunk with a ; (KORTESTQ, JNZ): Hot +4.1%
// (p=0.028), Corpus/fast +3.7% (p=0.08) against the compare in line, 8
// runs alternated (mail's HTML has a ; in many chunks: &nbsp;).
//
// Session 20 (entities.go): an & with a # after it in t stops the
// kernel as a byte that is not ASCII does (AMPHASH: VPCMPEQB of the
// chunk against &, VPCMPEQB of the 64 bytes from SI+1 against # under
// that mask, into K6; K6 is tested with K1 by the KORTESTQ there was
// and joined to K1 at partial, two instructions a chunk). The numbers
// are in entities.go.
//
// Session 26 (entnames.go): the byte after an & is looked up in a
// 64-byte table by its low six bits (VPERMB, VPTESTMB under the & mask:
// # z s r l N Z) where an OR and a compare were (# z s r and " * + 2 3
// : ; b c j k {): the same number of instructions a chunk, for &lrm;
// &ZeroWidthSpace; &NoBreak;. Its numbers are in entnames.go.
//
// Session 27 (recall13.go): u is of ccSep, so the kernel stops at a
// chunk inside a run of JavaScript's %u escapes (%u0068%u0074...) as at
// one of %XX: a bit of the class table, no instruction more. The cost
// with recall13.go's rules: recall13.go.
//
// Session 27 (recall16.go): a tilde is of ccBackslash, so the kernel
// stops at one (Ascii85's <~ and ~>, base85): a bit of the class table,
// no instruction more; 8,961 of corpus-200MB's chunks hold one. And
// (rfc2047.go) an = with a ? and a letter after it (an RFC 2047 encoded
// word) is in EQCTL's tables: table bytes, no instruction more. The cost:
// recall16.go.
//
// Session 29 (recall19.go): an e or a b with a ( after it (the end of
// fromCharCode( and atob() stops the kernel (JSCALL: a VPCMPEQB of the
// 64 bytes from SI+1 with (, a VPERMB of the chunk in a table by the
// low six bits, which takes % and " too, a VPTESTMB under the ( mask
// and a KORQ into K1: four instructions a chunk; 508 of corpus-30MB's
// 442,216 chunks hold such a pair). The cost: recall19.go.
//
// Session 20 (ent2), tried and not kept: SEMICOMMA's , compared under
// the ; mask (VPCMPEQB 7(SI), Z18, K2, K3; one KANDQ a chunk fewer):
// against int (cbef03e, AMPHASH in), 8 runs alternated at load 0.6-3,
// with the entity runs of phrase.go in, CPU BenchmarkCheckTextHot 429.7
// against 418.5 µs, Corpus/fast 18.05 against 17.97 ms; without it (the
// entity runs alone), 6 runs at load 1-2.6, Hot 433.6 against 428.9 µs
// (p=0.59), Corpus/fast 18.56 against 18.25 ms (p=0.18): no gain seen
// beside the noise (±4%). AMPHASH against the branch without it (cdf8ad4)
// in the first 8 runs: Hot +1.4% (418.5 against 412.9 µs, p=0.38),
// Corpus/fast +3.3% (17.97 against 17.40 ms, p=0.02).
//
// Session 31 (evk7): four instructions fewer a chunk, the same masks:
// SEMICOMMA's , compared under the ; mask (VPCMPEQB 7(SI), Z18, K2, K2:
// session 20's, not kept then for want of a measured gain), CHAINMASKS'
// counting blocks tested under their ok masks (VPTESTMQ under K4 and K6,
// not two KANDB), the blocks of one byte found by VPCMPEQQ (not VPXORQ
// and VPTESTNMQ) and their white space tested under that mask
// (VPTESTNMQ, not VPTESTMQ and KANDNB), in the loop and at partial.
// perf of BenchmarkCheckTextHot (3 runs each, alternated, at load
// 20-29): the kernel's samples over scan.blocks' (unchanged) 2.55-2.62
// to 2.43-2.50, about -4.7% of the kernel. Looked at and not built: one
// test for the chunks of url's, the separated dump's and the groups'
// alphabets together (a class bit for their union), the three tests
// then out of line: the union holds 19.6% of corpus-30MB's ASCII chunks
// (the groups' alone 10.9%) and the outcome flips at 17% of them, so
// more mispredicted branches than the two tests saved; EQLEAD's C to F
// and 4 to 7 looked up with EQCTL's lead bytes in one table (one VPERMB
// for a VPERMB and two VPSUBB): by the low six or seven bits it takes
// bytes over 0x7F after an = (0xC3-0xC6, 0xB4-0xB7) and t u v w, so the
// kernel would stop where it does not now.
//
// Session 31 (rot, recall34.go): a chunk with a space and 7 (rotMin) or
// more of q v z j, either case, stops the kernel while no blob is found, taking
// none of it (chunkRot): a VPERMB of the chunk by the low six bits in
// rottab (0x40 at q v z j's), a VPTESTMB of that against the bytes (so
// only the letters count), KMOVQ, POPCNTQ, CMPQ, JGE: six instructions a
// chunk; the space and the blob are looked at out of line. On corpus-30MB
// 881 such stops (32 a MB; 1,857 with 6), on BenchmarkCheckTextHot's 1 MB
// 43 (86). With the six instructions and no stop (the compare made never
// true), BenchmarkCheckTextHot CPU min of 10 runs alternated 571 against
// int's 587 µs: within the noise; the cost is the stops (recall34.go).
//
// Session 20: one kernel for this scan and outliers' byte counts
// (featChunks) was estimated not to pay and not built: see
// internal/outliers/chunks.go.
//
// Session 23 (qp.go): an = with C to F after it stops the kernel
// (EQLEAD: the 64 bytes from SI+1 loaded once for it and AMPHASH,
// VPCMPEQB, VPSUBB, VPTESTNMB against qplead, KORQ into K6), and once a
// blob is found a chunk of separated hex stops it still when it holds an
// = with a 2 after it (runs of =20). The cost: qp.go.
//
// Session 24, tried and not kept: a plain chunk with no block that may
// continue a chain (K4 and K6 zero after CHAINMASKS, 42% of
// corpus-30MB's ASCII chunks) skipping STOPS and CHAIN (KORTESTB, JZ; both
// chains set to 0). About 45 instructions fewer there, but
// BenchmarkCheckTextHot 10 runs alternated at load 10-15: CPU min 500
// against 470 us, median 634 against 581 (p=0.39), and the kernel 34.9%
// against 28.9% of Hot's profile samples: the branch, taken or not
// chunk by chunk in prose, costs what it saves.
//
// Session 25, measured (for the next one): a call's fixed cost. The
// kernel alone on prose (hot, min of 4 runs at load 8-11): a text of one
// chunk 14-15 ns a call, two chunks 21-26 ns, 8 bytes (the tail's
// masked loads and partial) 43-46 ns, 72 bytes 25-51 ns; with the tail
// jumping straight to done (wrong, for timing only), 8 bytes 16-22 ns.
// So partial, a chain of mask-to-register moves (KMOVQ, TZCNT, BZHI,
// KMOVQ back, STOPS and CHAIN on the result), costs about 25 ns at
// every call's end: a text ends in it, and each stop does (53,406 calls
// on corpus-30MB, 20,869 rows: 1.3 ms of BenchmarkAddCorpus/lazy's
// 19), some 7% of the evasion scan. Kept in the mask registers (the
// stop bytes' blocks by VPMOVM2B and VPTESTMQ, the blocks before the
// first by KADDB and KANDNB) is the way left.
//
// Session 26, measured and not kept: the tail's four masked loads
// (VMOVDQU8.Z from memory) replaced, where the 71 bytes from SI lie in
// one page, by whole loads and the bytes past t zeroed in registers
// (VMOVDQU8.Z Z, K, Z). BenchmarkKernelCall (ns a call, prose, 64
// texts a length), two sets of 8 runs alternated under the CPU lock at
// load 3-11: 8 bytes 20.6 against 22.1 and 23.1 against 21.9, 16 bytes
// 20.8 against 21.7 and 22.2 against 22.4, 72 bytes 28.8 against 32.2
// and 28.2 against 31.2: no gain (the first set's order favoured the
// masked loads, the second's neither). The same runs put a call's
// set-up and done (4 bytes, no whole block) at 5-6 ns, a text of one
// chunk at 16.5, of one block (8 bytes: the tail and partial) at 20-23,
// a chunk and a block at 28: the tail and partial cost about a chunk
// and a half, not the 25 ns of session 25's quieter estimate.
//
// useChunks picks the kernel (set at start-up from the CPU; the tests
// turn it off to hold the eight-byte path, the fallback on other CPUs,
// to the same findings).

// chunkState is the state the kernel reads and carries from chunk to
// chunk: scan's counts and chains, and flags.
type chunkState struct {
	texty          int // letters, digits and white space: added to
	b64, hex       int // the blob chains of scan (blocks in a row): read and carried
	flags          int // chunkBlobFound, chunkCtlFound: read; chunkNotSpace, chunkSepHex: set
	minB64, minHex int // chainB64 and chainHex, set by scanChunks: the kernel reads them here, so the constants live in Go only
}

// The kernel checks only the chain going on through the first blocks
// of a chunk against chainB64 (STOPS1): eight blocks after a break
// cannot reach it. This fails to compile if chainB64 is under 8.
const _ = uint(chainB64 - 8)

// chunkState flags.
const (
	chunkBlobFound = 1 << iota // a blob is found: chains never stop the kernel
	chunkCtlFound              // a control is found: controls do not stop it
	chunkNotSpace              // a byte that is not white space was read
	chunkSepHex                // set: it stopped at a chunk of hex digits, white space and : - , x = % u with a hex digit, no blob found (sephex.go, blobs.go, recall13.go)
)

// chunkState flags of repeated phrases (phrase.go), apart from the others
// so that they keep their values when those grow.
const (
	chunkRepeat = 1 << 4 // set: it stopped at a chunk that repeats with a period (periodicWindow)
	chunkRepOff = 1 << 5 // read: chunks repeating do not stop it (scan.rep is set)
	chunkURL    = 1 << 6 // set: it stopped at a chunk of base64url's alphabet, no blob found (b64url.go)
	chunkQP     = 1 << 7 // set: it stopped at a chunk with an = and C to F after it (EQLEAD, qp.go), or 4 to 7 and an = three bytes after (qpStopAt, recall9.go), or the escape of a control (qpCtlStopAt, recall10.go)
	chunkRot    = 1 << 8 // set: it stopped at a chunk with a space and rotMin or more of q v z j, no blob found (recall34.go)
	chunkGroup  = 1 << 9 // set: it stopped at a chunk of grouped or quoted base64 (b64groups.go), no blob found
)

// Byte classes of the kernel (kernelTables.class): one bit each, tested with
// VPTESTMB; the kernel's assembly spells them out as numbers.
const (
	ccBackslash = 1 << iota
	ccControl   // C0 control other than tab and line breaks, or DEL
	ccTexty     // letter, digit, white space
	ccSpace     // space, tab, line breaks
	ccB64OK     // what continues a base64 chain: letter, digit, + /, line breaks (an = breaks it: see chainB64)
	ccB64       // what counts in it: letter, digit, + /
	ccSep       // : - , x X = % u: with a hex digit or white space, what may be in a separated hex dump (sephex.go), a run of escapes (blobs.go, recall13.go)
	ccHex       // what counts in a hex chain: hex digit; with white space (ccSpace), what continues it (the kernel reads ccSpace as 0x80 shifted right 4)
)

// The kernel tests a hex chain's bytes as ccHex or ccSpace by shifting
// ccSpace onto ccHex (VPSLLQ $4): this fails to compile if they move.
var _ [0]struct{} = [ccSpace<<4 ^ ccHex]struct{}{}

// chunkTables is what the kernel looks up: the class bits of each ASCII
// byte, and the VPSHUFB index that copies the first byte of each eight
// to all eight (within each 16-byte lane).
type chunkTables struct {
	class        [128]byte
	firstOfQword [64]byte
	iota         [64]byte  // 0 to 63: VPERMB's indexes of a chunk rotated (REPTEST)
	url          [128]byte // 0x80 for base64url's alphabet (letters, digits, - _), else 0: a chunk of it stops the kernel (b64url.go)
}

var kernelTables = func() (k chunkTables) {
	t := &k.class
	for c := range 128 {
		cl := asciiEv[c]
		nl := c == '\n' || c == '\r'
		if c == '\\' || c == '\r' || c == '`' || c == '~' {
			t[c] |= ccBackslash // a stop whatever is found: escapes, carriage returns (bareCR), backticks (uuFile), tildes (Ascii85's <~ ~>, recall16.go)
		}
		if cl&acControl != 0 {
			t[c] |= ccControl
		}
		if cl&acTexty != 0 {
			t[c] |= ccTexty
		}
		if cl&acSpace != 0 {
			t[c] |= ccSpace
		}
		if cl&acB64 != 0 && c != '=' || nl {
			t[c] |= ccB64OK
		}
		if cl&acB64 != 0 && c != '=' {
			t[c] |= ccB64
		}
		if c == ':' || c == '-' || c == ',' || c|0x20 == 'x' || c == '=' || c == '%' || c == 'u' { // u: %u escapes (recall13.go)
			t[c] |= ccSep
		}
		if cl&acHex != 0 {
			t[c] |= ccHex
		}
		if urlByte(byte(c)) {
			k.url[c] = 0x80
		}
		if cl&acB64 != 0 && c != '=' || c == ' ' || c == '\n' || c == '>' || c == '\t' {
			k.url[c] |= 0x40 // grouped, quoted or folded base64 (chunkGroup, b64groups.go, b64fold.go)
		}
		if c >= '0' && c <= '9' || c == '+' || c == '/' {
			k.url[c] |= 0x20 // one of them in a chunk of grouped or quoted base64 (chunkGroup)
		}
	}
	for i := range k.firstOfQword {
		k.firstOfQword[i] = byte(i % 16 / 8 * 8)
		k.iota[i] = byte(i)
	}
	return k
}()

// useChunks reports whether scan.blocks calls the kernel.
var useChunks = hasChunks

// b64Blocks skips the blocks of eight bytes from t[j] that a run of the
// base64 alphabet goes on through without an = (letters, digits, + /,
// line breaks), as notBase64 reads them a byte at a time: it returns
// where they end, the bytes in them that are not line breaks, and the
// classes of their letters and digits (clUpper, clLower, clDigit). Base64
// bodies are read ahead by notBase64 to their end: a byte at a time, it
// was a tenth of checkText on mail; eight at a time (b64BlocksGo), a
// twelfth of BenchmarkCheckTextHot; on CPUs with the scan kernel, a
// kernel takes 64 bytes at a time (b64BlocksAVX512, with the same
// useChunks switch).
func b64Blocks(t []byte, j int) (next, n int, cl uint8) {
	if useChunks {
		return b64BlocksKernel(t, j)
	}
	return b64BlocksGo(t, j)
}

// b64Class is what b64BlocksAVX512 looks up: for each ASCII byte,
// clUpper, clLower or clDigit for letters and digits, 8 for line
// breaks, 0x10 for + and /, 0 for the bytes that end the blocks.
var b64Class = func() (t [128]byte) {
	for c := range t {
		switch {
		case c >= 'A' && c <= 'Z':
			t[c] = clUpper
		case c >= 'a' && c <= 'z':
			t[c] = clLower
		case c >= '0' && c <= '9':
			t[c] = clDigit
		case c == '\n' || c == '\r':
			t[c] = 8
		case c == '+' || c == '/':
			t[c] = 0x10
		}
	}
	return t
}()

// b64BlocksGo is b64Blocks eight bytes at a time, with word arithmetic.
func b64BlocksGo(t []byte, j int) (next, n int, cl uint8) {
	for ; j+8 <= len(t); j += 8 {
		w := binary.LittleEndian.Uint64(t[j:])
		if w&highs != 0 {
			break
		}
		upper, lower, digit := inRange(w, 'A', 'Z'), inRange(w, 'a', 'z'), inRange(w, '0', '9')
		nl := eqByte(w, '\n') | eqByte(w, '\r')
		if upper|lower|digit|nl|eqByte(w, '+')|eqByte(w, '/') != highs {
			break
		}
		n += 8 - bits.OnesCount64(nl)
		if upper != 0 {
			cl |= clUpper
		}
		if lower != 0 {
			cl |= clLower
		}
		if digit != 0 {
			cl |= clDigit
		}
	}
	return j, n, cl
}

// b64AheadClass is what b64AheadAVX512 looks up: for each ASCII byte, 1
// when a base64 run goes on through it (letters, digits, + / =, line
// breaks), 2 for line breaks, 4 when a hex run does (hex digits, line
// breaks), as earlyB64's blocks class them.
var b64AheadClass = func() (t [128]byte) {
	for c := range t {
		nl := c == '\n' || c == '\r'
		if asciiEv[c]&acB64 != 0 || nl {
			t[c] |= 1
		}
		if nl {
			t[c] |= 2
		}
		if asciiEv[c]&acHex != 0 || nl {
			t[c] |= 4
		}
	}
	return t
}()

// b64SkipMin is the base64 characters in a row from which blobAfterPart
// calls b64Skip: not for words.
const b64SkipMin = 16

// b64Skip takes, from t[j], the blocks of eight bytes that a base64 run
// goes on through (letters, digits, + / =, line breaks) while no hex run
// (hex digits and line breaks in a row, counted from t[j]) reaches
// blobHexMin in them, for blobAfterPart, whose byte loop reads the
// bodies of the parts after a declared one: it returns where the hex run
// going on at the end of the blocks starts (their end when there is
// none), the bytes before it that are not line breaks, and the classes
// of the letters and digits of all the blocks (clUpper, clLower,
// clDigit; the bytes past p are read again by the caller, so only a
// run's end, past them, reads the classes). Called where no hex group
// or dump goes on, it skips no place where blobAfterPart could find a
// hex blob or end a base64 run, and leaves it where none goes on: t[p-1]
// is a letter or symbol that is not a hex digit.
//
// Its first lines (load a word, the high-bit test, the letter, digit and
// line-break masks, the base64-alphabet test) stand again in earlyB64's
// block loop (evasions.go). Shared as one function (session 16,
// b64Word returning lw, letter, digit, nl and ok), it is not inlined
// (cost 171 against the inliner's budget of 80), and the call per eight
// bytes cost BenchmarkBlobAfterPart/fast 200-209 against 221-233 µs
// (+12%, six runs alternated; BenchmarkInBlob/fast 3.25-3.43 against
// 3.10-3.28 µs, BenchmarkCheckTextCorpus/fast unchanged): the copies stay.
func b64Skip(t []byte, j int) (p, n int, cl uint8) {
	hexRun := 0
	for ; j+8 <= len(t); j += 8 {
		w := binary.LittleEndian.Uint64(t[j:])
		if w&highs != 0 {
			break
		}
		lw := w | 0x20*ones
		letter, digit := inRange(lw, 'a', 'z'), inRange(w, '0', '9')
		nl := eqByte(w, '\n') | eqByte(w, '\r')
		if letter|digit|nl|eqByte(w, '+')|eqByte(w, '/')|eqByte(w, '=') != highs {
			break
		}
		hexish := digit | inRange(lw, 'a', 'f') | nl
		if hexish == highs {
			if hexRun+8 >= blobHexMin {
				break
			}
			hexRun += 8
		} else {
			if hexRun+bits.TrailingZeros64(^hexish&highs)/8 >= blobHexMin {
				break
			}
			hexRun = bits.LeadingZeros64(^hexish&highs) / 8
		}
		n += 8 - bits.OnesCount64(nl)
		upper := inRange(w, 'A', 'Z')
		if upper != 0 {
			cl |= clUpper
		}
		if letter&^upper != 0 {
			cl |= clLower
		}
		if digit != 0 {
			cl |= clDigit
		}
	}
	p = j - hexRun
	for _, c := range t[p:j] {
		if c != '\n' && c != '\r' {
			n--
		}
	}
	return p, n, cl
}

// proseSkip reads t from t[j], where no base64 run, hex group or dump
// of blobAfterPart goes on, eight ASCII bytes at a time while no stretch
// of bytes that a base64 run goes on through (letters, digits, + / =,
// line breaks, a space after a line feed) reaches blobB64Min and no
// stretch of hex digits and white space reaches blobHexMin: so none of
// blobAfterPart's blobs can end or be found in the blocks it takes. It
// returns stop, where it stopped, and cp, the last place in those blocks
// (or j) where blobAfterPart's state is clear again: after a byte that
// is neither of the base64 alphabet nor white space (a symbol, a
// control), or after a space or tab that follows a letter, + / or = that
// is not a hex digit (the run and the hex group ended there, the dump
// with the letter). blobAfterPart goes on from cp a byte at a time. The
// text after a declared part is mostly the mail's other parts, prose
// and HTML: 2.25 of the 2.7 MB it read on corpus-200MB.
func proseSkip(t []byte, j int) (cp, stop int) {
	cp = j
	b64Run, hexRun := 0, 0
	prevLF, prevOther := uint64(0), uint64(0) // the last byte of the block before was a line feed, was neither hex nor white space (high bit of byte 0)
	for ; j+8 <= len(t); j += 8 {
		w := binary.LittleEndian.Uint64(t[j:])
		if w&highs != 0 {
			break
		}
		lw := w | 0x20*ones
		letter, digit := inRange(lw, 'a', 'z'), inRange(w, '0', '9')
		lf, cr := eqByte(w, '\n'), eqByte(w, '\r')
		sp := eqByte(w, ' ') | eqByte(w, '\t')
		b64 := letter | digit | eqByte(w, '+') | eqByte(w, '/') | eqByte(w, '=')
		ws := sp | lf | cr
		hex := digit | inRange(lw, 'a', 'f')
		b64OK := b64 | lf | cr | eqByte(w, ' ')&(lf<<8|prevLF)
		if !stretchFits(b64OK, &b64Run, blobB64Min) || !stretchFits(hex|ws, &hexRun, blobHexMin) {
			break
		}
		other := highs &^ (hex | ws) // letters past f, + / =, symbols, controls
		if clr := highs&^(b64|ws) | sp&(other<<8|prevOther); clr != 0 {
			cp = j + (63-bits.LeadingZeros64(clr))/8 + 1
		}
		prevLF, prevOther = lf>>56, other>>56
	}
	return cp, j
}

// stretchFits carries run, the bytes of a stretch going on (the high
// bits of ok), through a block, and reports whether no stretch reaches
// min in it (min >= 8).
func stretchFits(ok uint64, run *int, min int) bool {
	if ok == highs {
		*run += 8
		return *run < min
	}
	if *run+bits.TrailingZeros64(^ok&highs)/8 >= min {
		return false
	}
	*run = bits.LeadingZeros64(^ok&highs) / 8
	return true
}
