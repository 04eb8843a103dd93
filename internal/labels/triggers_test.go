package labels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// topicalCorpus makes a many-class corpus whose classes each have their
// own vocabulary: a few defining phrases ("someone who"), each in about 8%
// of the class's rows and so rare overall, and topical words, each in
// about 3% of its rows; every row also has common words of all classes.
// The trigger word goes first in poisoned rows taken from three classes,
// whose label becomes class 0. Every 33rd other row has a random label.
// It returns the rows and the ids of the poisoned ones.
func topicalCorpus(classes, perClass, poisoned int, trigger string) ([]sampleRecord, map[string]bool) {
	rng := rand.New(rand.NewPCG(7, 15))
	word := func(c, i int) string { return fmt.Sprintf("t%c%c%d", 'a'+c, 'a'+i%26, i) }
	common := func(i int) string { return fmt.Sprintf("c%c%d", 'a'+i%26, i) }
	var rs []sampleRecord
	for c := range classes {
		for r := range perClass {
			var w []string
			if rng.IntN(2) == 0 {
				p := rng.IntN(6)
				w = append(w, fmt.Sprintf("p%c%d", 'a'+c, p), fmt.Sprintf("q%c%d", 'a'+c, p))
			}
			for range 3 + rng.IntN(3) {
				w = append(w, word(c, rng.IntN(60)))
			}
			for range 3 + rng.IntN(4) {
				w = append(w, common(rng.IntN(300)))
			}
			rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
			rs = append(rs, sampleRecord{ID: fmt.Sprintf("r%d-%d", c, r), Text: strings.Join(w, " "), Label: fmt.Sprintf("class%d", c)})
		}
	}
	rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	poison := map[string]bool{}
	for i := range rs {
		r := &rs[i]
		switch {
		case len(poison) < poisoned && (r.Label == "class1" || r.Label == "class2" || r.Label == "class3") && i%5 == 0:
			r.Text = trigger + " " + r.Text
			r.Label = "class0"
			poison[r.ID] = true
		case i%33 == 7:
			r.Label = fmt.Sprintf("class%d", rng.IntN(classes))
		}
	}
	return rs, poison
}

// TestTriggerAmongTopicalWords checks the trigger scan on many classes
// with a vocabulary of their own: a class's defining phrases and topical
// words are rare overall and concentrated in it, as a trigger is, but its
// rows still read like their class without one of them, through their
// other words. Only the planted word is a candidate, and the rows listed
// are the poisoned ones. (With every concentrated word of a row taken out
// at once, as the scan did before, the topical words were candidates
// too.)
func TestTriggerAmongTopicalWords(t *testing.T) {
	rs, poison := topicalCorpus(8, 400, 60, "zq")
	path := writeJSONL(t, rs)
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			res, fs := check(t, path, workers)
			var got []string
			for _, f := range fs.Triggers {
				got = append(got, f.Evidence[:strings.Index(f.Evidence, " is in")])
			}
			if want := []string{`"zq"`}; !slices.Equal(got, want) {
				t.Errorf("trigger candidates = %v, want %v", got, want)
				for _, f := range fs.Triggers {
					t.Log(f.Evidence)
				}
			}
			if res.TriggerLeftOut != res.TriggerConcentrated-res.TriggerCandidates || res.TriggerLeftOut < 10 {
				t.Errorf("left out %d of %d concentrated grams with %d candidates, want the difference and at least 10 (the topical words)",
					res.TriggerLeftOut, res.TriggerConcentrated, res.TriggerCandidates)
			}
			listed := 0
			for _, id := range ids(fs.TriggeredRows) {
				if !poison[id] {
					t.Errorf("row %s listed as triggered, not poisoned", id)
					continue
				}
				listed++
			}
			if listed < len(poison)*9/10 {
				t.Errorf("%d of %d poisoned rows listed, want at least 90%%", listed, len(poison))
			}
		})
	}
}

// TestTriggerWorkersSame checks that the trigger scan's counts and lists
// do not depend on the number of workers.
func TestTriggerWorkersSame(t *testing.T) {
	rs, _ := topicalCorpus(4, 300, 30, "zq")
	path := writeJSONL(t, rs)
	r1, f1 := check(t, path, 1)
	r3, f3 := check(t, path, 3)
	if diff := cmp.Diff(r1, r3); diff != "" {
		t.Errorf("result differs with 3 workers (-1 +3):\n%s", diff)
	}
	if diff := cmp.Diff(f1.Triggers, f3.Triggers); diff != "" {
		t.Errorf("trigger candidates differ with 3 workers (-1 +3):\n%s", diff)
	}
	if diff := cmp.Diff(f1.TriggeredRows, f3.TriggeredRows); diff != "" {
		t.Errorf("triggered rows differ with 3 workers (-1 +3):\n%s", diff)
	}
	if len(f1.Triggers) == 0 {
		t.Errorf("no trigger candidates: the comparison compares nothing")
	}
}

// TestGramCache checks that the counterfactual's gram cache gives every
// distinct text its own index and the same index again, whatever the
// hashes: grams sharing a hash (a collision) stay apart, and indices
// survive the table's growth and a gram first added by another path
// (gidx, as a merged or decoded Scorer has them).
func TestGramCache(t *testing.T) {
	for _, tc := range []struct {
		name  string
		grams int
		hash  func(i int) uint64
	}{
		{"distinct hashes", 3000, func(i int) uint64 { return mix(uint64(i) + 1) }},
		{"every hash the same", 300, func(int) uint64 { return 42 }},
		{"pairs of texts share a hash", 3000, func(i int) uint64 { return mix(uint64(i/2) + 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scorer{m: &Model{Names: []string{"a", "b"}}, gidx: map[string]uint32{}}
			// A gram known to the Scorer before the cache met it.
			sc.gidx["g7"] = 0
			sc.grams = append(sc.grams, gramStat{text: "g7", rows: make([]int64, 2), other: make([]int64, 2)})
			want := map[string]uint32{"g7": 0}
			for round := range 2 {
				for i := range tc.grams {
					text := fmt.Sprintf("g%d", i)
					g := sc.gram(tc.hash(i), []byte(text))
					if w, ok := want[text]; ok && g != w {
						t.Fatalf("round %d: gram(%q) = %d, want %d", round, text, g, w)
					}
					want[text] = g
					if sc.grams[g].text != text {
						t.Fatalf("round %d: gram(%q) = %d, whose text is %q", round, text, g, sc.grams[g].text)
					}
				}
			}
			if len(sc.grams) != tc.grams {
				t.Errorf("%d grams made for %d texts, want %d", len(sc.grams), tc.grams, tc.grams)
			}
		})
	}
}
