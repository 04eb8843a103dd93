package strictjson

import (
	"bytes"
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

// The ways scanDecode can copy text: the pure Go loop and the two kernels.
const (
	kernelGo = iota
	kernelAVX512
	kernelVBMI2
)

// kernels are the kernels this CPU runs, with their names.
func kernels() map[int]string {
	k := map[int]string{kernelGo: "go"}
	if useAVX512 {
		k[kernelAVX512] = "avx512"
	}
	if useVBMI2 {
		k[kernelVBMI2] = "vbmi2"
	}
	return k
}

// decodeWith parses line for its "t" field, decoded into a column that
// already holds prefix, with the pure Go loop or one of the kernels.
func decodeWith(line []byte, prefix string, kernel int) decoded {
	savedAVX, savedVBMI2 := useAVX512, useVBMI2
	defer func() { useAVX512, useVBMI2 = savedAVX, savedVBMI2 }()
	useAVX512, useVBMI2 = kernel != kernelGo, kernel == kernelVBMI2
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
	pieces := []string{`\n`, `\"`, `\\`, `\/`, `\t`, `\u00e9`, `\ud83d\ude00`, `\ud800`, `\x`, `\u12`, "\x01", "\x1f", `"`, "é", "\xff", ``,
		`\n\r\t\b\f\/\"`, `\\\n`, `\\\\`, `\é`, "\\\x01", `\n"`, `\"\"`}
	for _, n := range []int{0, 1, 7, 8, 55, 62, 63, 64, 65, 100, 127, 128, 129, 200} {
		pad := strings.Repeat("a", n)
		for _, piece := range pieces {
			for _, tail := range []string{``, `x`, strings.Repeat("b", 70), strings.Repeat(`\n`, 40), strings.Repeat(`ab\ncd\"e`, 20)} {
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

// TestDecodeAVX512 checks that the AVX-512 copies of text fields
// (decodeRunAVX512, decodeRunVBMI2) give what the pure Go loop gives:
// the same text, or the same error at the same byte.
func TestDecodeAVX512(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512BW on this CPU")
	}
	if !useVBMI2 {
		t.Log("no AVX-512 VBMI2 on this CPU: decodeRunVBMI2 is not tested")
	}
	for kernel, name := range kernels() {
		if kernel == kernelGo {
			continue
		}
		for i, line := range scanLines() {
			for _, prefix := range []string{"", "pre"} {
				want := decodeWith([]byte(line), prefix, kernelGo)
				if got := decodeWith([]byte(line), prefix, kernel); got != want {
					t.Errorf("%s: decode(%q) after %q = %+v, want %+v (line %d)", name, line, prefix, got, want, i)
				}
			}
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
			want := decodeWith(line, "", kernelGo)
			for kernel, name := range kernels() {
				if got := decodeWith(line, "", kernel); got != want {
					t.Errorf("%s: decode(%q) = %+v, want %+v", name, line, got, want)
				}
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
	ks := kernels()
	for _, kernel := range []int{kernelGo, kernelAVX512, kernelVBMI2} {
		name, ok := ks[kernel]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			savedAVX, savedVBMI2 := useAVX512, useVBMI2
			defer func() { useAVX512, useVBMI2 = savedAVX, savedVBMI2 }()
			useAVX512, useVBMI2 = kernel != kernelGo, kernel == kernelVBMI2
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
