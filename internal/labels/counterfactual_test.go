package labels

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// refCarry is a carry with its gram's text, comparable across Scorers.
type refCarry struct {
	Row    uint32
	Gram   string
	Margin uint32 // the float32's bits
	As     int8
}

// refCounterfactual is the trigger counterfactual as it was first
// written: the row tokenised again, its buckets sorted and counted by
// binary search, each naive Bayes term a logarithm. Scorer.Add must give
// the same counts and carries, bit for bit.
type refCounterfactual struct {
	m     *Model
	tz    stats.Tokenizer
	f     featurizer
	rows  map[string][]int64
	other map[string][]int64
	carry []refCarry
}

type refTok struct {
	uni, pair uint32
	start     int32
}

func (r *refCounterfactual) nbTerm(k int, f uint32, y int32) float64 {
	m := r.m
	df, docs := float64(m.df[k*NumBuckets+int(f)]), float64(m.docs[k])
	if int32(k) == y {
		df, docs = max(df-1, 0), max(docs-1, 0)
	}
	return math.Log((df + nbAlpha) / (docs + 2*nbAlpha))
}

func (r *refCounterfactual) countGrams(text []byte, fd, row int, y int32) {
	m := r.m
	C := len(m.Names)
	lr := m.lr
	fs := r.f.features(text)
	var toks []refTok
	var buf, gbuf []byte
	var occ []cfOcc
	var all []uint32
	word := func(i int32) []byte {
		end := int32(len(buf))
		if int(i+1) < len(toks) {
			end = toks[i+1].start
		}
		return buf[toks[i].start:end]
	}
	var prev uint64
	for tok, p := r.tz.Next(text, 0); tok != nil; tok, p = r.tz.Next(text, p) {
		h := hashToken(tok)
		i := int32(len(toks))
		t := refTok{uni: unigram(h), start: int32(len(buf))}
		all = append(all, t.uni)
		if i > 0 {
			t.pair = bigram(prev, h)
			all = append(all, t.pair)
		}
		buf = append(buf, tok...)
		toks = append(toks, t)
		if m.cand[t.uni] >= 0 {
			gs := int32(len(gbuf))
			gbuf = append(gbuf, tok...)
			occ = append(occ, cfOcc{gs: gs, ge: int32(len(gbuf)), lo: i, hi: i})
		}
		if i > 0 && m.cand[t.pair] >= 0 {
			gs := int32(len(gbuf))
			gbuf = append(append(append(gbuf, word(i-1)...), ' '), tok...)
			occ = append(occ, cfOcc{gs: gs, ge: int32(len(gbuf)), lo: i - 1, hi: i})
		}
		prev = h
	}
	if len(occ) == 0 {
		return
	}
	slices.Sort(all)
	u, nb := make([]float64, C), make([]float64, C)
	var ss float64
	for _, f := range fs {
		v := float64(lr.Idf[f])
		ss += v * v
	}
	for k := range C {
		docs := float64(m.docs[k])
		if int32(k) == y {
			docs--
		}
		nb[k] = math.Log(max(docs, 0) + nbAlpha)
		for _, f := range fs {
			nb[k] += r.nbTerm(k, f, y)
		}
		if C == 2 && k == 0 {
			continue
		}
		w := lr.W[fd][k*NumBuckets : (k+1)*NumBuckets]
		for _, f := range fs {
			u[k] += float64(w[f]) * float64(lr.Idf[f])
		}
	}
	slices.SortStableFunc(occ, func(a, b cfOcc) int { return bytes.Compare(a.text(gbuf), b.text(gbuf)) })
	dead := make([]bool, len(toks))
	for lo := 0; lo < len(occ); {
		hi := lo + 1
		for hi < len(occ) && bytes.Equal(occ[hi].text(gbuf), occ[lo].text(gbuf)) {
			hi++
		}
		gocc := occ[lo:hi]
		for _, o := range gocc {
			for i := o.lo; i <= o.hi; i++ {
				dead[i] = true
			}
		}
		var touched []uint32
		n := int32(len(toks))
		for i := gocc[0].lo; i <= min(gocc[len(gocc)-1].hi+1, n-1); i++ {
			if dead[i] {
				touched = append(touched, toks[i].uni)
			}
			if i > 0 && (dead[i-1] || dead[i]) {
				touched = append(touched, toks[i].pair)
			}
		}
		clear(dead)
		slices.Sort(touched)
		s, nb2 := slices.Clone(u), slices.Clone(nb)
		rr := 0.0
		for tl := 0; tl < len(touched); {
			f := touched[tl]
			th := tl + 1
			for th < len(touched) && touched[th] == f {
				th++
			}
			a, _ := slices.BinarySearch(all, f)
			b, _ := slices.BinarySearch(all, f+1)
			if b-a == th-tl {
				v := float64(lr.Idf[f])
				rr += v * v
				for k := range C {
					nb2[k] -= r.nbTerm(k, f, y)
					if C == 2 && k == 0 {
						continue
					}
					s[k] -= float64(lr.W[fd][k*NumBuckets+int(f)]) * v
				}
			}
			tl = th
		}
		norm := math.Sqrt(max(ss-rr, 0))
		for k := range C {
			switch {
			case C == 2 && k == 0:
				s[k] = 0
			case norm > 1e-9:
				s[k] = lr.B[fd][k] + s[k]/norm
			default:
				s[k] = lr.B[fd][k]
			}
		}
		as := suggested(s, y)
		margin := float32(s[as] - s[y])
		other := margin > 0 && argmax(nb2) == as
		gram := string(gocc[0].text(gbuf))
		if r.rows[gram] == nil {
			r.rows[gram], r.other[gram] = make([]int64, C), make([]int64, C)
		}
		r.rows[gram][y]++
		if other {
			r.other[gram][y]++
		} else if margin > 0 {
			margin = -margin
		}
		r.carry = append(r.carry, refCarry{Row: uint32(row), Gram: gram, Margin: math.Float32bits(margin), As: int8(as)})
		lo = hi
	}
}

