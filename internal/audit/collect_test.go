package audit

import (
	"runtime/metrics"
	"testing"

	"github.com/dataaudit/dataaudit/internal/rowstore"
)

func forcedCount() uint64 {
	s := []metrics.Sample{{Name: forcedGCs}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestCollectAfterReadMarks: while the row store paces the collector,
// collectAfterRead returns once a forced collection has marked (the
// runtime counts it then); without pacing it returns with none.
func TestCollectAfterReadMarks(t *testing.T) {
	before := forcedCount()
	collectAfterRead()
	if got := forcedCount(); got != before {
		t.Errorf("without pacing: %d forced collections, want none", got-before)
	}
	t.Setenv("GOGC", "") // PaceGC paces only with GOGC unset
	rowstore.PaceGC(50)
	defer rowstore.StopPacing()
	for range 3 {
		before := forcedCount()
		collectAfterRead()
		if got := forcedCount(); got <= before {
			t.Errorf("with pacing: collectAfterRead returned before a forced collection marked (%d, %d)", before, got)
		}
	}
}
