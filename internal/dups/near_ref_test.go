package dups

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// refResult is Result as it was before the radix sort and the parallel
// finish (main d0efc90): the reference the new one must match byte for
// byte. It finds the clusters and lists the first maxExamples by position,
// each with its members in input order and their estimated similarity to
// the first. It returns how many were not listed.
func (d *Near) refResult(files []string, maxExamples int) (NearResult, []finding.Finding, int64) {
	res := NearResult{WordJ: d.WordJ, PairJ: d.PairJ}
	// References to the rows in input order: the union-find roots and
	// every listing are then deterministic.
	refs := d.rows.Refs()
	sortRefs(refs, func(r uint32) (int32, int64, int64) { x := d.spot(d.rows.At(r)); return x.File, x.N, x.Elem })
	row := func(i int32) *nearRow { return d.rows.At(refs[i]) }
	word := func(i int32) *nearSig { return d.words.At(refs[i]) }
	pair := func(i int32) *nearSig { return d.pairs.At(refs[i]) }
	n := int32(len(refs))
	res.RowsScored = int64(n)
	parent, find := testParents(int(n))
	// The rows are reached in block order through inv (block position ->
	// index in input order), which reads them sequentially; pre holds the
	// first 16 bytes of each word signature in input order, compact, for
	// a bound that rejects most pairs without reaching their rows.
	inv := make([]int32, n)
	pos := d.rows.Positions()
	for i, r := range refs {
		inv[pos(r)] = int32(i)
	}
	pre := make([][2]uint64, n)
	{
		k := 0
		for c, blk := range d.rows.Chunks() {
			for j := range blk {
				w := &d.words.Chunks()[c][j]
				pre[inv[k]] = [2]uint64{binary.LittleEndian.Uint64(w[0:]), binary.LittleEndian.Uint64(w[8:])}
				k++
			}
		}
	}
	// estJ reaches d.WordJ only with at least mMin equal bytes of 64; the
	// last 48 can add at most 48.
	mMin := nearK * (d.WordJ*(1-1.0/256) + 1.0/256)
	// A band key and a row index packed in one word sort fastest: by
	// key, then by input order.
	keys := make([]uint64, n)
	idx := func(k uint64) int32 { return int32(uint32(k)) }
	const maxReps = 4 // 8 found 3 more of 15,803 copies with twice the comparisons
	reps := make([]int32, 0, maxReps)
	for j := range nearBands {
		k := 0
		for _, blk := range d.rows.Chunks() {
			for r := range blk {
				keys[k] = uint64(blk[r].bands[j])<<32 | uint64(inv[k])
				k++
			}
		}
		slices.Sort(keys)
		for s := 0; s < len(keys); {
			e := s + 1
			for e < len(keys) && keys[e]>>32 == keys[s]>>32 {
				e++
			}
			// Compare each member with a representative of every
			// cluster met in the bucket so far (up to maxReps), not just
			// with the bucket's first row: a copy of a later member may
			// fail against the first. Bounded, so a bucket of a thousand
			// rows costs at most maxReps checks a row.
			reps = append(reps[:0], idx(keys[s]))
		member:
			for _, k := range keys[s+1 : e] {
				b := idx(k)
				for _, a := range reps {
					if find(a) == find(b) {
						continue member
					}
				}
				for _, a := range reps {
					res.Candidates++
					if float64(equalBytes(pre[a][0], pre[b][0])+equalBytes(pre[a][1], pre[b][1])+nearK-16) < mMin-1e-9 {
						continue
					}
					if estJ(word(a), word(b)) >= d.WordJ && estJ(pair(a), pair(b)) >= d.PairJ {
						pa, pb := find(a), find(b)
						parent[max(pa, pb)] = min(pa, pb) // the earlier row is the root
						continue member
					}
				}
				if len(reps) < maxReps {
					reps = append(reps, b)
				}
			}
			s = e
		}
	}
	keys = nil
	// A root is its cluster's first row, so it comes before its members:
	// clusters come out ordered by first row, members in input order,
	// without a map of every row.
	size := make([]int32, n)
	for i := range n {
		parent[i] = find(i)
		size[parent[i]]++
	}
	var clusters [][]int32
	slot := size // a root's cluster index, once its size is read
	for i := range n {
		r := parent[i]
		if r == i {
			if size[i] < 2 {
				slot[i] = -1
				continue
			}
			clusters = append(clusters, make([]int32, 0, size[i]))
			res.Clusters++
			res.RowsInClusters += int64(size[i])
			slot[i] = int32(len(clusters) - 1)
		}
		if c := slot[r]; c >= 0 {
			clusters[c] = append(clusters[c], i)
		}
	}
	if d.CollectDrops {
		for _, c := range clusters {
			keep := c[0]
			for _, m := range c {
				if f := int(d.spot(row(m)).File); f < len(d.Prefer) && d.Prefer[f] {
					keep = m
					break
				}
			}
			for _, m := range c {
				if m != keep {
					res.Drop = append(res.Drop, d.pos(row(m)))
				}
			}
		}
		sortPositions(res.Drop)
	}
	var fs []finding.Finding
	for _, c := range clusters {
		labels := make([]int32, len(c))
		for i, m := range c {
			labels[i] = d.spot(row(m)).Label
		}
		if !mixedLabels(labels) {
			continue
		}
		res.LabelConflicts++
		if len(res.Conflicts) >= max(maxExamples, 0) {
			res.ConflictsUnlisted++
			continue
		}
		members := make([]finding.Row, len(c))
		for i, m := range c {
			members[i] = d.row(files, row(m))
		}
		f, _ := conflict(members, labels, &d.labels, "near")
		res.Conflicts = append(res.Conflicts, f)
	}
	for _, c := range clusters[:min(len(clusters), max(maxExamples, 0))] {
		first := word(c[0])
		f := finding.Finding{Kind: finding.KindNearDuplicate, Severity: finding.Warning}
		var sims []string
		lowest := 1.0
		for i, m := range c {
			r := row(m)
			f.Rows = append(f.Rows, d.row(files, r))
			if i > 0 {
				j := estJ(first, word(m))
				lowest = min(lowest, j)
				if i <= 3 {
					sims = append(sims, fmt.Sprintf("%s %.2f", f.Rows[i].ID, j))
				}
			}
		}
		f.Score = finding.Round(lowest, 2)
		more := ""
		if len(c) > 4 {
			more = fmt.Sprintf(", and %d more", len(c)-4)
		}
		f.Evidence = fmt.Sprintf("%d rows nearly the same as %s (estimated word Jaccard: %s%s)", len(c), f.Rows[0].ID, joinComma(sims), more)
		fs = append(fs, f)
	}
	return res, fs, int64(len(clusters) - len(fs))
}

