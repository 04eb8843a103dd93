package evasions

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"
)

// envTexts reads the "text" field of each row of the JSONL file named by
// the environment variable env, or skips (the measurements TestCensus,
// TestKernelStops and TestFullShare).
func envTexts(t *testing.T, env string) [][]byte {
	path := os.Getenv(env)
	if path == "" {
		t.Skip(env + " names no file")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var out [][]byte
	for sc.Scan() {
		var r struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, []byte(r.Text))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCensus prints the full check's windows of the JSONL file named by
// EVASIONS_CENSUS by why scan gave up (fullWindows): windows, bytes (and
// those before done), how many found a category, and the best of five
// replays of each class (checkFull alone, from memory the replay has
// just read); base64-chain windows split at 1,024 bytes read past done
// (a body read to its end). A measurement, not a check: it skips
// without the variable.
//
// Session 28, corpus-200MB (184 MB of text, 137,265 rows; lazy as Add's
// rows past the lists), at main 6216817: base64 chains 7,350 windows,
// 2.07 MB (0.60 MB before done), 6,873 found the blob; 7,050 read under
// 1,024 bytes past done (2.6 us each: earlyB64 49% of their time, its
// b64Evidence 39%, notBase64 10%; the byte and block paths the rest),
// 300 a body to its end (a run of A or of hex digits of dumpLineMin
// stops earlyB64: 1.09 MB, 28 us each); hex chains 14; characters that
// are not ASCII 975 (142,789 bytes, none found); the rest 1,718 (837
// found). With b64Take (chainclean.go): base64 chains 924 windows (625
// under 1,024 bytes past done, 447 found a blob), the others the same
// (the rest 1,735: a row whose blob scan takes may give up later at a
// byte the window would have read past). Session 29 (evk5), b64Take with
// dumpFree and asciiRun's runs in a blob: base64 chains 536 windows
// (126,061 bytes; 535 under 1,024 bytes past done, 59 found a blob),
// hex chains 15, not ASCII 975 (the same), the rest 1,235 (70,296
// bytes, 768 found; runs of letters in a found blob 0, of 1,233).
// Session 30 (evk6), scan.word going on past mixed words homoglyphWord
// does not take: not ASCII 975 -> 133 windows (16,052 bytes, none
// found), the others the same.
func TestCensus(t *testing.T) {
	texts := envTexts(t, "EVASIONS_CENSUS")
	all := fullWindows(texts)
	var causes []string
	for c := range all {
		causes = append(causes, c)
	}
	sort.Strings(causes)
	for _, cause := range causes {
		ws := all[cause]
		bytes, before, changed := 0, 0, 0
		var short, long []fullWindow
		for _, w := range ws {
			bytes += w.end - w.p
			before += w.done - w.p
			if w.changed {
				changed++
			}
			if w.end-w.done >= 1024 {
				long = append(long, w)
			} else {
				short = append(short, w)
			}
		}
		t.Logf("%-9s windows %6d bytes %8d (before done %8d) found %6d: %v", cause, len(ws), bytes, before, changed, bestReplay(ws))
		if cause == "b64chain" {
			t.Logf("b64chain: %d windows under 1,024 bytes past done %v, %d over %v", len(short), bestReplay(short), len(long), bestReplay(long))
		}
	}
}

// bestReplay is the best of five replays of the full check's windows ws.
func bestReplay(ws []fullWindow) time.Duration {
	var best time.Duration
	for range 5 {
		st := time.Now()
		for i := range ws {
			w := &ws[i]
			found, tl := w.found, w.tl
			checkFull(w.t, &found, w.p, w.done, &tl)
		}
		if d := time.Since(st); best == 0 || d < best {
			best = d
		}
	}
	return best
}

// TestKernelStops prints why the kernel stops on the JSONL file named by
// EVASIONS_CENSUS: each text is handed to it from its start, and after
// each stop from the block after, as scan.blocks would with no blob or
// control found (blocks it may not take, kernelMayTake, are counted as
// notTaken); a stop is classed by its flags, then by the block's bytes.
// A measurement, not a check.
//
// Session 28, corpus-200MB (184.3 MB of text): 583,984 calls took 177.3
// MB; blocks not taken: one byte repeated 301,797 (separator lines,
// runs of A), not ASCII 56,958, a backslash 4,345; stops: a chain or
// other 155,558, the text's end 133,185, one byte repeated 73,588,
// quoted-printable (chunkQP) 53,473, an & 37,981, base64url's alphabet
// 36,353, a % 29,626, not ASCII 25,778, a backtick or tilde 12,985,
// separated hex 11,908, a backslash 5,733, a control 5,591.
func TestKernelStops(t *testing.T) {
	if !useChunks {
		t.Skip("no kernel")
	}
	texts := envTexts(t, "EVASIONS_CENSUS")
	stops := map[string]int{}
	calls, took, total := 0, 0, 0
	for _, tx := range texts {
		total += len(tx)
		st := chunkState{}
		for i := 0; i+8 <= len(tx); {
			w := binary.LittleEndian.Uint64(tx[i:])
			if !kernelMayTake(w) {
				stops["notTaken:"+blockClass(w)]++
				i += 8
				continue
			}
			st.flags &= chunkBlobFound | chunkCtlFound | chunkRepOff
			n := scanChunks(tx[i:], &st)
			calls++
			took += n
			if i += n; i+8 > len(tx) {
				stops["end"]++
				break
			}
			k := blockClass(binary.LittleEndian.Uint64(tx[i:]))
			switch {
			case st.flags&chunkRepeat != 0:
				k = "repeat"
				st.flags |= chunkRepOff
			case st.flags&chunkURL != 0:
				k = "url"
			case st.flags&chunkSepHex != 0:
				k = "sephex"
			case st.flags&chunkQP != 0:
				k = "qp"
			}
			stops[k]++
			st.b64, st.hex = 0, 0
			i += 8
		}
	}
	var ks []string
	for k := range stops {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(a, b int) bool { return stops[ks[a]] > stops[ks[b]] })
	t.Logf("bytes %d, calls %d, took %d", total, calls, took)
	for _, k := range ks {
		t.Logf("%-24s %8d", k, stops[k])
	}
}

// blockClass names what in the block w may stop the kernel.
func blockClass(w uint64) string {
	switch {
	case w&highs != 0:
		return "nonascii"
	case eqByte(w, '\\') != 0:
		return "backslash"
	case eqByte(w, '\r') != 0:
		return "cr"
	case eqByte(w, '`')|eqByte(w, '~') != 0:
		return "backtick/tilde"
	case w == uint64(byte(w))*ones:
		return "onebyte"
	}
	low := ^(w + (0x80-0x20)*ones) & highs
	if low&^(eqByte(w, '\n')|eqByte(w, '\t'))|(w+ones)&highs != 0 {
		return "control"
	}
	switch {
	case eqByte(w, '%') != 0:
		return "pct"
	case eqByte(w, '&') != 0:
		return "amp"
	case eqByte(w, '=') != 0:
		return "eq"
	case eqByte(w, ';') != 0:
		return "semi"
	}
	return "chain/other"
}
