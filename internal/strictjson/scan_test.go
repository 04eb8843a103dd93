package strictjson

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// decoded is what a parse of one line with a decoded text field gives.
type decoded struct {
	ok     bool
	errPos int
	errMsg string
	text   string
}

// decodeWith parses line for its "t" field, decoded into a column that
// already holds prefix, with or without the AVX-512 copy.
func decodeWith(line []byte, prefix string, avx bool) decoded {
	saved := useAVX512
	defer func() { useAVX512 = saved }()
	useAVX512 = avx
	p := NewParser([][]string{{"t"}})
	p.DecodeMask = 1
	col := []byte(prefix)
	p.Dst = &col
	var d decoded
	if d.ok = p.Parse(line); d.ok {
		d.text = string(col)
	} else {
		d.errPos, d.errMsg = p.errPos, p.errMsg
	}
	return d
}

// scanLines are JSON lines whose text field puts escapes, quotes,
// controls and line ends at every place around 64-byte blocks.
func scanLines() []string {
	var lines []string
	pieces := []string{`\n`, `\"`, `\\`, `\/`, `\t`, `\u00e9`, `\ud83d\ude00`, `\ud800`, `\x`, `\u12`, "\x01", "\x1f", `"`, "é", "\xff", ``}
	for _, n := range []int{0, 1, 7, 8, 55, 62, 63, 64, 65, 100, 127, 128, 129, 200} {
		pad := strings.Repeat("a", n)
		for _, piece := range pieces {
			for _, tail := range []string{``, `x`, strings.Repeat("b", 70), strings.Repeat(`\n`, 40)} {
				body := pad + piece + tail
				lines = append(lines,
					`{"t":"`+body+`"}`,
					`{"t":"`+body+`","label":"spam"}`,
					`{"t":"`+body,      // no closing quote
					`{"t":"`+body+`\`,  // a backslash ends the line
					`{"t":"`+body+`\"`, // an escaped quote ends the line
				)
			}
		}
	}
	return lines
}

// TestDecodeAVX512 checks that the AVX-512 copy of text fields gives what
// the pure Go loop gives: the same text, or the same error at the same
// byte.
func TestDecodeAVX512(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512BW on this CPU")
	}
	for i, line := range scanLines() {
		for _, prefix := range []string{"", "pre"} {
			t.Run(fmt.Sprintf("%d/%q", i, prefix), func(t *testing.T) {
				want := decodeWith([]byte(line), prefix, false)
				if got := decodeWith([]byte(line), prefix, true); got != want {
					t.Errorf("decode(%q) with AVX-512 = %+v, want %+v", line, got, want)
				}
			})
		}
	}
}

// FuzzDecodeAVX512: the AVX-512 copy and the pure Go loop decode every
// text field alike, and fail alike.
func FuzzDecodeAVX512(f *testing.F) {
	for _, line := range scanLines()[:200] {
		f.Add([]byte(line))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !useAVX512 {
			t.Skip("no AVX-512BW on this CPU")
		}
		for _, line := range [][]byte{data, []byte(`{"t":"` + string(data) + `"}`)} {
			want := decodeWith(line, "", false)
			if got := decodeWith(line, "", true); got != want {
				t.Errorf("decode(%q) with AVX-512 = %+v, want %+v", line, got, want)
			}
		}
	})
}

// BenchmarkParseText parses the lines of the sample (real mail, a
// backslash every few dozen bytes, a few bad lines), decoding their text fields, with the
// pure Go loop and with the AVX-512 copy.
func BenchmarkParseText(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	for _, avx := range []bool{false, true} {
		name := "go"
		if avx {
			name = "avx512"
		}
		b.Run(name, func(b *testing.B) {
			if avx && !useAVX512 {
				b.Skip("no AVX-512BW on this CPU")
			}
			saved := useAVX512
			defer func() { useAVX512 = saved }()
			useAVX512 = avx
			p := NewParser([][]string{{"text"}, {"label"}})
			p.DecodeMask = 1
			var col []byte
			p.Dst = &col
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				col = col[:0]
				for _, ln := range lines {
					p.Parse(ln) // the sample has a few bad lines
				}
			}
		})
	}
}