// TestNearResultMatchesReference: the finish gives what the finish of
// main d0efc90 (refResult) gives, field for field, on corpora thick with
// near copies and with buckets of many similar rows, at several
// thresholds, with labels and drops, its rows split between merged
// accumulators.
func TestNearResultMatchesReference(t *testing.T) {
	texts := sampleCorpus(t)
	rng := rand.New(rand.NewPCG(11, 5))
	var copies []row
	labels := []string{"", "ham", "spam"}
	for i, s := range texts {
		copies = append(copies, row{Text: s, Label: labels[i%3]})
		for k := range i % 4 {
			copies = append(copies, row{Text: edit(rng, s, 0.03*float64(k+1)), Label: labels[rng.IntN(3)]})
		}
	}
	rng.Shuffle(len(copies), func(i, j int) { copies[i], copies[j] = copies[j], copies[i] })
	// Form letters: one template, a few words drawn from a small
	// vocabulary, so that buckets hold hundreds of rows that are alike
	// but not all copies.
	vocab := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau")
	var letters []row
	for range 1500 {
		w := make([]string, 0, 24)
		w = append(w, strings.Fields("dear customer your order of the following items has been shipped to")...)
		for range 4 + rng.IntN(10) {
			w = append(w, vocab[rng.IntN(len(vocab))])
		}
		letters = append(letters, row{Text: strings.Join(w, " "), Label: labels[rng.IntN(3)]})
	}
	corpora := map[string][]row{"copies": copies, "letters": letters, "both": append(slices.Clone(copies), letters...)}
	for _, name := range []string{"copies", "letters", "both"} {
		rows := corpora[name]
		for _, th := range [][2]float64{{NearWordJ, NearPairJ}, {0.5, 0.3}, {0.95, 0.9}, {0, 0}, {1, 1}} {
			// The band lists are made on up to GOMAXPROCS goroutines,
			// the last one's guesses in two halves with more than one.
			// The band keys in groups of every band (per 16), 3 and
			// 1 band (bandKeys).
			for _, c := range []struct{ parts, procs, per int }{{1, 1, 16}, {3, 7, 3}, {2, 2, 1}} {
				// Both ways of fetching signatures ahead (prefetchSigs),
				// and Finish's result, which frees them as it goes.
				for _, path := range fixtures.KernelPaths(&usePrefetch, usePrefetch) {
					t.Run(fmt.Sprintf("%s %v %d parts %d procs %d per %s", name, th, c.parts, c.procs, c.per, path.Name), func(t *testing.T) {
						defer path.Use()()
						defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.procs))
						// The kernel path puts the signatures in order in
						// place (Finish's), the other copies them.
						defer func(m int) { inPlaceMin = m }(inPlaceMin)
						if path.Name != "kernel" {
							inPlaceMin = math.MaxInt
						}
						d := nearOf(t, rows, c.parts, 97)
						d.WordJ, d.PairJ, d.CollectDrops = th[0], th[1], true
						defer func(m int) { bandKeysMax = m }(bandKeysMax)
						// The last band guessed in two halves (guessHalves).
						defer func(m int) { lastSplitMin = m }(lastSplitMin)
						lastSplitMin = 0
						bandKeysMax = 4 * d.rows.Len() * c.per
						if k := newBandKeys(d.rows.Len(), nil); k.per != c.per {
							t.Fatalf("newBandKeys(%d).per = %d, want %d", d.rows.Len(), k.per, c.per)
						}
						wres, wfs, wun := d.refResult([]string{"f"}, 20)
						res, fs, un := d.result([]string{"f"}, 20, path.Name == "kernel")
						if diff := cmp.Diff(wres, res); diff != "" {
							t.Errorf("Result: (-ref +got)\n%s", diff)
						}
						if diff := cmp.Diff(wfs, fs); diff != "" {
							t.Errorf("Result findings: (-ref +got)\n%s", diff)
						}
						if un != wun {
							t.Errorf("Result unlisted = %d, want %d", un, wun)
						}
						if res.Candidates == 0 || (th[0] < 0.9 && res.Clusters == 0) {
							t.Errorf("Result = %+v: no candidates or no clusters, the case tests nothing", res)
						}
					})
				}
			}
		}
	}
}