// TestCounterfactualSameAsRetokenised checks that the counterfactual
// scoring from the featurizer's tokens and counts gives the same gram
// counts and carries (a row's in any order), bit for bit, as tokenising
// the row again (but margins clearlyOwn bounds, which must be at least
// the exact ones and below zero): on mail
// with a planted trigger (two classes) and on the many-class topical
// corpus.
func TestCounterfactualSameAsRetokenised(t *testing.T) {
	mail := readSample(t, 2)
	plant(mail)
	topical, _ := topicalCorpus(8, 200, 40, "zq")
	for _, tc := range []struct {
		name string
		rs   []sampleRecord
	}{{"mail", mail}, {"topical", topical}} {
		t.Run(tc.name, func(t *testing.T) {
			m, batches := modelBatches(t, tc.rs)
			defer func() {
				for _, b := range batches {
					b.Record.Release()
				}
			}()
			sc := m.NewScorer()
			ref := &refCounterfactual{m: m, rows: map[string][]int64{}, other: map[string][]int64{}}
			row := 0
			for _, b := range batches {
				if err := sc.Add(b); err != nil {
					t.Fatal(err)
				}
				labels := labelColumn(b)
				ingest.ForEachText(b.Column(ingest.ColText), func(i int, text []byte, valid bool) {
					if !valid || labels.IsNull(i) {
						return
					}
					y, ok := m.idx[labels.Value(i)]
					if !ok {
						return
					}
					fd, _ := m.tab.get(b.Pos(i))
					ref.countGrams(text, fd, row, y)
					row++
				})
			}
			gotRows, gotOther := map[string][]int64{}, map[string][]int64{}
			for _, g := range sc.grams {
				gotRows[g.text], gotOther[g.text] = g.rows, g.other
			}
			var got []refCarry
			for _, cs := range sc.carry.Chunks() {
				for _, c := range cs {
					got = append(got, refCarry{Row: c.row, Gram: sc.grams[c.gram].text, Margin: math.Float32bits(c.margin), As: c.as})
				}
			}
			if len(ref.carry) == 0 {
				t.Fatal("no row carries a candidate: the comparison compares nothing")
			}
			if diff := cmp.Diff(ref.rows, gotRows); diff != "" {
				t.Errorf("gram rows differ (-retokenised +scorer):\n%s", diff)
			}
			if diff := cmp.Diff(ref.other, gotOther); diff != "" {
				t.Errorf("gram rows reading otherwise differ (-retokenised +scorer):\n%s", diff)
			}
			// A row's grams are counted in any order (see group).
			byRowGram := func(a, b refCarry) int {
				if a.Row != b.Row {
					return int(a.Row) - int(b.Row)
				}
				return strings.Compare(a.Gram, b.Gram)
			}
			slices.SortFunc(ref.carry, byRowGram)
			slices.SortFunc(got, byRowGram)
			// With two classes, a margin below zero may be clearlyOwn's
			// upper bound on it instead (a row reading as its label
			// either way): at least the exact margin, below zero.
			bounded := 0
			if len(m.Names) == 2 && len(got) == len(ref.carry) {
				for i, c := range got {
					r := ref.carry[i]
					gm, rm := math.Float32frombits(c.Margin), math.Float32frombits(r.Margin)
					if c.Margin != r.Margin && c.Row == r.Row && c.Gram == r.Gram && c.As == r.As && rm <= gm && gm < 0 {
						got[i].Margin = r.Margin
						bounded++
					}
				}
				if bounded == 0 || bounded == len(got) {
					t.Errorf("%d of %d margins bounded, want some but not all (the test would not check both ways)", bounded, len(got))
				}
			}
			if diff := cmp.Diff(ref.carry, got); diff != "" {
				t.Errorf("carries differ (-retokenised +scorer):\n%s", diff)
			}
		})
	}
}

