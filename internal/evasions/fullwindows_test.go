package evasions

import (
	"testing"
)

// fullWindow is one window of the full check as checkTextLazy starts it
// on a text (the state scan hands it), for BenchmarkFullWindows.
type fullWindow struct {
	t       []byte
	found   [numEvasionKinds]string
	p, done int
	tl      tally
	end     int  // where the window handed back
	changed bool // it found a category
}

// fullWindows runs checkTextLazy's loop over texts (lazy as Add's rows
// past the lists) and returns its windows of the full check by why scan
// gave up: "b64chain" (a chain of base64 blocks, no blob found yet),
// "hexchain", "nonascii" (at a character that is not ASCII), "other".
func fullWindows(texts [][]byte) map[string][]fullWindow {
	ws := map[string][]fullWindow{}
	for _, tx := range texts {
		if len(tx) == 0 {
			continue
		}
		var found [numEvasionKinds]string
		s := scan{tally: tally{allSpace: true, lazy: lazyReplacement | lazyBlob | lazyAttachment}}
		for from := 0; from < len(tx); {
			g, done := s.run(tx, from, &found)
			if g == len(tx) {
				break
			}
			cause := "other"
			switch {
			case s.b64 >= chainB64 && found[iBlob] == "":
				cause = "b64chain"
			case s.hex >= chainHex && found[iBlob] == "":
				cause = "hexchain"
			case tx[g] >= 0x80:
				cause = "nonascii"
			}
			p := resetBefore(tx, from, g, found[iBlob] != "")
			s.uncount(tx, p, done)
			w := fullWindow{t: tx, found: found, p: p, done: done, tl: s.tally}
			from = checkFull(tx, &found, p, done, &s.tally)
			w.end, w.changed = from, found != w.found
			ws[cause] = append(ws[cause], w)
		}
	}
	return ws
}

// BenchmarkFullWindows replays the full check's windows of the 30 MB
// mail corpus, by why scan gave up (fullWindows), and reports each
// class's windows, bytes and share that found a category; ns/window is
// the full check's cost of one, read from memory (a batch's windows
// follow scan, which has just read their bytes: these numbers are
// higher).
//
// Session 26, the census (lazy as Add's rows past the lists): a chain of
// base64 blocks 1,155 windows, 326,802 bytes (49 windows over 1,000
// bytes hold 166,413), 1,003 found a category (the blob: attachments);
// hex chains 404 windows, 38,846 bytes, 5 found one; characters that are
// not ASCII 170, 21,491 bytes, none; the rest 837, 43,259 bytes, 132.
// Timed in one process (each checkFull of checkTextLazy's loop, the
// third pass, load about 3): 3.6, 0.44, 0.53 and 0.80 ms of about 18 ms
// of BenchmarkAddCorpus/lazy's pass: the base64-chain windows that find
// the blob are most of the full check, and their time goes to earlyB64
// (notBase64, b64Ahead, b64Evidence's blobAfterPart, b64End and
// b64Fragment's lineWidths, each reading the part again: 44% of this
// benchmark's b64chain profile) and to the byte and block paths from the
// reset point (43%). Of the 152 base64-chain windows that found nothing,
// 74 have a run of the base64 alphabet (line breaks allowed) under
// blobB64Min characters where scan gave up (PGP signatures), which scan
// could prove clean itself: 0.2 ms a pass.
//
// Session 27, scan proves blob chains clean itself (chainclean.go),
// goes on past an entity whose category is found (entNew, entities.go)
// and past a separator line or any run once a repeated run is found
// (asciiRun): 2,566 windows to 1,517 on corpus-30MB (hex chains 404 to
// 3, the rest 837 to 266, base64 chains 1,155 to 1,078, 73 of them
// finding nothing; 430 to 381 KB), 16,991 to 10,044 on corpus-200MB
// (2.81 to 2.49 MB).
//
// Session 27 also looked for CPU session 26 had added (a 5-run pprof
// put checkTextLazy at 0.86 s before and 1.04 s after): the census is
// the same at 3e31f0d and at each of its merges (9e0e37e, d54ec68,
// ad96a3e, fe7acf7), so its rules gave the full check no window, and
// perf of the default audit of the benchmark Parquet (cpu-clock at 1999
// Hz, 6 runs of each binary alternated) put the evasion check at 245
// against 246 samples a run (12.54% against 12.77%, per-run spread
// 11.5-13.6%): nothing to win back. pprof's 100 Hz gives checkTextLazy
// 10-30 samples a run (0.12 to 0.32 s in 8 runs of one binary), too few
// to tell 10% apart in 5 runs. Left: 975 windows of corpus-200MB where
// scan gives up at a word mixing scripts that homoglyphWord then lets
// through (junk decoded as text; scan.word could ask it itself: about
// 0.5 ms of BenchmarkAddCorpus/lazy's 18), not built while the
// mixed_script rules change.
func BenchmarkFullWindows(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	all := fullWindows(texts)
	for _, cause := range []string{"b64chain", "hexchain", "nonascii", "other"} {
		ws := all[cause]
		b.Run(cause, func(b *testing.B) {
			if len(ws) == 0 {
				b.Skip("none")
			}
			defer func() {
				bytes, changed := 0, 0
				for _, w := range ws {
					bytes += w.end - w.p
					if w.changed {
						changed++
					}
				}
				b.ReportMetric(float64(len(ws)), "windows")
				b.ReportMetric(float64(bytes)/float64(len(ws)), "B/window")
				b.ReportMetric(float64(changed)/float64(len(ws)), "found/window")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/window")
			}()
			for b.Loop() {
				for i := range ws {
					w := &ws[i]
					found, tl := w.found, w.tl
					checkFull(w.t, &found, w.p, w.done, &tl)
				}
			}
		})
	}
}