// nearOf adds rows in batches of size to parts Nears in turn and merges
// them into the first, as workers do: the rows' blocks are then out of
// input order.
func nearOf(t *testing.T, rows []row, parts, size int) *Near {
	t.Helper()
	ds := make([]*Near, parts)
	for i := range ds {
		ds[i] = NewNear()
	}
	for i := 0; i < len(rows); i += size {
		b := batch(t, rows[i:min(i+size, len(rows))], int64(i+1))
		if err := ds[i/size%parts].Add(b); err != nil {
			t.Fatal(err)
		}
		b.Record.Release()
	}
	for _, o := range ds[1:] {
		if err := ds[0].Merge(o); err != nil {
			t.Fatal(err)
		}
	}
	return ds[0]
}

// densifyRef is densify as it was (main d0efc90): each empty bin walks up
// to the next non-empty one, wrapping around.
func densifyRef(sig *[nearK]uint32) {
	for k := range nearK {
		if sig[k] != math.MaxUint32 {
			continue
		}
		for step := 1; step < nearK; step++ {
			if v := sig[(k+step)%nearK]; v != math.MaxUint32 {
				sig[k] = v + uint32(step)*0x9e3779b9 // offset, so copies of a bin differ
				break
			}
		}
	}
}

// TestDensifyMatchesReference: densify fills the bins densifyRef fills
// with the same values, for signatures from empty to full, and when a
// filled bin happens to take the empty value (the walk goes past it).
func TestDensifyMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type tc struct {
		name string
		sig  [nearK]uint32
	}
	var cases []tc
	empty := func() (s [nearK]uint32) {
		for k := range s {
			s[k] = math.MaxUint32
		}
		return s
	}
	for _, fill := range []float64{0, 0.01, 0.05, 0.2, 0.5, 0.9, 0.99, 1} {
		for i := range 200 {
			s := empty()
			for k := range s {
				if rng.Float64() < fill {
					s[k] = rng.Uint32() >> uint(rng.IntN(3)*8) // small values too
				}
			}
			cases = append(cases, tc{fmt.Sprintf("fill %v #%d", fill, i), s})
		}
	}
	for _, k := range []int{0, 1, 31, 62, 63} {
		s := empty()
		s[k] = 7
		cases = append(cases, tc{fmt.Sprintf("only bin %d", k), s})
	}
	// Bin 0 is filled from bin 1 with the empty value, so bin 63 walks on
	// to bin 1; and the same with bin 62 filled from bin 63.
	s := empty()
	s[1] = math.MaxUint32 - 0x9e3779b9
	cases = append(cases, tc{"bin 0 filled with the empty value", s})
	s = empty()
	s[63], s[5] = math.MaxUint32-0x9e3779b9, 3
	cases = append(cases, tc{"bin 62 filled with the empty value", s})
	for _, c := range cases {
		got, want := c.sig, c.sig
		densify(&got)
		densifyRef(&want)
		if got != want {
			t.Errorf("%s: densify(%v) = %v, want %v", c.name, c.sig, got, want)
		}
	}
}

