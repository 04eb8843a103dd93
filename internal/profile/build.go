package profile

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/datasketches-go/hll"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// HLLLgK is the HyperLogLog size: 2^14 registers, a relative standard
// error of about 0.8%.
const HLLLgK = 14

// Options configures Build.
type Options struct {
	Ingest ingest.Options
	TopN   int // tokens to list; 0: all
	// Tokenizer describes the tokenizer for the profile; LLM, when set,
	// is the model tokenizer that counts tokens by id (Tokenizer must then
	// say so: LLMTokenizer).
	Tokenizer   Tokenizer
	LLM         *llmtok.Tokenizer
	ToolVersion string
	// NoHash skips the SHA-256 of the files (compare does not need it).
	NoHash bool
	// Extra, if set, makes more per-worker analyses that see every batch
	// after the Summary; Build returns them merged, in this order.
	Extra []analysis.Factory
}

// Build reads the inputs once and returns their profile, the merged
// Summary (for callers that want more than the profile holds) and the
// merged analyses of Options.Extra.
// The files' SHA-256 is computed by a second reader running alongside the
// scan (the files are read twice, the second time mostly from the page
// cache), so hashing costs little wall time.
func Build(ctx context.Context, inputs []ingest.Input, o Options) (*Profile, *stats.Summary, []analysis.Analyser, error) {
	if (o.LLM != nil) != (o.Tokenizer.TokenEncoding == EncodingID) {
		return nil, nil, nil, fmt.Errorf("profile: tokenizer %q has token encoding %q but LLM is %v", o.Tokenizer.Name, o.Tokenizer.TokenEncoding, o.LLM != nil)
	}
	factories := append([]analysis.Factory{
		func() (analysis.Analyser, error) { s, _ := NewAnalysers(inputs, o); return s, nil },
		func() (analysis.Analyser, error) { _, r := NewAnalysers(inputs, o); return r, nil },
	}, o.Extra...)
	hashes := make([]string, len(inputs))
	hashDone := make(chan error, 1)
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if o.NoHash {
		hashDone <- nil
	} else {
		go func() { hashDone <- hashFiles(hctx, inputs, hashes) }()
	}
	all, err := analysis.Run(ctx, inputs, analysis.Options{Ingest: o.Ingest}, factories)
	if err != nil {
		cancel()
		<-hashDone
		return nil, nil, nil, err
	}
	if err := <-hashDone; err != nil {
		return nil, nil, nil, err
	}
	sum, rows := all[0].(*stats.Summary), all[1].(*stats.FileRows)
	p, err := Assemble(inputs, sum, rows, hashes, o)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, sum, all[2:], nil
}

// NewAnalysers returns the analysers whose merged states Assemble turns
// into a profile of inputs: a Summary and a FileRows.
func NewAnalysers(inputs []ingest.Input, o Options) (*stats.Summary, *stats.FileRows) {
	return stats.NewSummary(stats.Options{TopN: 1, TopPerLabel: 1, MaxExamples: -1, LLM: o.LLM}), stats.NewFileRows(len(inputs))
}

// Assemble makes the profile of inputs from the merged Summary and
// FileRows of every batch read from them and the files' hex SHA-256
// (empty: not hashed), as Build does; a caller that reads the inputs in
// shards, in other processes, merges their states and calls it.
func Assemble(inputs []ingest.Input, sum *stats.Summary, rows *stats.FileRows, hashes []string, o Options) (*Profile, error) {
	return AssembleTokens(inputs, sum, rows, hashes, o, nil)
}

// PartTokens are what a profile needs of its words that a Summary
// merged from token partitions (stats.SplitTokens, stats.TopOfPartition)
// lacks, since it holds only the partitions' top tokens: the total and
// distinct count of all partitions, and every distinct token in byte
// order (bytes.Compare), for the distinct-count sketch, whose bytes
// depend on the order of its updates.
type PartTokens struct {
	Total    uint64
	Distinct int
	Sorted   iter.Seq[[]byte]
}

