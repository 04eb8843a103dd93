package conflearn

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cleanlabFixture is testdata/cleanlab_issues.json, written by
// benchmarks/cleanlab_issues.py with cleanlab 2.9.0.
type cleanlabFixture struct {
	Cleanlab string `json:"cleanlab"`
	Den      int64  `json:"den"`
	Cases    []struct {
		Name           string    `json:"name"`
		Classes        int       `json:"classes"`
		Labels         []int32   `json:"labels"`
		Probs          [][]int64 `json:"probs"` // over Den
		Issues         []int     `json:"issues"`
		ConfidentJoint [][]int64 `json:"confident_joint"`
	} `json:"cases"`
	Rounding []struct {
		In  []float64 `json:"in"`
		Out []int64   `json:"out"`
	} `json:"round_preserving_sum"`
}

func readCleanlabFixture(t *testing.T) cleanlabFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/cleanlab_issues.json")
	if err != nil {
		t.Fatal(err)
	}
	var f cleanlabFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("testdata/cleanlab_issues.json: %v", err)
	}
	if len(f.Cases) == 0 || f.Den == 0 {
		t.Fatal("testdata/cleanlab_issues.json: no cases")
	}
	return f
}

// TestCleanlabFixture feeds FindIssues the probability matrices
// that cleanlab's find_label_issues (defaults, ranked by self_confidence)
// was given and wants the same issues in the same order, and the same
// calibrated confident joint.
func TestCleanlabFixture(t *testing.T) {
	f := readCleanlabFixture(t)
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			C := c.Classes
			probs := make([]float64, 0, len(c.Probs)*C)
			for _, row := range c.Probs {
				for _, v := range row {
					probs = append(probs, float64(v)/float64(f.Den))
				}
			}
			issues, cj := FindIssues(probs, c.Labels, C)
			if issues == nil {
				issues = []int{}
			}
			if diff := cmp.Diff(c.Issues, issues); diff != "" {
				t.Errorf("issues differ from cleanlab %s's (-cleanlab +got):\n%s", f.Cleanlab, diff)
			}
			if diff := cmp.Diff(c.ConfidentJoint, cj); diff != "" {
				t.Errorf("confident joint differs from cleanlab %s's (-cleanlab +got):\n%s", f.Cleanlab, diff)
			}
		})
	}
}

// TestRoundPreservingSum checks the rounding of the confident joint's rows
// against cleanlab's round_preserving_sum.
func TestRoundPreservingSum(t *testing.T) {
	for _, r := range readCleanlabFixture(t).Rounding {
		if got := roundPreservingSum(r.In); !cmp.Equal(got, r.Out) {
			t.Errorf("roundPreservingSum(%v) = %v, want %v", r.In, got, r.Out)
		}
	}
}

// TestConfidentLearning checks the cleanlab defaults on a small case worked
// by hand: two classes, thresholds 0.8 (class 0) and 0.75 (class 1).
func TestConfidentLearning(t *testing.T) {
	probs := []float64{
		0.9, 0.1, // y=0
		0.95, 0.05, // y=0
		0.1, 0.9, // y=0: reads as 1, confidently
		0.95, 0.05, // y=0
		0.2, 0.8, // y=1
		0.3, 0.7, // y=1: below class 1's threshold, not confident about 0 either
		0.9, 0.1, // y=1: reads as 0, confidently
		0.05, 0.95, // y=1
	}
	y := []int32{0, 0, 0, 0, 1, 1, 1, 1}
	issues, cj := FindIssues(probs, y, 2)
	if want := []int{2, 6}; !slices.Equal(issues, want) {
		t.Errorf("issues = %v, want %v", issues, want)
	}
	if want := [][]int64{{3, 1}, {1, 3}}; !cmp.Equal(cj, want) {
		t.Errorf("confident joint = %v, want %v", cj, want)
	}
}