// TestNearNormalTexts: a text NFKC leaves as it is takes its word hashes
// from the token summary; its signatures are those of its NFKC form, as
// before (every non-ASCII text through NFKC), for texts NFKC changes or
// not, and for invalid UTF-8.
func TestNearNormalTexts(t *testing.T) {
	words := strings.Fields("the meeting on friday was moved to the large room next to the kitchen please bring your notes")
	odd := []string{
		"café", "naïve", "“quoted”", "Ünïcödé", "Привет", "日本語", "e\u0301", "ﬁle", "Ｆｕｌｌ", "①", "x\xffy", "\xc3", "a\u00a0b", "Å", "\u212b", "ǆ", "\ufb01\u0301",
	}
	rng := rand.New(rand.NewPCG(4, 4))
	var rows []row
	for range 400 {
		w := slices.Clone(words)
		for range 1 + rng.IntN(4) {
			w[rng.IntN(len(w))] = odd[rng.IntN(len(odd))]
		}
		rows = append(rows, row{Text: strings.Join(w, " ")})
	}
	for _, s := range sampleCorpus(t) {
		rows = append(rows, row{Text: s})
	}
	d := NewNear()
	s := stats.NewSummary(stats.Options{})
	for i := 0; i < len(rows); i += 64 {
		b := batch(t, rows[i:min(i+64, len(rows))], int64(i+1))
		if err := s.Add(b); err != nil {
			t.Fatal(err)
		}
		if err := d.Add(b); err != nil {
			t.Fatal(err)
		}
		b.Record.Release()
	}
	got := d.flatten()
	var wh stats.WordHasher
	normal, changed := 0, 0
	k := 0
	for i, r := range rows {
		txt := []byte(r.Text)
		if !isASCII(txt) {
			if norm.NFKC.IsNormal(txt) {
				normal++
			} else {
				changed++
			}
			txt = norm.NFKC.Bytes(txt)
		}
		hs := wh.Hashes(nil, txt)
		if len(hs) < nearMinWords {
			continue
		}
		want := sigRow{nearRow: d.newRow(ingest.Pos{N: int64(i + 1), Line: true}, 0, got[min(k, len(got)-1)].id, -1)}
		sign(hs, &want.nearRow, &want.word, &want.pair)
		if k >= len(got) || got[k] != want {
			t.Fatalf("row %d (%q): signatures differ from those of its NFKC form", i+1, r.Text)
		}
		k++
	}
	if k != len(got) || normal == 0 || changed == 0 {
		t.Errorf("%d rows of %d compared; %d non-ASCII texts in NFKC, %d not: want all rows and both kinds", k, len(got), normal, changed)
	}
}

