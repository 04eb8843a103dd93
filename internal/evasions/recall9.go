package evasions

// Session 25: letters written as =XX escapes (evplant5's qp_every_byte:
// 7 and 11 of 30 before, the runs under recall8.go's escMinBytes
// missed). A run of escapes with qpLetterMin escapes of ASCII letters in
// a row, no gap, is an encoded_blob at any length (escRun, blobs.go), as
// %XX runs are from escAlnumMin. The kernel stops at an = with 4 to 7
// after it and an = three bytes after (qpStopAt; in chunks_amd64.s the 64
// bytes from SI+3 loaded, compared with = under the = mask, and the byte
// after the = tested as EQLEAD's, against qpfour: a load and four
// instructions a chunk), which the first letter of every such run is.
// corpus-30MB has 14 chunks with one, corpus-200MB 98; neither has three
// escapes of letters in a row, nor do the controls of evplant.py,
// evplant3.py and evplant4.py (seed 1). Digits alone (=31=32=33) stay
// under recall8.go's rule: the kernel would stop at =3D=, QP HTML's
// markup.
//
// The numbers (against main 5ee2a31): evplant5 seeds 1; 2, encoded_blob
// 0.944; 0.961 -> 0.987; 0.994 (qp_every_byte 7 -> 30 and 11 -> 29 of
// 30; the one left has an encoded_attachment), the controls unchanged
// (11 and 14 of 2,000); evplant.py, evplant3.py and evplant4.py seeds 1
// and 2 and corpus-200MB's --checks evasions: findings byte-identical. A
// blind planter of this session (a scratch script, not kept; 30 SpamAssassin
// mails a variant, controls the same mail built the same way without the
// evasion and the mail as it is; seeds 1 and 2): a word of 4-9 letters
// as =XX, a short phrase as =XX and as =xx 0 -> 90 of 90 each with
// three letters a run (with four, "buy now" was missed: 23-28 of 30);
// its controls flag the same rows as main's. The CPU, against main
// (7 rounds alternated under the CPU lock at load 3-10, thread CPU,
// benchstat): BenchmarkCheckTextHot 634 -> 585 us (p=0.81, +-25%; the
// rounds' ratios median 1.002), Corpus/fast 21.4 -> 22.0 ms (p=0.71):
// not told apart; the work added is a load and four instructions on
// each of the kernel's chunks (a kernel of about 60) and the stops at 14
// chunks of corpus-30MB.
//
// Done in session 26 (recall10.go) with a narrower kernel stop: an =
// with 00-08, 1A-1F or 7F after it and no digit, / - & or > after the
// escape, four instructions a chunk and rare stops.
//
// Tried and not kept (session 25): C0 controls and DEL written as
// escapes (=1B[31m, =00, =07, =08=08: evplant5's qp_controls, 0 of 30) in
// a part whose header declares quoted-printable. The rule (branch
// s25-recall, commits e67532d and d4240ed) took an upper-case escape of
// a C0 control other than white space, or of DEL, with no digit after
// it, in a part read back by lines to its header (no = that starts no
// escape on the way, no header with a Content-Type and no encoding, no
// declared boundary over a header-less part), the decoded byte judged as
// the raw one (plainControl, lossyControl over 2 x strippedWindow of
// decoded text: a raw =12 of a clean mail, Windows-1252 punctuation that
// lost its high bit, needs its neighbour). Recall: qp_controls 0 -> 30
// of 30 both seeds (control_char 0.929 -> 1.000), the blind planter's
// six variants of controls 0 -> 180 and 179 of 180; findings added
// elsewhere: two rows of corpus-200MB, both pieces of spam-2/01384
// whose link ends in f=3D=00 (a NUL once decoded), and one planted row
// of evplant4 seed 1 with that spam as host. The cost kept it out: the
// kernel must stop at =0X, =1X and =7F (two VPERMB lookups of the bytes
// after an =), and raw HTML's size=10, height=12 and width=100 put one in
// 2,467 -> 6,607 of corpus-30MB's chunks with an = stop (231 more in
// BenchmarkCheckTextHot's 16,781, against its ~1,541 kernel calls):
// Hot +15-25% CPU (6 and 8 rounds alternated at load 5-10: base
// 517-590 us, new 593-880 us), Corpus/fast +5-15%. A search of the
// text for "quoted-printable" before reading back cost more (IndexByte
// of -: 3.4% of Hot's samples). What would make it pay: a way to stop
// at those escapes only in texts that declare quoted-printable (the
// kernel carrying a flag Go sets at the first such stop of a text
// without a declaration), or a cheaper stop.
//
// Tried and not kept either (session 25, branch s25-qpctl; its code is
// commit e6817c7, in the history by a merge that kept main's tree):
// that flag. The kernel took chunkQPCtl (bit 8 of the flags: a TESTQ
// and JNZ a chunk, the two VPERMB lookups of the bytes after an = out
// of line, only in chunks with an =) and stopped at =0X, =1X, =7F only
// with it set; the Go code set it while the text's gate was on: off
// from the first such = that was no finding of the rule (raw HTML's
// size=10, a digit after, a part not declared, the tables' aliases =p,
// =q) to the next "-printable" of the text within 32 KB (a raw HTML
// part before a quoted-printable one: evplant5 seed 2's r02436 is 18 KB
// apart), at most 4 stretches a text. Recall as e67532d's: qp_controls
// 0 -> 30 of 30 on seeds 1 and 2, every other line of both scores as
// this branch's, corpus-200MB's two rows of spam-2/01384 the only
// change in the verify set. Kernel calls ending at an = stop: on Hot's
// 727 texts 156 -> 230 (e67532d: ~387), with 78 gate stretches; on
// corpus-30MB 2,297 -> 3,703. The CPU still too much, against this
// branch's head (8 rounds alternated under the CPU lock at load 3-5,
// thread CPU, benchstat): Hot +16.7% (p=0.007), Corpus/fast +13.7%
// (p=0.021); with the stops taken a block at a time (K6, not chunkQP's
// whole chunk) and the escape's stop asked inline, Hot 466 -> 550 us (6
// rounds, medians). A profile of Hot (8 s each, us an op): qpWordNext's
// search for the next -printable 17 (IndexByte of - at each - of HTML,
// EqualFold; bytes.Index of "rintable" was worse, at each r; IndexByte
// of q and Q worse on base64 attachments), the Go code at the 74 stops
// added (runBlobThrough and escBlob at their blocks, qpBlock) +13 and
// +9, the kernel +7 (the flag is on in most texts, which have no = of a
// control at all), qpControl's reading back ~3. What is left to try: no
// search for a re-enable point (a text's first raw =0X turns the rule
// off, seed 2's r02436 missed: 29 of 30), and a kernel test that costs
// nothing while the flag is off (the flag folded into a register the
// kernel already tests per chunk).

// qpLetterMin is the fewest escapes of ASCII letters in a row, no gap,
// that make a run of =XX escapes an encoded_blob (escRun).
const qpLetterMin = 3

// qpStopAt reports whether the kernel stops at the = at t[p] for the
// bytes after it: C to F (EQLEAD, qp.go), or 4 to 7 with an = three
// bytes after (the escape of a letter before another escape).
func qpStopAt(t []byte, p int) bool {
	if p+1 >= len(t) {
		return false
	}
	c := t[p+1]
	return c >= 'C' && c <= 'F' || c >= '4' && c <= '7' && p+3 < len(t) && t[p+3] == '='
}

// escLetter reports whether the escape unit at t[u] encodes an ASCII
// letter.
func escLetter(t []byte, u int) bool {
	c := hexVal(t[u+1])<<4 | hexVal(t[u+2])
	return c|0x20 >= 'a' && c|0x20 <= 'z'
}
