package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/array"
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
			if got := string(appendUnescaped(nil, []byte(tt.in))); got != tt.want {
				t.Errorf("appendUnescaped(nil, %q) = %q, want %q", tt.in, got, tt.want)
			}
			// Appending keeps what dst held, with or without spare capacity.
			for _, dst := range [][]byte{[]byte("pre:"), append(make([]byte, 0, 64), "pre:"...)} {
				if got := string(appendUnescaped(dst, []byte(tt.in))); got != "pre:"+tt.want {
					t.Errorf("appendUnescaped(%q, %q) = %q, want %q", dst, tt.in, got, "pre:"+tt.want)
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

func TestStrColNulls(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		nulls []int
	}{
		{"no nulls", 100, nil},
		{"nulls at 0 7 8 63 64", 200, []int{0, 7, 8, 63, 64}},
		{"first null late", 200, []int{9, 63, 64, 130, 199}},
		{"first null after a byte", 17, []int{16}},
		{"all null", 70, nil}, // filled in below
		{"one null row", 1, []int{0}},
		{"empty", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nulls := tt.nulls
			if tt.name == "all null" {
				for i := range tt.n {
					nulls = append(nulls, i)
				}
			}
			var c strCol
			// Build twice, as the decoders do: fresh buffers, then reset.
			for round := range 2 {
				c.offs, c.data = make([]int32, 0, 4), nil
				c.reset()
				for i := range tt.n {
					if slices.Contains(nulls, i) {
						c.appendNull()
						continue
					}
					mark := len(c.data)
					c.data = append(c.data, "rolled back"...)
					c.rollback(mark)
					c.data = fmt.Appendf(c.data, "v%d", i)
					c.commit()
				}
				arr := c.array().(*array.String)
				if err := validateString(arr); err != nil {
					t.Fatalf("round %d: ValidateFull: %v", round, err)
				}
				if arr.Len() != tt.n || arr.NullN() != len(nulls) {
					t.Errorf("round %d: Len, NullN = %d, %d; want %d, %d", round, arr.Len(), arr.NullN(), tt.n, len(nulls))
				}
				for i := range tt.n {
					wantNull := slices.Contains(nulls, i)
					if arr.IsNull(i) != wantNull {
						t.Errorf("round %d: IsNull(%d) = %v, want %v", round, i, arr.IsNull(i), wantNull)
						continue
					}
					if want := fmt.Sprintf("v%d", i); !wantNull && arr.Value(i) != want {
						t.Errorf("round %d: Value(%d) = %q, want %q", round, i, arr.Value(i), want)
					}
					if wantNull && arr.ValueLen(i) != 0 {
						t.Errorf("round %d: null row %d has %d bytes, want 0", round, i, arr.ValueLen(i))
					}
				}
				arr.Release()
			}
		})
	}
}

func TestBatchRowsFor(t *testing.T) {
	tests := []struct {
		name           string
		rawBytes, rows int64
		want           int
	}{
		{"mail text, 1.4 KB a row", 1400 * 137265, 137265, 748},
		{"tweets, 100 B a row", 100 * 1000000, 1000000, maxBatchRows},
		{"books, 1 MB a row", 1 << 30, 1024, minBatchRows},
		{"no rows", 0, 0, maxBatchRows},
		{"empty texts", 0, 100, maxBatchRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := batchRowsFor(tt.rawBytes, tt.rows); got != tt.want {
				t.Errorf("batchRowsFor(%d, %d) = %d, want %d", tt.rawBytes, tt.rows, got, tt.want)
			}
		})
	}
}