// TestNearRowSize: a near-duplicate row costs 208 bytes of state, 80
// in its nearRow (its id's reference one word, its place: position,
// element and label, another) and 64 for each of its word and pair
// signatures, and keeps its position.
func TestNearRowSize(t *testing.T) {
	if got := unsafe.Sizeof(nearRow{}); got != 80 {
		t.Errorf("unsafe.Sizeof(nearRow{}) = %d, want 80", got)
	}
	if got := unsafe.Sizeof(nearSig{}); got != 64 {
		t.Errorf("unsafe.Sizeof(nearSig{}) = %d, want 64", got)
	}
	for _, p := range []ingest.Pos{{}, {File: 3, N: 17, Line: true}, {File: math.MaxInt32, N: math.MaxInt64}, {File: math.MaxInt32, N: 1, Line: true}} {
		var d Near
		r := d.newRow(p, 0, rowstore.NoID, 2)
		if got := d.pos(&r); got != p || d.places.File(r.at) != int32(p.File) || d.places.Label(r.at) != 2 {
			t.Errorf("newRow(%+v): pos() = %+v, file %d, label %d; want the position and label back", p, got, d.places.File(r.at), d.places.Label(r.at))
		}
	}
}

// minhashRef is minhash as it was (main 5bab34a), one word at a time.
func minhashRef(hs []uint64, word, bi *[nearK]uint32) {
	for k := range word {
		word[k], bi[k] = math.MaxUint32, math.MaxUint32
	}
	prev := stats.Mix64(hs[0] ^ 0x9e3779b97f4a7c15)
	oph(word, prev)
	for _, th := range hs[1:] {
		h := stats.Mix64(th ^ 0x9e3779b97f4a7c15)
		oph(word, h)
		oph(bi, stats.Mix64(prev*0x100000001b3^h))
		prev = h
	}
}

// TestMinhashMatchesReference: four words at a time give the signatures
// of one at a time, at every length around the blocks of four, with
// repeated words, and on real texts.
func TestMinhashMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	cases := map[string][]uint64{
		"repeated": {7, 7, 7, 1, 7, 7, 7, 7, 7, 7, 7, 7, 2, 7, 7, 7, 7, 7},
	}
	for n := 1; n <= 20; n++ {
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = rng.Uint64()
		}
		cases[fmt.Sprintf("%d random", n)] = hs
	}
	var wh stats.WordHasher
	for i, s := range sampleCorpus(t)[:50] {
		cases[fmt.Sprintf("text %d", i)] = wh.Hashes(nil, []byte(s))
	}
	for name, hs := range cases {
		t.Run(name, func(t *testing.T) {
			var got, want [2][nearK]uint32
			minhash(hs, &got[0], &got[1])
			minhashRef(hs, &want[0], &want[1])
			if got != want {
				t.Errorf("minhash(%d hashes) = %v, want %v", len(hs), got, want)
			}
		})
	}
}

