package ingest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/source"
)

// readShape reads data as a JSON array or CSV with the chunker and decoder
// Run uses, in one goroutine: every good row as "pos:text" and every bad
// record as "pos:kind", sorted (pos: a CSV line, a JSON array's element).
func readShape(t testing.TB, data []byte, format Format, chunkBytes, maxLine int) (rows, bad []string) {
	opts := &Options{Text: []string{"text"}, ChunkBytes: chunkBytes, MaxLineBytes: maxLine}
	pool := textread.NewPool(2, opts.ChunkSize())
	r := bytes.NewReader(data)
	counter := &source.CountingReader{R: r}
	in := Input{Path: "x.csv", Format: format}
	if format == JSONArray {
		in.Path = "x.json"
	}
	c := textread.NewChunker(counter, counter, 0, in, opts, pool)
	d := textread.NewDecoder(opts)
	for {
		ch, err := c.Next()
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		if ch == nil {
			sort.Strings(bad) // records of one line may come in either order
			return rows, bad
		}
		b := d.Decode(ch)
		err = ForEachText(b.Record.Column(0), func(i int, text []byte, _ bool) {
			rows = append(rows, fmt.Sprintf("%d:%s", b.Pos(i).N, text))
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range b.Bad {
			bad = append(bad, fmt.Sprintf("%d:%s", x.Pos.N, x.Kind))
		}
		b.Record.Release()
		pool.Release(ch)
	}
}

// FuzzShapeChunks: what a JSON array or a CSV file reads as does not
// depend on where the chunks are cut.
func FuzzShapeChunks(f *testing.F) {
	for _, s := range []string{
		`[{"text":"a"},{"text":"b \" ] , }"},` + "\n" + `{"text":"c"}]`,
		"\xef\xbb\xbf[ {\"text\":\"x\"} ,, {\"text\":1} ,]",
		`[{"text":"a"}}, {"text":"b"}] trailing`,
		`[{"text":"a\\"}, {"text":"` + "\n",
		"text,label\n\"a,b\",1\n\"c\"\"d\ne\",2\r\nf\"g,3\n\"h\"i,4\n,5\n1,2,3\n\n\"unclosed",
		// Records over the 64 bytes of maxLine: one line, one quoted
		// field of several lines, a quote never closed and one closed
		// with a fault on a later line, each followed by a record.
		"text\nshort\n" + strings.Repeat("long ", 20) + "\nafter\n",
		"text,n\n\"" + strings.Repeat("line\n", 20) + "\",1\nafter,2\n",
		"text,n\n\"open\n" + strings.Repeat("row,1\n", 20) + "after,2\n",
		"text,n\n\"open\n" + strings.Repeat("row,1\n", 20) + "x\"y,2\nafter,3\n",
		"text\n" + strings.Repeat("x", 200),
	} {
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		for _, format := range []Format{JSONArray, CSV} {
			wantRows, wantBad := readShape(t, data, format, 0, 64)
			gotRows, gotBad := readShape(t, data, format, int(size%32)+1, 64)
			if fmt.Sprint(wantRows) != fmt.Sprint(gotRows) || fmt.Sprint(wantBad) != fmt.Sprint(gotBad) {
				t.Errorf("%v in chunks of %d: rows %q, bad %q; whole: rows %q, bad %q", format, size%32+1, gotRows, gotBad, wantRows, wantBad)
			}
		}
	})
}