// AssembleTokens is Assemble for a Summary merged from token partitions
// (t non-nil): it must hold at least the TopN+1 most frequent tokens of
// every partition, with their whole counts (all of them for TopN 0), so
// that the list, the tail's largest count and, with t's totals, the tail
// are the one-process profile's.
func AssembleTokens(inputs []ingest.Input, sum *stats.Summary, rows *stats.FileRows, hashes []string, o Options, t *PartTokens) (*Profile, error) {
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	res, err := sum.Result(files)
	if err != nil {
		return nil, err
	}
	p, err := fromSummary(sum, res, o, t)
	if err != nil {
		return nil, err
	}
	unreadable := map[string]bool{}
	for _, f := range res.Findings {
		if f.Kind == "unreadable_input" && len(f.Rows) > 0 {
			unreadable[f.Rows[0].File] = true
		}
	}
	for i, in := range inputs {
		c := ""
		if in.Format.Text() {
			c = in.Compression.String()
		}
		if sum, ok := in.Digest(); ok {
			hashes[i] = sum // a stream, hashed as it was read
		}
		p.Manifest = append(p.Manifest, File{
			Path: in.Path, Format: in.Format.String(), Compression: c, Bytes: in.Bytes(),
			SHA256: hashes[i], Rows: rows.Rows()[i], Unreadable: unreadable[in.Path],
		})
	}
	slices.SortFunc(p.Manifest, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return p, nil
}

// fromSummary fills a profile's distribution from a merged Summary.
func fromSummary(s *stats.Summary, res stats.Result, o Options, t *PartTokens) (*Profile, error) {
	p := &Profile{
		Schema: Schema, SchemaVersion: SchemaVersion,
		Tool:     Tool{Name: "dataaudit", Version: o.ToolVersion},
		Settings: Settings{Text: o.Ingest.Text, Label: o.Ingest.Label, Tokenizer: o.Tokenizer, TopN: o.TopN},
		Shards:   1,
		Manifest: []File{},
	}
	fill(p, s, res.Counts)
	top, tailCount, tailDistinct, tailMax := s.TokenList(o.TopN)
	p.Tokens.Total = res.Tokens.Total
	exact := int64(res.Tokens.Distinct)
	if t != nil {
		var listed uint64
		for _, tc := range top {
			listed += tc.Count
		}
		p.Tokens.Total, exact = t.Total, int64(t.Distinct)
		tailCount, tailDistinct = t.Total-listed, t.Distinct-len(top)
	}
	p.Tokens.Top = make([]Token, len(top))
	for i, tc := range top {
		if tc.ID != nil {
			p.Tokens.Top[i] = Token{Token: strconv.FormatUint(uint64(*tc.ID), 10), Text: tc.Token, Hex: tc.Hex, Count: tc.Count}
		} else {
			p.Tokens.Top[i] = Token{Token: tc.Token, Count: tc.Count}
		}
	}
	td := int64(tailDistinct)
	p.Tokens.Tail = Tail{Count: tailCount, Distinct: &td, MaxCount: tailMax}
	p.Tokens.Complete = tailDistinct == 0
	sk, err := hll.NewHllSketch(HLLLgK, hll.TgtHllTypeHll8)
	if err != nil {
		return nil, err
	}
	// The sketch's registers depend only on the set of tokens, but its
	// HIP estimator depends on the order of updates: a sorted order keeps
	// the profile the same whatever the workers.
	sorted := func(yield func([]byte) bool) {
		var toks [][]byte
		s.EachToken(func(tok []byte) { toks = append(toks, tok) })
		slices.SortFunc(toks, bytes.Compare)
		for _, tok := range toks {
			if !yield(tok) {
				return
			}
		}
	}
	if t != nil {
		sorted = t.Sorted
	}
	for tok := range sorted {
		if err := sk.UpdateSlice(tok); err != nil {
			return nil, err
		}
	}
	d, err := distinctFrom([]hll.HllSketch{sk})
	if err != nil {
		return nil, err
	}
	d.Exact = &exact
	p.Tokens.Distinct = d
	return p, nil
}

// fill sets what a profile holds of a Summary besides its tokens: the
// counts, the length histograms and the labels, the same whether s read
// the data (Build, Assemble) or was merged from profiles (Merge).
func fill(p *Profile, s *stats.Summary, counts stats.Counts) {
	p.Counts = counts
	if p.Counts.BadByKind == nil {
		p.Counts.BadByKind = map[string]int64{}
	}
	b, c, t := s.LengthHists()
	p.Lengths = Lengths{Bytes: b, Chars: c, Tokens: t}
	if labels, null, tooMany, ok := s.LabelCounts(); ok {
		p.Labels = &Labels{NullRows: null, TooMany: tooMany, Classes: labels}
	}
}

// distinctFrom takes the union of sketches and describes it. A profile's
// sketch always goes through a union, also when there is one, so that a
// profile built from data and one merged from shards hold the same kind of
// sketch, and the estimate is the union's composite estimate in both.
func distinctFrom(sks []hll.HllSketch) (Distinct, error) {
	u, err := hll.NewUnion(HLLLgK)
	if err != nil {
		return Distinct{}, err
	}
	for _, sk := range sks {
		if err := u.UpdateSketch(sk); err != nil {
			return Distinct{}, err
		}
	}
	r, err := u.GetResult(hll.TgtHllTypeHll8)
	if err != nil {
		return Distinct{}, err
	}
	est, err := r.GetCompositeEstimate()
	if err != nil {
		return Distinct{}, err
	}
	lo, err := r.GetLowerBound(2)
	if err != nil {
		return Distinct{}, err
	}
	hi, err := r.GetUpperBound(2)
	if err != nil {
		return Distinct{}, err
	}
	blob, err := r.ToCompactSlice()
	if err != nil {
		return Distinct{}, err
	}
	return Distinct{
		Estimate: int64(math.Round(est)), Lower: int64(math.Floor(lo)), Upper: int64(math.Ceil(hi)),
		RSE: math.Round(1.04/math.Sqrt(float64(int(1)<<HLLLgK))*1e4) / 1e4, LgK: HLLLgK, Sketch: blob,
	}, nil
}

// hashFiles computes the SHA-256 of every input, in order.
func hashFiles(ctx context.Context, inputs []ingest.Input, out []string) error {
	buf := make([]byte, 1<<20)
	for i, in := range inputs {
		if in.IsStream() || in.Err() != nil {
			continue // read once, by the scan, which hashes it (Input.Digest); or unreadable, a finding
		}
		h, err := hashFile(ctx, in, buf)
		if err != nil {
			return err
		}
		out[i] = h
	}
	return nil
}

// HashInput returns the hex SHA-256 of an input's file or object and its
// size.
func HashInput(ctx context.Context, in ingest.Input) (string, int64, error) {
	buf := make([]byte, 1<<20)
	h, err := hashFile(ctx, in, buf)
	if err != nil {
		return "", 0, err
	}
	st, err := in.Stat()
	if err != nil {
		return "", 0, err
	}
	return h, st.Size(), nil
}

func hashFile(ctx context.Context, in ingest.Input, buf []byte) (string, error) {
	path := in.Path
	f, err := in.Open()
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := f.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Truncate returns p with only its first n tokens listed (n <= 0 or n at
// least the listed count: p itself). A profile built with top N and one
// built with all tokens then truncated to N are the same.
func Truncate(p *Profile, n int) *Profile {
	if n <= 0 || n >= len(p.Tokens.Top) {
		return p
	}
	q := *p
	q.Settings.TopN = n
	q.Tokens.Top = p.Tokens.Top[:n]
	q.Tokens.Complete = false
	var cut uint64
	for _, t := range p.Tokens.Top[n:] {
		cut += t.Count
	}
	q.Tokens.Tail.Count = p.Tokens.Tail.Count + cut
	q.Tokens.Tail.MaxCount = p.Tokens.Top[n].Count
	if d := p.Tokens.Tail.Distinct; d != nil {
		nd := *d + int64(len(p.Tokens.Top)-n)
		q.Tokens.Tail.Distinct = &nd
	}
	return &q
}

// LLMTokenizer describes a model tokenizer for a profile: its Name (which
// holds the SHA-256 of its vocabulary file), token encoding "id", and spec,
// how it was asked for (see Tokenizer.Spec).
func LLMTokenizer(t *llmtok.Tokenizer, spec string) Tokenizer {
	desc := "a language model's tokenizer; tokens are counted exactly by token id"
	if name, ok := strings.CutPrefix(spec, "hf:"); ok {
		desc = "Hugging Face tokenizer.json (byte-level BPE) read from " + name + "; tokens are counted exactly by token id"
	} else if slices.Contains(llmtok.TiktokenNames(), spec) {
		desc = "OpenAI tiktoken encoding " + spec + " (as encode_ordinary: special tokens in the text are text); tokens are counted exactly by token id"
	}
	return Tokenizer{Name: t.Name(), Description: desc, TokenEncoding: EncodingID, Spec: spec}
}
