// Command spansref is the brute-force reference of scan --spans: it lists
// the rows of a JSONL file (fields id, text) that hold a span of N tokens
// found in another row, by keeping every N-gram of every row.
//
//	go run ./benchmarks/spansref -n 50 spans.jsonl > rows.txt
//
// Tokens are package spans' (the tokenizer is not what is measured); each
// N-gram is keyed by a 128-bit FNV-1a hash of its N token hashes, computed
// afresh (no rolling hash, no winnowing), so the winnowing, the rolling
// hashes and the verification of scan --spans are checked against it.
// Memory: about 40 bytes per token.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"sort"

	"github.com/dataaudit/dataaudit/internal/spans"
)

func main() {
	n := flag.Int("n", 50, "span length in tokens")
	words := flag.Bool("words", true, "tokens are words (runs of letters and digits, as scan --spans); false: white-space runs, punctuation dropped (as contamination)")
	flag.Parse()
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	type key [16]byte
	first := map[key]int32{} // N-gram -> first row, or -1 when in two rows
	var ids []string
	tz := spans.Tokenizer{Words: *words}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	buf := make([]byte, 0, 8**n)
	for row := int32(0); sc.Scan(); row++ {
		var r struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			fmt.Fprintf(os.Stderr, "line %d: %v\n", row+1, err)
			os.Exit(2)
		}
		ids = append(ids, r.ID)
		m := tz.Tokens([]byte(r.Text))
		for s := 0; s+*n <= m; s++ {
			buf = buf[:0]
			for _, h := range tz.Hashes[s : s+*n] {
				buf = binary.LittleEndian.AppendUint64(buf, h)
			}
			hh := fnv.New128a()
			hh.Write(buf)
			var k key
			copy(k[:], hh.Sum(nil))
			if r0, ok := first[k]; !ok {
				first[k] = row
			} else if r0 != row && r0 >= 0 {
				first[k] = -1 - r0 // in two rows: remember the first
				_ = r0
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// A second read marks every row holding a repeated N-gram.
	f.Seek(0, 0)
	sc = bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	var out []string
	for row := int32(0); sc.Scan(); row++ {
		var r struct{ ID, Text string }
		json.Unmarshal(sc.Bytes(), &r)
		m := tz.Tokens([]byte(r.Text))
		for s := 0; s+*n <= m; s++ {
			buf = buf[:0]
			for _, h := range tz.Hashes[s : s+*n] {
				buf = binary.LittleEndian.AppendUint64(buf, h)
			}
			hh := fnv.New128a()
			hh.Write(buf)
			var k key
			copy(k[:], hh.Sum(nil))
			if first[k] < 0 {
				out = append(out, ids[row])
				break
			}
		}
	}
	sort.Strings(out)
	w := bufio.NewWriter(os.Stdout)
	for _, id := range out {
		fmt.Fprintln(w, id)
	}
	w.Flush()
	fmt.Fprintf(os.Stderr, "spansref: %d rows, %d with a repeated %d-token span\n", len(ids), len(out), *n)
}
