package strictjson

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/strictjson/jsontest"
)

func TestAppendUnescaped(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{``, ""},
		{`plain text`, "plain text"},
		{`\"`, `"`},
		{`\\`, `\`},
		{`\/`, `/`},
		{`\b\f\n\r\t`, "\b\f\n\r\t"},
		{`a\nb\tc`, "a\nb\tc"},
		{`\\n`, `\n`},
		{`\u0041`, "A"},
		{`\u00e9\u00E9`, "éé"},
		{`\u4e2d\u6587`, "中文"},
		{`\u0000`, "\x00"},
		{`\uffff`, "\uffff"},
		{`x\u0041y`, "xAy"},
		// UTF-16 surrogates, as encoding/json decodes them.
		{`\ud83d\ude00`, "😀"},
		{`\uD83D\uDE00!`, "😀!"},
		{`\ud800`, "\uFFFD"},
		{`\ud800x`, "\uFFFDx"},
		{`\ud83d\u0041`, "\uFFFDA"},
		{`\ude00`, "\uFFFD"},
		{`\ude00\ud83d`, "\uFFFD\uFFFD"},
		{`\ud83d\ud83d\ude00`, "\uFFFD😀"},
		{`\ud83d\n`, "\uFFFD\n"},
		// Escapes JSON does not have are kept as written.
		{`\x`, `\x`},
		{`\u12G4`, `\u12G4`},
		{`\u12`, `\u12`},
		{`\u`, `\u`},
		{`\ud83d\u12`, "\uFFFD\\u12"},
		{`\ud83d\`, "\uFFFD\\"},
		{`abc\`, `abc\`},
		{`\`, `\`},
		// Bytes that are not UTF-8 are kept as they are.
		{"\xff\xfe", "\xff\xfe"},
		{"\xff\\n\xfe", "\xff\n\xfe"},
		{"caf\xc3", "caf\xc3"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(AppendUnescaped(nil, []byte(tt.in))); got != tt.want {
				t.Errorf("AppendUnescaped(nil, %q) = %q, want %q", tt.in, got, tt.want)
			}
			// Appending keeps what dst held, with or without spare capacity.
			for _, dst := range [][]byte{[]byte("pre:"), append(make([]byte, 0, 64), "pre:"...)} {
				if got := string(AppendUnescaped(dst, []byte(tt.in))); got != "pre:"+tt.want {
					t.Errorf("AppendUnescaped(%q, %q) = %q, want %q", dst, tt.in, got, "pre:"+tt.want)
				}
			}
			// Where encoding/json accepts the string, it must agree (it
			// replaces bytes that are not UTF-8, which ingest keeps).
			var ref string
			if utf8.ValidString(tt.in) && json.Unmarshal([]byte(`"`+tt.in+`"`), &ref) == nil && ref != tt.want {
				t.Errorf("encoding/json decodes %q to %q, the table says %q", tt.in, ref, tt.want)
			}
		})
	}
}

// FuzzUnescape: AppendUnescaped never panics, keeps dst, never writes more
// bytes than it reads, copies input without a backslash unchanged, and
// agrees with encoding/json wherever that accepts the string.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{
		"", "plain", `\"\\\/\b\f\n\r\t`, `\u0041`, `\ud83d\ude00`, `\ud800`, `\ud83d\u0041`,
		`\ude00\ud83d`, `\u12G4`, `\`, `a\`, `\u`, `\ud83d\`, "\xff\\u00e9\xfe",
	} {
		f.Add([]byte(s), []byte("pre"))
	}
	f.Fuzz(func(t *testing.T, s, dst []byte) {
		dst = dst[:len(dst):len(dst)]
		prefix := string(dst)
		out := AppendUnescaped(dst, s)
		if string(out[:len(prefix)]) != prefix {
			t.Fatalf("AppendUnescaped(%q, %q) changed dst to %q", prefix, s, out[:len(prefix)])
		}
		got := out[len(prefix):]
		if len(got) > len(s) {
			t.Errorf("AppendUnescaped(%q) = %q: %d bytes from %d", s, got, len(got), len(s))
		}
		if !bytes.Contains(s, []byte{'\\'}) && !bytes.Equal(got, s) {
			t.Errorf("AppendUnescaped(%q) = %q, want it unchanged", s, got)
		}
		var ref string
		if utf8.Valid(s) && json.Unmarshal([]byte(`"`+string(s)+`"`), &ref) == nil && string(got) != ref {
			t.Errorf("AppendUnescaped(%q) = %q, want %q as encoding/json decodes it", s, got, ref)
		}
	})
}

// FuzzStrictJSON checks the strict parser against encoding/json: it accepts
// exactly what json.Valid accepts, but for values nested deeper than
// MaxDepth and objects with a key twice, and it finds a duplicate key
// exactly when a reference built on json.Decoder does (for UTF-8 input,
// where both compare decoded keys). A line it accepts must decode to the
// same record, or bad record, as with LenientJSON.
func FuzzStrictJSON(f *testing.F) {
	for _, s := range jsontest.Seeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := NewParser(nil)
		ok := p.Parse(data)
		deep := !ok && strings.HasPrefix(p.errMsg, "values nested deeper")
		dup := !ok && p.dupFirst >= 0
		valid := json.Valid(data)
		switch {
		case ok && !valid:
			t.Errorf("parse(%q) accepts what json.Valid rejects", data)
		case !ok && !dup && !deep && valid:
			t.Errorf("parse(%q) rejects what json.Valid accepts: byte %d: %s", data, p.errPos+1, p.errMsg)
		case !ok && (p.errPos < 0 || p.errPos > len(data) || p.errMsg == ""):
			t.Errorf("parse(%q) failed at %d with %q", data, p.errPos, p.errMsg)
		}
		if valid && utf8.Valid(data) && !deep {
			if want := hasDuplicateKey(data); dup != want {
				t.Errorf("parse(%q) duplicate key = %v, want %v", data, dup, want)
			}
		}
	})
}

// hasDuplicateKey reports whether the valid JSON data has an object with a
// key twice, by encoding/json's tokens.
func hasDuplicateKey(data []byte) bool {
	type level struct {
		obj     bool
		keys    map[string]bool
		wantKey bool
	}
	var stack []*level
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	valueDone := func() {
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.wantKey {
			if k, isKey := tok.(string); isKey {
				if top.keys[k] {
					return true
				}
				top.keys[k] = true
				top.wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{obj: true, keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &level{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			valueDone()
		}
	}
}

// BenchmarkUnescape decodes the text fields of the sample, escapes and all.
func BenchmarkUnescape(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	var n int64
	for _, line := range bytes.Split(data, []byte("\n")) {
		if i := bytes.Index(line, []byte(`"text":"`)); i >= 0 {
			body := line[i+8:]
			if j := bytes.Index(body, []byte(`","label"`)); j >= 0 {
				bodies = append(bodies, body[:j])
				n += int64(j)
			}
		}
	}
	var dst []byte
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bodies {
			dst = AppendUnescaped(dst[:0], s)
		}
	}
}
