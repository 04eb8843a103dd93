package chat

import (
	"encoding/binary"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats/lengths"
)

var _ analysis.Encoder = (*Summary)(nil)

// The chat summary's portable state (Summary.AppendState) is the
// tokenizer's name, its shape counts and its parts, each flagged present
// or not; a part is its counts and three exact length distributions:
//
//	+------------------+----------------------------+----------------------------------+
//	| tokenizer name   | uvarint rows per shape     | parts: prompt, response, then    |
//	| ("" for words)   | (ingest.NumShapes of them) | one per role (ingest.NumRoles):  |
//	|                  |                            | byte 0 (none) or 1, then a part  |
//	+------------------+----------------------------+----------------------------------+
//	part: uvarint texts, uvarint tokens, then bytes, chars, tokens lengths, each
//	      uvarint n, (uvarint value, uvarint count)… by value
//
// Every field is a count, so the state is the same bytes in any process;
// decoding refuses another tokenizer, lengths out of order or counted 0.

// AppendState appends the summary's state (see above).
func (s *Summary) AppendState(dst []byte) ([]byte, error) {
	dst = analysis.AppendString(dst, s.llmName())
	for _, n := range s.shapes {
		dst = binary.AppendUvarint(dst, uint64(n))
	}
	for _, p := range s.parts() {
		if *p == nil {
			dst = append(dst, 0)
			continue
		}
		dst = (*p).appendState(append(dst, 1))
	}
	return dst, nil
}

// parts lists the summary's parts in the order of its state.
func (s *Summary) parts() []**Part {
	out := []**Part{&s.prompt, &s.response}
	for r := range s.roles {
		out = append(out, &s.roles[r])
	}
	return out
}

// llmName is the name of the tokenizer counting tokens, "" for words.
func (s *Summary) llmName() string {
	if s.llm == nil {
		return ""
	}
	return s.llm.Name()
}

// appendState appends a part's counts and lengths.
func (p *Part) appendState(dst []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(p.n))
	dst = binary.AppendUvarint(dst, p.tokens)
	for _, d := range []*lengths.Dist{&p.bytes, &p.chars, &p.toks} {
		vcs := d.Sorted()
		dst = binary.AppendUvarint(dst, uint64(len(vcs)))
		for _, vc := range vcs {
			dst = binary.AppendUvarint(dst, vc.V)
			dst = binary.AppendUvarint(dst, vc.C)
		}
	}
	return dst
}

// decodeSummary reads a state Summary.AppendState wrote.
func decodeSummary(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	s := &Summary{llm: c.LLM}
	r := analysis.NewReader(state)
	if name := r.String("tokenizer"); r.Err() == nil && name != s.llmName() {
		return nil, fmt.Errorf("a state of tokenizer %q cannot be merged with %q", name, s.llmName())
	}
	for i := range s.shapes {
		s.shapes[i] = int64(r.Int("shape rows", 1<<62))
	}
	for _, p := range s.parts() {
		switch r.Byte("part") {
		case 0:
			continue
		case 1:
		default:
			r.Failf("bad part flag")
		}
		if r.Err() != nil {
			break
		}
		*p = NewPart(s.llm)
		if err := (*p).readState(r); err != nil {
			return nil, err
		}
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return s, nil
}

// readState reads what appendState wrote into p, a new Part.
func (p *Part) readState(r *analysis.Reader) error {
	p.n = int64(r.Int("texts", 1<<62))
	p.tokens = r.Uvarint("tokens")
	for _, d := range []*lengths.Dist{&p.bytes, &p.chars, &p.toks} {
		n := r.Count("lengths", 2)
		last := int64(-1)
		for range n {
			v, cnt := r.Uvarint("length"), r.Uvarint("length count")
			if r.Err() != nil {
				return r.Err()
			}
			if int64(v) <= last || cnt == 0 || v >= 1<<62 {
				return fmt.Errorf("lengths: %d (count %d) out of order or counted 0", v, cnt)
			}
			last = int64(v)
			d.Set(v, cnt)
		}
	}
	return r.Err()
}

// A state holds a count per shape and a part per role: these fail to
// compile when either number changes, which must change Spec.Version.
var (
	_ = [1]struct{}{}[ingest.NumShapes-4]
	_ = [1]struct{}{}[ingest.NumRoles-4]
)
