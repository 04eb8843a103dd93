package ingest

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkDecodeJSONL decodes the shipped sample (real mail, an escape
// every few dozen bytes) into a batch: the per-chunk work of a worker.
func BenchmarkDecodeJSONL(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	d := newJSONDecoder(&Options{Text: []string{"text"}, Label: "label", ID: "id"})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bt := d.decode(0, data, 1, true)
		bt.Record.Release()
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
			dst = appendUnescaped(dst[:0], s)
		}
	}
}

// BenchmarkDecodeJSONLLenient is BenchmarkDecodeJSONL with
// Options.LenientJSON: fastjson in place of the strict parser.
func BenchmarkDecodeJSONLLenient(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	d := newJSONDecoder(&Options{Text: []string{"text"}, Label: "label", ID: "id", LenientJSON: true})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bt := d.decode(0, data, 1, true)
		bt.Record.Release()
	}
}

// BenchmarkDecodeJSONLTwoTexts reads two text fields (text and id), which
// the strict parser finds but does not decode in its pass, strict and
// lenient.
func BenchmarkDecodeJSONLTwoTexts(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	for _, lenient := range []bool{false, true} {
		b.Run(map[bool]string{false: "strict", true: "lenient"}[lenient], func(b *testing.B) {
			d := newJSONDecoder(&Options{Text: []string{"text", "id"}, Label: "label", LenientJSON: lenient})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				bt := d.decode(0, data, 1, true)
				bt.Record.Release()
			}
		})
	}
}
