package strictjson

import (
	"bytes"
	"strings"
	"testing"
)

// parseLineAgrees checks ParseLine of line+rest against Parse of line
// (line holds no newline; rest starts with one, or is empty): both
// accept or both reject, and on success ParseLine ends the line at
// len(line) and finds the same values and decodes the same text.
func parseLineAgrees(t *testing.T, line, rest []byte) {
	t.Helper()
	paths := [][]string{{"t"}, {"label"}, {"a", "1"}}
	for kernel, name := range kernels() {
		func() {
			savedAVX, savedVBMI2 := useAVX512, useVBMI2
			defer func() { useAVX512, useVBMI2 = savedAVX, savedVBMI2 }()
			useAVX512, useVBMI2 = kernel != kernelGo, kernel == kernelVBMI2

			ref := NewParser(paths)
			ref.DecodeMask = 1
			var refCol []byte
			ref.Dst = &refCol
			want := ref.Parse(line)

			p := NewParser(paths)
			p.DecodeMask = 1
			col := []byte{}
			p.Dst = &col
			s := append(append([]byte{}, line...), rest...)
			end, got := p.ParseLine(s)
			if got && !want {
				t.Fatalf("%s: ParseLine(%q) accepts the line, Parse(%q) rejects it: %s", name, s, line, ref.errMsg)
			}
			if want && !got {
				t.Fatalf("%s: ParseLine(%q) rejects the line (%s at %d), Parse(%q) accepts it", name, s, p.errMsg, p.errPos, line)
			}
			if !got {
				return
			}
			if end != len(line) {
				t.Fatalf("%s: ParseLine(%q) ends the line at %d, want %d", name, s, end, len(line))
			}
			if !bytes.Equal(col, refCol) {
				t.Fatalf("%s: ParseLine(%q) decoded %q, Parse %q", name, s, col, refCol)
			}
			for i := range paths {
				if !bytes.Equal(p.Value(i), ref.Value(i)) {
					t.Fatalf("%s: ParseLine(%q) value %d = %q, Parse's %q", name, s, i, p.Value(i), ref.Value(i))
				}
			}
			// The parser is left for Parse as it was.
			if ok := p.Parse(line); ok != want {
				t.Fatalf("%s: Parse(%q) after ParseLine = %v, want %v", name, line, ok, want)
			}
		}()
	}
}

// TestParseLine: ParseLine of a line followed by more lines agrees with
// Parse of the line alone, for lines with escapes, quotes, controls and
// ends at every place around the kernels' 64-byte blocks, and values
// that would go on past the newline.
func TestParseLine(t *testing.T) {
	rests := []string{"", "\n", "\n{\"t\":\"next\"}\n", "\n" + strings.Repeat(`x\n`, 40), "\n\n", "\n\"}"}
	lines := append(scanLines(),
		`{"t":"a"}  `, "{\"t\":\"a\"}\r", "{\"t\":\"a\"}\t\r ", ` {"t":"a"}`, `{"t":"a","label":1,"a":[0,{"b":2}]}`,
		`{"t":`, `{"t":"a"`, `{"t":"a",`, `{"t":"a"} x`, `{"t":"a"}{}`, `{"t":tru`, `{"t":1.`, `{"t":-`, `[`, `{`, ``, ` `, "\r",
		`{"t":"a","t":"b"}`, `{"label":"x"}`, `"s"`, `1`, `true`, `null`, "{\"t\":\"a\"}\x00", `{"t":"a\`)
	for _, line := range lines {
		if strings.Contains(line, "\n") {
			continue
		}
		for _, rest := range rests {
			parseLineAgrees(t, []byte(line), []byte(rest))
		}
	}
}

// FuzzParseLine: ParseLine of any line followed by more agrees with Parse
// of the line.
func FuzzParseLine(f *testing.F) {
	for _, line := range scanLines()[:200] {
		f.Add([]byte(line), []byte("\n{\"t\":\"next\"}"))
	}
	f.Fuzz(func(t *testing.T, line, rest []byte) {
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if len(rest) > 0 && rest[0] != '\n' {
			rest = append([]byte{'\n'}, rest...)
		}
		parseLineAgrees(t, line, rest)
	})
}
