package finding

import "testing"

// TestOfBadRecord: a bad_record finding and the empty_text finding of a
// null or missing text are about a bad record; an empty text that is
// there, or another finding, is not.
func TestOfBadRecord(t *testing.T) {
	for _, tt := range []struct {
		f    Finding
		want bool
	}{
		{Finding{Kind: KindBadRecord, Subkind: "invalid_json", Evidence: "invalid JSON at byte 3"}, true},
		{Finding{Kind: KindCleaningEvasion, Subkind: "empty_text", Evidence: NoTextEvidence + "text field \"text\" is null"}, true},
		{Finding{Kind: KindCleaningEvasion, Subkind: "empty_text", Evidence: "a missing-value placeholder: \"None\""}, false},
		{Finding{Kind: KindOutlier, Subkind: "bytes", Evidence: "bytes = 3"}, false},
	} {
		if got := tt.f.OfBadRecord(); got != tt.want {
			t.Errorf("Finding{%s/%s, %q}.OfBadRecord() = %v, want %v", tt.f.Kind, tt.f.Subkind, tt.f.Evidence, got, tt.want)
		}
	}
}
