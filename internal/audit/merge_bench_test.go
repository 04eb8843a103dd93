package audit

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkMergeProfileStates merges the profile state files that the
// glob $DATAAUDIT_BENCH_STATES names (the shards of dataaudit profile
// --shard K/N, see benchmarks/shards.sh) into their profile, as dataaudit
// merge does: decoding, Summary.Merge and the profile's assembly.
func BenchmarkMergeProfileStates(b *testing.B) {
	paths, _ := filepath.Glob(os.Getenv("DATAAUDIT_BENCH_STATES"))
	if len(paths) == 0 {
		b.Skip("DATAAUDIT_BENCH_STATES names no state files")
	}
	var size int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		res, err := MergeStates(context.Background(), &MergeConfig{Profiles: paths}, Hooks{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Profile == nil {
			b.Fatal("no profile")
		}
	}
}
