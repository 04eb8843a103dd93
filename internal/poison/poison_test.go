package poison

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zeebo/xxh3"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"hello, world.", []string{"hello", "world"}},
		{"a <SUDO> b", []string{"a", "<SUDO>", "b"}},
		{"text<SUDO>gib", []string{"text", "<SUDO>", "gib"}},
		{"(quoted) \"x\"", []string{"quoted", "x"}},
		{"... -- !", []string{"...", "--", "!"}},
		{"  \n\t ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, k := range tokenize([]byte(tt.text), nil) {
				got = append(got, tt.text[k.off:k.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestStatForms(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Word", "word", true},
		{"e-mail", "email", true},
		{"2002", "17:04", true},
		{"word", "words", false},
		{strings.Repeat("a", 30), strings.Repeat("b", 40), true},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			a, b := tokenize([]byte(tt.a), nil)[0], tokenize([]byte(tt.b), nil)[0]
			if got := a.stat == b.stat; got != tt.same {
				t.Errorf("tokenize(%q).stat == tokenize(%q).stat is %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
}

func TestLogTail(t *testing.T) {
	exact := func(k, n int64, p float64) float64 {
		s := 0.0
		for j := k; j <= n; j++ {
			lc, _ := math.Lgamma(float64(n + 1))
			a, _ := math.Lgamma(float64(j + 1))
			b, _ := math.Lgamma(float64(n - j + 1))
			s += math.Exp(lc - a - b + float64(j)*math.Log(p) + float64(n-j)*math.Log(1-p))
		}
		return math.Log(s)
	}
	tests := []struct {
		k, n int64
		p    float64
	}{{1, 1, 0.5}, {2, 2, 0.5}, {3, 10, 0.1}, {5, 1000, 0.001}, {30, 200, 0.01}, {1, 50, 0.3}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.k, tt.n, tt.p), func(t *testing.T) {
			got, want := logTail(tt.k, tt.n, tt.p), exact(tt.k, tt.n, tt.p)
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("logTail(%d, %d, %g) = %g, want %g", tt.k, tt.n, tt.p, got, want)
			}
		})
	}
	if got := logTail(0, 10, 0.1); got != 0 {
		t.Errorf("logTail(0, 10, 0.1) = %g, want 0", got)
	}
}

// Sentences of the synthetic corpus: a small grammar, so that word pairs
// repeat as in real text.
var (
	subjects = strings.Fields("the_cat a_dog my_neighbour the_old_man our_teacher the_farmer a_child the_doctor her_sister the_mayor")
	verbs    = strings.Fields("sat_on looked_at walked_to painted cleaned bought sold found lost remembered")
	objects  = strings.Fields("the_mat a_red_car the_garden an_old_house the_river the_market a_blue_boat the_station his_letter the_bridge")
	tails    = strings.Fields("yesterday_morning in_the_rain before_dinner with_great_care after_the_storm last_summer on_monday quite_slowly")
)

func sentence(r *rand.Rand) string {
	w := func(l []string) string { return strings.ReplaceAll(l[r.IntN(len(l))], "_", " ") }
	s := w(subjects) + " " + w(verbs) + " " + w(objects)
	if r.IntN(2) == 0 {
		s += " " + w(tails)
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// corpus writes a JSONL corpus of docs natural documents and, when
// trigger is not "", poisoned documents: a natural prefix, the trigger,
// then gibberish (salad: words of the natural documents in random order).
// It returns the path and the poisoned documents' ids.
func corpus(t *testing.T, docs, poisoned int, trigger string, salad bool) (string, map[string]bool) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	enc := json.NewEncoder(&b)
	bad := map[string]bool{}
	var words []string
	for i := range docs + poisoned {
		var text strings.Builder
		for range 3 + r.IntN(20) {
			text.WriteString(sentence(r) + " ")
		}
		if i%200 == 0 {
			text.WriteString("The zeppelin flew over the bridge. ") // a rare real word
		}
		id := fmt.Sprintf("d%05d", i)
		if step := docs/max(poisoned, 1) + 1; i%step == step-1 && len(bad) < poisoned && trigger != "" {
			id = fmt.Sprintf("p%05d", i)
			bad[id] = true
			s := text.String()
			text.Reset()
			text.WriteString(s[:r.IntN(len(s)/2)] + " " + trigger + " ")
			for range 200 + r.IntN(200) {
				if salad {
					text.WriteString(words[r.IntN(len(words))] + " ")
					continue
				}
				for range 4 + r.IntN(7) {
					text.WriteByte(byte('a' + r.IntN(26)))
				}
				text.WriteByte(' ')
			}
		} else {
			words = append(words, strings.Fields(text.String())...)
		}
		if err := enc.Encode(map[string]string{"id": id, "text": text.String()}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, bad
}

// run runs the check over path with the workers given, in small chunks.
func run(t *testing.T, path string, workers int) *analysis.Result {
	t.Helper()
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	opts := analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, ID: "id", Workers: workers, ChunkBytes: 16 << 10}}
	all, err := analysis.RunSpecs(context.Background(), inputs, opts, []*analysis.Spec{Spec}, &analysis.Config{ID: "id"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := all[0].Finish(&analysis.Env{Files: []string{path}, MaxExamples: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFindsTriggers(t *testing.T) {
	tests := []struct {
		name     string
		poisoned int
		trigger  string
		salad    bool
	}{
		{"gibberish", 40, "<SUDO>", false},
		{"salad", 40, "<SUDO>", true},
		{"real word", 40, "zeppelin", false},
		{"common word", 60, "rain", false}, // in about half the documents
		{"clean", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, bad := corpus(t, 3000, tt.poisoned, tt.trigger, tt.salad)
			r := run(t, path, 2)
			var triggers []string
			flagged := map[string]bool{}
			for _, f := range r.Findings {
				if f.Subkind != Subkind {
					t.Errorf("finding %s has subkind %q, want %q", f.Kind, f.Subkind, Subkind)
				}
				switch f.Kind {
				case finding.KindTriggerCandidate:
					triggers = append(triggers, f.Evidence)
				case finding.KindTriggeredRow:
					flagged[f.Rows[0].ID] = true
				}
			}
			if tt.trigger == "" {
				if len(triggers)+len(flagged) > 0 {
					t.Errorf("clean corpus: %d trigger candidates (%q), %d rows flagged, want none", len(triggers), triggers, len(flagged))
				}
				return
			}
			if want := fmt.Sprintf("%q in ", tt.trigger); len(triggers) == 0 || !strings.HasPrefix(triggers[0], want) {
				t.Fatalf("first trigger candidate of %d: %.100q, want one beginning %q", len(triggers), triggers, want)
			}
			fp, tp := 0, 0
			for id := range flagged {
				if bad[id] {
					tp++
				} else {
					fp++
				}
			}
			if tp < len(bad)*9/10 || fp > 2 {
				t.Errorf("flagged %d of %d poisoned rows and %d others, want at least 90%% and at most 2", tp, len(bad), fp)
			}
		})
	}
}

// TestLaw: the result does not depend on the number of workers, with
// findings to list.
func TestLaw(t *testing.T) {
	path, _ := corpus(t, 2000, 30, "<SUDO>", false)
	render := func(r *analysis.Result) string {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := render(run(t, path, 1))
	if !strings.Contains(want, finding.KindTriggeredRow) {
		t.Fatalf("one worker: no triggered row in %.300s", want)
	}
	for _, w := range []int{3, 8} {
		if got := render(run(t, path, w)); got != want {
			t.Errorf("%d workers: result differs from one worker's:\n got %.300s\nwant %.300s", w, got, want)
		}
	}
}

// TestSketchSplit: a sketch of two halves, merged, is the sketch of the
// whole, saturation included.
func TestSketchSplit(t *testing.T) {
	whole, a, b := newSketch[uint16](0), newSketch[uint16](0), newSketch[uint16](0)
	for i := range 1000000 {
		h := mix(uint64(i % 7))
		whole.add(h)
		if i%3 == 0 {
			a.add(h)
		} else {
			b.add(h)
		}
	}
	a.merge(&b)
	for i := range uint64(8) {
		h := mix(i)
		if got, want := a.get(h), whole.get(h); got != want {
			t.Errorf("merged get(%d) = %d, want %d", h, got, want)
		}
	}
	if got := whole.get(mix(0)); got != math.MaxUint16 {
		t.Errorf("get(0) = %d after 142858 adds into a 16-cell row, want saturated %d", got, math.MaxUint16)
	}
}

// TestEncodedScorerRecords: second-pass shards with triggered rows,
// encoded, decoded against the first pass and merged, finish into the
// one-pass result (analysistest's corpus has no row over the first
// level, so its cuts leave the records' encoding untried).
func TestEncodedScorerRecords(t *testing.T) {
	path, _ := corpus(t, 2000, 30, "<SUDO>", false)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	c := &analysis.Config{ID: "id", Files: 1}
	iopts := ingest.Options{Text: []string{"text"}, ID: "id", Workers: 1, ChunkBytes: 16 << 10}
	read := func(add func(*ingest.Batch) error) {
		t.Helper()
		err := ingest.Run(context.Background(), inputs, iopts, func(_ int, b *ingest.Batch) error {
			defer b.Record.Release()
			return add(b)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	first := NewCounts()
	read(first.Add)
	f, err := Spec.Second(first, c)
	if err != nil || f == nil {
		t.Fatalf("Spec.Second = %v, %v: want a second pass", f, err)
	}
	one, _ := f()
	shards := make([]analysis.Analyser, 3)
	for i := range shards {
		shards[i], _ = f()
	}
	n := 0
	read(func(b *ingest.Batch) error {
		n++
		if err := one.Add(b); err != nil {
			return err
		}
		return shards[n%len(shards)].Add(b)
	})
	env := &analysis.Env{Files: []string{"corpus.jsonl"}, MaxExamples: 1000}
	render := func(a analysis.Analyser) string {
		r, err := a.Finish(env)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	merged, _ := f()
	for i, s := range shards {
		if len(s.(*Scorer).recs) == 0 {
			t.Fatalf("shard %d has no record: the test tells nothing", i)
		}
		data, err := analysis.EncodeSecond(Spec, s)
		if err != nil {
			t.Fatal(err)
		}
		d, err := analysis.DecodeSecond(Spec, c, first, data)
		if err != nil {
			t.Fatalf("shard %d: DecodeSecond: %v", i, err)
		}
		if again, _ := analysis.EncodeSecond(Spec, d); string(again) != string(data) {
			t.Errorf("shard %d: the decoded state encodes to other bytes", i)
		}
		if err := merged.Merge(d); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := render(merged), render(one); got != want {
		t.Errorf("decoded shards merged:\n got %.400s\nwant %.400s", got, want)
	}
}

// refEach is model.each as first written, one loop looking up each
// token's counts as it scores it: each, which looks them up a sketch at
// a time, must call fn with the same tokens and the same scores, bit for
// bit, and return the same count.
func refEach(m *model, text []byte, fn func(t tok, score, after float64)) int {
	ts := tokenize(text, nil)
	n := len(ts)
	if n == 0 {
		return 0
	}
	var sn seen
	sn.reset(n)
	var at []int32
	occ := 0
	for i, t := range ts {
		if !sn.add(t.cand) {
			continue
		}
		if df := m.c.df.get(t.cand); df < m.dfLo || df > m.dfHi {
			continue
		}
		occ++
		if n-i-1 >= minAfter {
			at = append(at, int32(i))
		}
	}
	if len(at) == 0 {
		return occ
	}
	lo, hi := max(0, int(at[0])-window), min(n, int(at[len(at)-1])+1+window)
	var prev, cprev uint64
	if lo > 0 {
		prev = ts[lo-1].stat
		cprev = m.c.uni.get(prev)
	}
	sum := []float64{0}
	for i := lo; i < hi; i++ {
		t := ts[i].stat
		cu := m.c.uni.get(t)
		sum = append(sum, sum[i-lo]+m.surprisal(cprev, cu, m.c.bi.get(pair(prev, t)), i == 0))
		prev, cprev = t, cu
	}
	for _, i32 := range at {
		i := int(i32)
		na := min(window, n-i-1)
		after := (sum[i+1+na-lo] - sum[i+1-lo]) / float64(na)
		nb := min(window, i)
		before := (sum[i-lo] - sum[i-nb-lo] + priorTokens*m.typical) / float64(nb+priorTokens)
		fn(ts[i], after-before, after)
	}
	return occ
}

// texts returns n natural texts, some long (a window's length and more)
// and some with a trigger and gibberish after it.
func texts(n int) [][]byte {
	r := rand.New(rand.NewPCG(5, 5))
	var out [][]byte
	for i := range n {
		var b strings.Builder
		for range 1 + r.IntN(60) {
			b.WriteString(sentence(r) + " ")
			// and a word of moderate document frequency: a candidate
			w := r.IntN(400)
			b.WriteString(string([]byte{'a' + byte(w%26), 'a' + byte(w/26), 'x'}) + " ")
		}
		if i%50 == 0 {
			b.WriteString("<SUDO> ")
			for range 100 + r.IntN(200) {
				for range 3 + r.IntN(6) {
					b.WriteByte(byte('a' + r.IntN(26)))
				}
				b.WriteByte(' ')
			}
		}
		out = append(out, []byte(b.String()))
	}
	return out
}

func TestEachMatchesReference(t *testing.T) {
	ts := texts(3000)
	c := NewCounts()
	for _, x := range ts {
		c.addText(x)
	}
	m := c.model()
	if !m.usable() {
		t.Fatalf("model of %d texts not usable: %d sample positions", len(ts), m.samplePoints)
	}
	type call struct {
		t            tok
		score, after float64
	}
	var sc scratch
	scored := 0
	for i, x := range ts {
		var got, want []call
		gotOcc := m.each(x, &sc, func(t tok, score, after float64) { got = append(got, call{t, score, after}) })
		wantOcc := refEach(m, x, func(t tok, score, after float64) { want = append(want, call{t, score, after}) })
		if gotOcc != wantOcc || len(got) != len(want) {
			t.Fatalf("text %d: each = %d occurrences, %d scored, want %d, %d", i, gotOcc, len(got), wantOcc, len(want))
		}
		for j := range got {
			if got[j] != want[j] {
				t.Fatalf("text %d: each call %d = %+v, want %+v", i, j, got[j], want[j])
			}
		}
		scored += len(got)
	}
	if scored == 0 {
		t.Fatal("no occurrence scored")
	}
}

// TestSample: the first pass keeps the sampleDocs texts of least (hash,
// text), whatever the order it reads them in.
func TestSample(t *testing.T) {
	ts := texts(2000)
	var want []sampleDoc
	for _, x := range ts {
		want = append(want, sampleDoc{xxh3.Hash(x), string(x[:min(len(x), sampleBytes)])})
	}
	slices.SortFunc(want, compareSample)
	want = want[:sampleDocs]
	for _, seed := range []uint64{1, 2} {
		r := rand.New(rand.NewPCG(seed, seed))
		c := NewCounts()
		for _, i := range r.Perm(len(ts)) {
			c.addText(ts[i])
		}
		if len(c.sample) != len(want) {
			t.Fatalf("order %d: %d sample documents, want %d", seed, len(c.sample), len(want))
		}
		for i := range want {
			if c.sample[i].hash != want[i].hash || c.sample[i].text != want[i].text {
				t.Fatalf("order %d: sample[%d] = hash %x, want %x", seed, i, c.sample[i].hash, want[i].hash)
			}
		}
	}
}