// TestClusterFindingsMatchReference: the listed clusters' findings are
// the reference's in its order, for any number listed and of
// goroutines, made on one goroutine or two (nearFindings, cut after any
// number of rows); and a corpus with one label value or none, whose
// label check is skipped, has no label conflicts, as the reference
// finds.
func TestClusterFindingsMatchReference(t *testing.T) {
	texts := sampleCorpus(t)
	rng := rand.New(rand.NewPCG(7, 3))
	for _, labels := range [][]string{{"", "ham", "spam"}, {"ham"}, {""}} {
		var rows []row
		for i, s := range texts {
			rows = append(rows, row{Text: s, Label: labels[i%len(labels)]})
			for k := range 1 + i%3 {
				rows = append(rows, row{Text: edit(rng, s, 0.03*float64(k+1)), Label: labels[rng.IntN(len(labels))]})
			}
		}
		d := nearOf(t, rows, 2, 101)
		for _, procs := range []int{1, 2, 7} {
			for _, c := range []struct{ listed, split int }{
				{0, 0}, {1, 0}, {31, 0}, {32, 0}, {33, 0}, {163, 0}, {163, 5}, {163, 1 << 30}, {1 << 20, 0}, {1 << 20, 1 << 30},
			} {
				listed := c.listed
				t.Run(fmt.Sprintf("labels %q procs %d listed %d split %d", labels, procs, listed, c.split), func(t *testing.T) {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					defer func(m int) { findingsSplitMin = m }(findingsSplitMin)
					findingsSplitMin = c.split
					wres, wfs, wun := d.refResult([]string{"f"}, listed)
					res, fs, un := d.result([]string{"f"}, listed, false)
					if diff := cmp.Diff(wres, res); diff != "" {
						t.Errorf("result(%d listed): (-ref +got)\n%s", listed, diff)
					}
					if diff := cmp.Diff(wfs, fs); diff != "" {
						t.Errorf("result(%d listed) findings: (-ref +got)\n%s", listed, diff)
					}
					if un != wun {
						t.Errorf("result(%d listed) unlisted = %d, want %d", listed, un, wun)
					}
					if (res.LabelConflicts > 0) != (len(labels) > 2) {
						t.Errorf("result: %d label conflicts with labels %q", res.LabelConflicts, labels)
					}
					if res.Clusters <= 163 {
						t.Errorf("result: %d clusters, want more than %d: the case tests nothing", res.Clusters, 163)
					}
				})
			}
		}
	}
}

// joinComma joins s with ", ", as the reference evidence did.
func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// TestNearEvidenceMatchesSprintf holds nearEvidence to the fmt.Sprintf
// evidence of refResult, on sizes around the "and N more" bound,
// Jaccard estimates on rounding edges and names with verbs in them.
func TestNearEvidenceMatchesSprintf(t *testing.T) {
	ids := []string{"f:1", "a%d b", "f#0", "", "x:9999999999", "ü:3", "f:7"}
	sims := []float64{1, 0.995, 0.005, 0.125, 0.375, 0.8, 0.6625, 0.7150000000000001, 0}
	var buf []byte
	for n := 2; n <= 9; n++ {
		for k := range sims {
			rows := make([]finding.Row, n)
			var want []string
			var js []float64
			for i := range rows {
				rows[i].ID = ids[(i+k)%len(ids)]
				if i > 0 && i <= 3 {
					j := sims[(i*5+k)%len(sims)]
					js = append(js, j)
					want = append(want, fmt.Sprintf("%s %.2f", rows[i].ID, j))
				}
			}
			more := ""
			if n > 4 {
				more = fmt.Sprintf(", and %d more", n-4)
			}
			w := fmt.Sprintf("%d rows nearly the same as %s (estimated word Jaccard: %s%s)", n, rows[0].ID, joinComma(want), more)
			buf = nearEvidence(buf[:0], rows, js)
			if string(buf) != w {
				t.Errorf("nearEvidence = %q, want %q", buf, w)
			}
		}
	}
	for m := range nearK + 1 {
		j := estJCount(m)
		rows := []finding.Row{{ID: "a"}, {ID: "b"}}
		w := fmt.Sprintf("2 rows nearly the same as a (estimated word Jaccard: b %.2f)", j)
		if got := string(nearEvidence(nil, rows, []float64{j})); got != w {
			t.Errorf("nearEvidence(%d equal bytes) = %q, want %q", m, got, w)
		}
	}
}
