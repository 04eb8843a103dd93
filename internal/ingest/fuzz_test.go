package ingest

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/strictjson/jsontest"
)

// fuzzOptions are the field sets FuzzDecodeJSONL picks from.
var fuzzOptions = []Options{
	{Text: []string{"text"}, Label: "label", ID: "id"},
	{Text: []string{"text"}},
	{Text: []string{"text", "meta.body"}, Label: "label"},
	{Text: []string{"a.b.c"}, ID: "text"},
	{Text: []string{"text"}, Label: "label", DetectShape: true},
	{Text: []string{"messages"}, Roles: []Role{RoleUser, RoleSystem}, Prompt: "p"},
}

// FuzzDecodeJSONL decodes random bytes as one chunk. It must not panic, and
// every line must come out as exactly one of a good row, a bad record or a
// blank line, at its own line number.
func FuzzDecodeJSONL(f *testing.F) {
	if data, err := os.ReadFile(messyPath); err == nil {
		f.Add(data, uint8(0))
	}
	for _, s := range []string{
		"",
		"\n",
		"\r\n\r\n",
		"\xEF\xBB\xBF{\"text\":\"x\"}",
		`{"text":"a","label":1,"id":"x"}` + "\n" + `{"text":"b"}`,
		`{"text":"\ud83d\ude00","meta":{"body":"\ud800"}}`,
		`{"text":"\u","label":[],"id":{}}`,
		`{"text":"a"} x` + "\n[1]\n5\n\"s\"\nnull\n{}",
		`{"a":{"b":{"c":"deep"}},"text":5}`,
		"{\"text\":\"\xff\"}\r",
		`{"messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"u\n"},{"type":"image"}]},{"role":"assistant","content":"a\"b"}],"p":"x"}`,
		`{"conversations":[{"from":"human","value":"h"},{"from":"gpt","value":null}],"label":1}` + "\n" + `{"instruction":"i","input":"","output":"o"}`,
		`{"messages":[{"role":"x"},{"content":1},[],{"role":"user","content":{}}]}`,
	} {
		for mode := range len(fuzzOptions) {
			f.Add([]byte(s), uint8(mode))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := fuzzOptions[int(mode)%len(fuzzOptions)]
		d := textread.NewDecoder(&opts)
		want := bytes.Count(data, []byte{'\n'})
		if len(data) > 0 && data[len(data)-1] != '\n' {
			want++
		}
		// Twice, to check that a decoder's reused state does not leak from
		// one chunk into the next.
		var first []int64
		for round, firstLine := range []int64{1, 1000} {
			b := d.DecodeLines(3, data, firstLine, firstLine == 1)
			lines := map[int64]bool{}
			for _, n := range b.Lines {
				lines[n] = true
			}
			for _, bad := range b.Bad {
				if lines[bad.Pos.N] {
					t.Errorf("line %d is both a good row and a bad record (%s)", bad.Pos.N, bad.Kind)
				}
				lines[bad.Pos.N] = true
				if bad.Pos.File != 3 || !bad.Pos.Line || bad.Rows != 1 || bad.Kind == "" || bad.Reason == "" {
					t.Errorf("bad record %+v: want file 3, a line, 1 row, a kind and a reason", bad)
				}
			}
			if got := len(b.Lines) + len(b.Bad) + int(b.Blank); got != want {
				t.Errorf("%d good + %d bad + %d blank = %d, want the %d lines", len(b.Lines), len(b.Bad), b.Blank, got, want)
			}
			for n := range lines {
				if n < firstLine || n >= firstLine+int64(want) {
					t.Errorf("line %d outside the chunk's lines %d..%d", n, firstLine, firstLine+int64(want)-1)
				}
			}
			if int(b.Record.NumRows()) != len(b.Lines) {
				t.Errorf("%d rows in the record, %d line numbers", b.Record.NumRows(), len(b.Lines))
			}
			for i, col := range b.Record.Columns() {
				if err := validateString(col.(*array.String)); err != nil {
					t.Errorf("column %d: %v", i, err)
				}
			}
			if err := checkTurns(b); err != nil {
				t.Error(err)
			}
			if b.Column(ColText).NullN() != 0 {
				t.Errorf("text column has %d nulls, want 0", b.Column(ColText).NullN())
			}
			rel := make([]int64, len(b.Lines))
			for i, n := range b.Lines {
				rel[i] = n - firstLine
			}
			if round == 0 {
				first = rel
			} else if !slices.Equal(first, rel) {
				// Only the BOM of the first line may change a line's fate.
				if !bytes.HasPrefix(data, bom) {
					t.Errorf("good lines differ between two decodes: %v, then %v", first, rel)
				}
			}
			b.Record.Release()
		}
	})
}

// checkTurns checks that a batch's turns are in row order and within
// their rows' text.
func checkTurns(b *Batch) error {
	text := b.Column(ColText).(*array.String)
	for k, tu := range b.Turns {
		if k > 0 && tu.Row < b.Turns[k-1].Row {
			return fmt.Errorf("turn %d of row %d after a turn of row %d", k, tu.Row, b.Turns[k-1].Row)
		}
		if int(tu.Row) >= text.Len() || tu.Start < 0 || tu.Start > tu.End || int(tu.End) > len(text.Value(int(tu.Row))) {
			return fmt.Errorf("turn %d %+v outside its row (%d rows)", k, tu, text.Len())
		}
	}
	return nil
}

// validateString is ValidateFull without its UTF-8 check: ingest keeps
// bytes that are not UTF-8 for the analysers to flag. It also reads every
// validity bit, which panics if the bitmap is short.
func validateString(a *array.String) error {
	if err := a.Validate(); err != nil {
		return err
	}
	offs := a.ValueOffsets()
	for i := range a.Len() {
		if offs[i] < 0 || offs[i+1] < offs[i] {
			return fmt.Errorf("offsets %d, %d at row %d", offs[i], offs[i+1], i)
		}
		if a.IsNull(i) && offs[i+1] != offs[i] {
			return fmt.Errorf("null row %d has %d bytes", i, offs[i+1]-offs[i])
		}
	}
	return nil
}

// FuzzStrictLenient: a line the strict reader takes must decode to the
// same record, or bad record, as with LenientJSON. (FuzzStrictJSON, in
// internal/strictjson, checks the parser itself against encoding/json.)
func FuzzStrictLenient(f *testing.F) {
	for _, s := range jsontest.Seeds() {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"messages":[{"role":"user","content":"a\u0041\n"},{"role":"assistant","content":[{"type":"text","text":"b"}]}],"p":"q"}`,
		`{"conversations":[{"from":"human","value":"h"},{"from":"gpt","value":"g"}]}`,
		`{"instruction":"i\t","input":"x","output":"o","label":true}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Strict and lenient decoding agree on every line strict reading
		// takes.
		if bytes.IndexByte(data, '\n') >= 0 {
			return
		}
		for _, opts := range fuzzOptions {
			strict, lenient := opts, opts
			lenient.LenientJSON = true
			kind, reason, row := decodeOne(&strict, string(data), false)
			if kind == BadJSON || kind == BadDuplicateKey {
				continue
			}
			lkind, lreason, lrow := decodeOne(&lenient, string(data), false)
			if kind != lkind || reason != lreason || rowString(row) != rowString(lrow) {
				t.Errorf("decode(%q) with %+v: strict %q %q %s, lenient %q %q %s", data, opts, kind, reason, rowString(row), lkind, lreason, rowString(lrow))
			}
		}
	})
}
