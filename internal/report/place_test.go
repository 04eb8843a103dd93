package report

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/outliers"
)

// TestPlace: a section goes to the field whose JSON key is its report key,
// through a nil pointer on the way; a nil section leaves the report as it
// is; a key that names no field, or a section of another type, is an
// error.
func TestPlace(t *testing.T) {
	exact, near := &dups.ExactResult{Clusters: 2}, &dups.NearResult{Clusters: 3}
	ol := &outliers.Result{Outliers: 4}
	ev := map[string]int64{"invisible": 5}
	tests := []struct {
		key     string
		section any
		check   func(*Document) bool
		wantErr string
	}{
		{"duplicates.exact", exact, func(d *Document) bool { return d.Duplicates != nil && d.Duplicates.Exact == exact }, ""},
		{"duplicates.near", near, func(d *Document) bool { return d.Duplicates != nil && d.Duplicates.Near == near }, ""},
		{"outliers", ol, func(d *Document) bool { return d.Outliers == ol }, ""},
		{"cleaning_evasions", ev, func(d *Document) bool { return d.Evasions["invisible"] == 5 }, ""},
		{"outliers", exact, nil, "is a *outliers.Result, not a *dups.ExactResult"},
		{"duplicates.near", nil, func(d *Document) bool { return d.Duplicates == nil }, ""}, // nothing to show
		{"nowhere", nil, nil, `no section "nowhere"`},
		{"toxicity", ol, nil, `no section "toxicity"`},
		{"duplicates.far", near, nil, `no section "duplicates.far"`},
		{"summary.rows.x", near, nil, `no section "summary.rows.x"`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			var d Document
			err := d.Place(tt.key, tt.section)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Place(%q, %T) = %v, want an error containing %q", tt.key, tt.section, err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(&d) {
				t.Errorf("Place(%q, %T) = %v, and the section is not in its place", tt.key, tt.section, err)
			}
		})
	}
}
