package labels

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// exactCopies returns the sample's mails copies times, each copy equal to
// the first once normalised as the exact-duplicate check does (re-cased,
// white space changed), with ids ID#k.
func exactCopies(t *testing.T, copies int) []sampleRecord {
	t.Helper()
	rs := readSample(t, 1)
	out := make([]sampleRecord, 0, copies*len(rs))
	for k := range copies {
		for _, r := range rs {
			text := r.Text
			switch k % 3 {
			case 1:
				text = strings.ToUpper(text)
			case 2:
				text = "  " + strings.ReplaceAll(text, " ", " \t ") + "\n"
			}
			out = append(out, sampleRecord{ID: fmt.Sprintf("%s#%d", r.ID, k), Text: text, Label: r.Label})
		}
	}
	return out
}

// baseIDs returns the distinct ids of the rows of fs without their #copy
// suffix, sorted.
func baseIDs(fs []string) []string {
	var out []string
	for _, id := range fs {
		if i := strings.IndexByte(id, '#'); i >= 0 {
			id = id[:i]
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestFoldsKeepCopiesTogether checks that exact (normalised) copies of a
// row share its fold, whatever their position: the sample repeated 20
// times finds (copies of) the mails the sample alone finds, at the default
// MinP; it also finds one or two that are near the cut on the sample
// alone (other seeds find them there too). With folds by position,
// every copy was scored by a model trained on 16 others of its text:
// accuracy 100% and no label issue.
func TestFoldsKeepCopiesTogether(t *testing.T) {
	var z dups.Normalizer
	var f featurizer
	rs := exactCopies(t, 20)
	folds := map[string]int{}
	for _, r := range rs {
		norm := string(z.Normalize([]byte(r.Text)))
		f.features([]byte(r.Text))
		fd := rowFold(&f, &z, 1, []byte(r.Text), DefaultFolds)
		if f, ok := folds[norm]; ok && f != fd {
			t.Fatalf("copy %s in fold %d, an earlier copy in fold %d", r.ID, fd, f)
		}
		folds[norm] = fd
	}

	o := Options{Seed: 1}
	_, alone := checkWith(t, writeJSONL(t, exactCopies(t, 1)), 2, o)
	res, fs := checkWith(t, writeJSONL(t, rs), 2, o)
	want, got := baseIDs(ids(alone.LabelErrors)), baseIDs(ids(fs.LabelErrors))
	t.Logf("sample alone: %v; sample x20: accuracy %.4f, %d label errors, of %v", want, res.Accuracy, len(fs.LabelErrors), got)
	if res.Accuracy > 0.99 {
		t.Errorf("out-of-fold accuracy on the sample x20 = %.4f, want it near the sample's (copies scored by a model that saw them?)", res.Accuracy)
	}
	if len(want) < 3 {
		t.Fatalf("label errors on the sample alone: %v, want at least 3", want)
	}
	for _, id := range want {
		if !slices.Contains(got, id) {
			t.Errorf("label errors on the sample x20 are copies of %v, want every one of the sample alone's, %v", got, want)
			break
		}
	}
}

// TestConflictingCopies checks that a copy of a ham mail labelled spam is
// a label error while its ham copies are not: all copies share a fold, so
// none of them taught the model that scores them.
func TestConflictingCopies(t *testing.T) {
	rs := exactCopies(t, 5)
	var conflicts []string
	for i := range rs {
		if r := &rs[i]; strings.HasPrefix(r.ID, "easy-ham") && strings.HasSuffix(r.ID, "#3") && len(conflicts) < 4 {
			r.Label = "spam"
			conflicts = append(conflicts, r.ID)
		}
	}
	if len(conflicts) != 4 {
		t.Fatalf("%d conflicting copies planted, want 4", len(conflicts))
	}
	_, fs := check(t, writeJSONL(t, rs), 2)
	flagged := ids(fs.LabelErrors)
	for _, id := range conflicts {
		if !slices.Contains(flagged, id) {
			t.Errorf("conflicting copy %s (labelled spam, copies labelled ham) not a label error", id)
		}
		base := strings.TrimSuffix(id, "#3")
		for k := range 5 {
			if other := fmt.Sprintf("%s#%d", base, k); k != 3 && slices.Contains(flagged, other) {
				t.Errorf("ham copy %s of conflicting %s flagged as a label error", other, id)
			}
		}
	}
}

// TestFoldTable checks that pass 2 finds the folds pass 1 recorded, across
// blocks, files and a merge, and nothing where none was recorded.
func TestFoldTable(t *testing.T) {
	set := []struct {
		pos  ingest.Pos
		fold int
	}{
		{ingest.Pos{File: 0, N: 1, Line: true}, 3},
		{ingest.Pos{File: 0, N: 70000, Line: true}, 0},
		{ingest.Pos{File: 1, N: 1}, 4},
		{ingest.Pos{File: 1, N: 1 << 20}, 253},
	}
	var a, b foldTable
	for i, s := range set {
		if i%2 == 0 {
			a.set(s.pos, s.fold)
		} else {
			b.set(s.pos, s.fold)
		}
	}
	a.merge(&b)
	r := a.reader()
	for _, s := range set {
		if got, ok := r.get(s.pos); !ok || got != s.fold {
			t.Errorf("get(%+v) = %d, %v; want %d, true", s.pos, got, ok, s.fold)
		}
	}
	for _, pos := range []ingest.Pos{{File: 0, N: 2}, {File: 2, N: 1}, {File: 1, N: 1<<20 + 1}, {File: 0, N: 1 << 30}} {
		if got, ok := r.get(pos); ok {
			t.Errorf("get(%+v) = %d, true; want none", pos, got)
		}
	}
}
