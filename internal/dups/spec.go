package dups

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Exact)(nil)
	_ analysis.Analyser = (*Near)(nil)
)

// ExactSpec describes the exact duplicates: clusters of equal texts after
// normalisation and, with a label, the clusters whose labels conflict.
var ExactSpec = &analysis.Spec{
	Name: "dups.exact", Version: 1,
	Kinds: []analysis.Kind{{Name: finding.KindExactDuplicate}, {Name: finding.KindLabelConflict, Needs: analysis.NeedLabel}},
	Metrics: []analysis.Metric{
		{Name: "duplicate_rate", Doc: "redundant exact-duplicate rows / rows"},
		{Name: "duplicate_clusters", Doc: "clusters of exact duplicates"},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		d, err := NewExact(c.ExactNormalize)
		if err != nil {
			return nil, fmt.Errorf("--exact-normalize: %w", err)
		}
		d.CollectDrops = c.CollectDrops
		return d, nil
	},
}

// NearSpec describes the near duplicates: MinHash LSH clusters verified
// on words and word pairs and, with a label, those whose labels conflict.
var NearSpec = &analysis.Spec{
	Name: "dups.near", Version: 1,
	Kinds: []analysis.Kind{{Name: finding.KindNearDuplicate}, {Name: finding.KindLabelConflict, Needs: analysis.NeedLabel}},
	Metrics: []analysis.Metric{
		{Name: "near_duplicate_clusters", Doc: "clusters of near duplicates"},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		d := NewNear()
		d.WordJ, d.PairJ, d.CollectDrops = c.NearWordJ, c.NearPairJ, c.CollectDrops
		return d, nil
	},
}

// Finish finds the clusters: the Section is an *ExactResult; the findings
// are the clusters, then the label conflicts.
func (d *Exact) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, fs, unlisted := d.Result(env.Files, env.MaxExamples)
	return &analysis.Result{Section: &r, Findings: append(fs, r.Conflicts...),
		Unlisted: unlistedOf(finding.KindExactDuplicate, unlisted, r.ConflictsUnlisted)}, nil
}

// Finish finds the clusters: the Section is a *NearResult; the findings
// are the clusters, then the label conflicts.
func (d *Near) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, fs, unlisted := d.Result(env.Files, env.MaxExamples)
	return &analysis.Result{Section: &r, Findings: append(fs, r.Conflicts...),
		Unlisted: unlistedOf(finding.KindNearDuplicate, unlisted, r.ConflictsUnlisted)}, nil
}

// unlistedOf counts the clusters and conflicts left unlisted, leaving out
// zeros.
func unlistedOf(kind string, clusters, conflicts int64) map[string]int64 {
	m := map[string]int64{}
	if clusters > 0 {
		m[kind] = clusters
	}
	if conflicts > 0 {
		m[finding.KindLabelConflict] = conflicts
	}
	return m
}
