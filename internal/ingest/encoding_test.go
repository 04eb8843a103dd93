package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16, little- or big-endian, with or without
// a byte-order mark.
func utf16Bytes(s string, bigEndian, mark bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if mark {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestEncodingHint: a JSONL file in UTF-16 or with CR-only line ends says
// so in its bad records' reasons; other bad lines do not.
func TestEncodingHint(t *testing.T) {
	const lines = `{"text":"hello there"}` + "\r\n" + `{"text":"world"}` + "\r\n"
	const crOnly = `{"text":"a"}` + "\r" + `{"text":"b"}` + "\r" + `{"text":"c"}` + "\r"
	for _, tc := range []struct {
		name    string
		data    []byte
		maxLine int
		chunk   int
		kind    string
		want    string // in every bad record's reason; "": neither hint
	}{
		{"utf16le bom", utf16Bytes(lines, false, true), 0, 0, BadJSON, "UTF-16"},
		{"utf16be bom", utf16Bytes(lines, true, true), 0, 0, BadJSON, "UTF-16"},
		{"utf16le no bom", utf16Bytes(lines, false, false), 0, 0, BadJSON, "UTF-16"},
		{"utf16be no bom", utf16Bytes(lines, true, false), 0, 0, BadJSON, "UTF-16"},
		{"cr only", []byte(crOnly), 0, 0, BadJSON, "carriage return"},
		{"cr only over the line limit", []byte(strings.Repeat(`{"text":"some words here"}`+"\r", 20)), 100, 0, BadLongLine, "carriage return"},
		{"cr only over the chunk", []byte(strings.Repeat(`{"text":"some words here"}`+"\r", 20)), 100, 64, BadLongLine, "carriage return"},
		{"plain bad json", []byte(`{"text": nope}` + "\n"), 0, 0, BadJSON, ""},
		{"raw cr in a string", []byte(`{"text":"a` + "\r" + `b"}` + "\n"), 0, 0, BadJSON, ""},
		{"long plain line", []byte(`{"text":"` + strings.Repeat("x", 200) + `"}` + "\n"), 100, 0, BadLongLine, ""},
		{"long plain line over the chunk", []byte(`{"text":"` + strings.Repeat("x", 200) + `"}` + "\n"), 100, 64, BadLongLine, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "in.jsonl"), tc.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var bad []BadRecord
			err = Run(context.Background(), inputs, Options{Text: []string{"text"}, MaxLineBytes: tc.maxLine, ChunkBytes: tc.chunk}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				mu.Lock()
				bad = append(bad, b.Bad...)
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) == 0 {
				t.Fatalf("Run(%q) = no bad records, want %s", tc.data, tc.kind)
			}
			for _, r := range bad {
				if r.Pos.N > 2 {
					continue // the lone NUL after UTF-16 LE's last '\n'
				}
				if r.Kind != tc.kind {
					t.Errorf("Run(%q) bad record kind = %q, want %q", tc.data, r.Kind, tc.kind)
				}
				hinted := strings.Contains(r.Reason, "UTF-16") || strings.Contains(r.Reason, "carriage return")
				if tc.want == "" && hinted || tc.want != "" && !strings.Contains(r.Reason, tc.want) {
					t.Errorf("Run(%q) line %d reason = %q, want %q in it", tc.data, r.Pos.N, r.Reason, tc.want)
				}
			}
		})
	}
}
