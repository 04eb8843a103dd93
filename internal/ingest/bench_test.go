package ingest

import (
	"os"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
)

// BenchmarkDecodeJSONL decodes the shipped sample (real mail, an escape
// every few dozen bytes) into a batch: the per-chunk work of a worker.
func BenchmarkDecodeJSONL(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	d := textread.NewDecoder(&Options{Text: []string{"text"}, Label: "label", ID: "id"})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bt := d.DecodeLines(0, data, 1, true)
		bt.Record.Release()
	}
}

// BenchmarkDecodeJSONLLenient is BenchmarkDecodeJSONL with
// Options.LenientJSON: fastjson in place of the strict parser.
func BenchmarkDecodeJSONLLenient(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	d := textread.NewDecoder(&Options{Text: []string{"text"}, Label: "label", ID: "id", LenientJSON: true})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bt := d.DecodeLines(0, data, 1, true)
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
			d := textread.NewDecoder(&Options{Text: []string{"text", "id"}, Label: "label", LenientJSON: lenient})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				bt := d.DecodeLines(0, data, 1, true)
				bt.Record.Release()
			}
		})
	}
}

// BenchmarkDecodeChat decodes OpenAI, ShareGPT and Alpaca lines made from
// the shipped sample's texts, with shape detection (the scan's default):
// the cost of chat parsing against BenchmarkDecodeJSONL's flat text. Bytes
// are the JSONL's.
func BenchmarkDecodeChat(b *testing.B) {
	texts := sampleTexts(b)
	for _, shape := range []string{"openai", "sharegpt", "alpaca", "flat"} {
		data := chatLines(shape, texts)
		b.Run(shape, func(b *testing.B) {
			d := textread.NewDecoder(&Options{Text: []string{"text"}, DetectShape: true})
			bt := d.DecodeLines(0, data, 1, true)
			if len(bt.Bad) > 0 || bt.Record.NumRows() == 0 {
				b.Fatalf("%s: %d rows, bad %v", shape, bt.Record.NumRows(), bt.Bad)
			}
			bt.Record.Release()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				bt := d.DecodeLines(0, data, 1, true)
				bt.Record.Release()
			}
		})
	}
}

// BenchmarkRunShapes reads the same corpus as JSONL, a JSON array, CSV,
// TSV and an Arrow IPC stream with a no-op fn: the readers alone, in MB/s
// of input. The files are benchmarks/fileshapes.sh's (set
// DATAAUDIT_SHAPES to its output prefix, e.g. /tmp/fileshapes/corpus-30MB-s1;
// the JSONL is DATAAUDIT_SHAPES_JSONL).
func BenchmarkRunShapes(b *testing.B) {
	prefix, jsonl := os.Getenv("DATAAUDIT_SHAPES"), os.Getenv("DATAAUDIT_SHAPES_JSONL")
	if prefix == "" || jsonl == "" {
		b.Skip("DATAAUDIT_SHAPES and DATAAUDIT_SHAPES_JSONL not set: see benchmarks/fileshapes.sh")
	}
	for _, shape := range []string{"jsonl", "json", "csv", "tsv", "arrow"} {
		path := prefix + "." + shape
		if shape == "jsonl" {
			path = jsonl
		}
		b.Run(shape, func(b *testing.B) {
			inputs, err := Expand([]string{path})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(inputs[0].Size)
			for b.Loop() {
				err := Run(b.Context(), inputs, Options{Text: []string{"text"}, Label: "label", ID: "id"}, func(_ int, bt *Batch) error {
					bt.Record.Release()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeJSONLDetect is BenchmarkDecodeJSONL as a scan with the
// default --text reads it: with shape detection, whose five more paths the
// strict parser follows.
func BenchmarkDecodeJSONLDetect(b *testing.B) {
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	d := textread.NewDecoder(&Options{Text: []string{"text"}, Label: "label", ID: "id", DetectShape: true})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bt := d.DecodeLines(0, data, 1, true)
		bt.Record.Release()
	}
}