// tokensOf lists text's tokens as featurizer.next finds them, each with
// its hash checked against hashToken of its bytes.
func tokensOf(t *testing.T, f *featurizer, text []byte) []string {
	var out []string
	for p := 0; ; {
		h, s, e, q, kind := f.next(text, p)
		if kind == tokNone {
			return out
		}
		if q <= p {
			t.Fatalf("next(%q, %d) = offset %d, want progress", text, p, q)
		}
		p = q
		tok := f.appendToken(nil, text, s, e, kind)
		if h != hashToken(tok) {
			t.Errorf("next(%q): token %q hash %x, want hashToken %x", text, tok, h, hashToken(tok))
		}
		out = append(out, string(tok))
	}
}

func statsTokens(text []byte) []string {
	var out []string
	var tz stats.Tokenizer
	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
		out = append(out, string(tok))
	}
	return out
}

// TestNextToken checks that the featurizer's hashing tokenizer splits
// and lowercases as stats.Tokenizer does.
func TestNextToken(t *testing.T) {
	for _, text := range []string{
		"", "   ", "a", "Hello, World!", "ABC def123 X9", "cf mn CF MN",
		"naïve café", "Straße İstanbul ΣΑΣ", "e\u0301 x", "日本語 text",
		"a\xffb \xc3", "tab\there\nnew_line", "MiXeD-CaSe..end", "ǅemal ⅷ ①",
		"trailing Ü", "Über", "x\u00a0y", "emoji😀word",
	} {
		t.Run(text, func(t *testing.T) {
			var f featurizer
			got, want := tokensOf(t, &f, []byte(text)), statsTokens([]byte(text))
			if !slices.Equal(got, want) {
				t.Errorf("next(%q) = %q, want %q", text, got, want)
			}
		})
	}
}

// FuzzNextToken checks next against stats.Tokenizer on any bytes.
func FuzzNextToken(f *testing.F) {
	for _, s := range []string{"Hello, World!", "naïve Café", "a\xffb", "ΣΑΣ x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var ft featurizer
		got, want := tokensOf(t, &ft, text), statsTokens(text)
		if !slices.Equal(got, want) {
			t.Errorf("next(%q) = %q, want %q", text, got, want)
		}
	})
}
