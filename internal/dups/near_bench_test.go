package dups

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// nearBenchRows are the rows the near-duplicate benchmarks read: the JSONL
// file $DATAAUDIT_NEAR_CORPUS (say /work/bench-data/corpus-200MB-s1.jsonl)
// or, without it, the sample with two edited copies of every third text.
func nearBenchRows(tb testing.TB) []row {
	benchOnce.Do(func() { benchRows = loadBenchRows(tb) })
	return benchRows
}

var (
	benchOnce sync.Once
	benchRows []row
)

func loadBenchRows(tb testing.TB) []row {
	if path := os.Getenv("DATAAUDIT_NEAR_CORPUS"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		var rows []row
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var r struct {
				Text  string
				Label any
			}
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				rows = append(rows, row{Text: r.Text})
			}
		}
		return rows
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var rows []row
	texts, _ := fixtures.SampleTexts(tb)
	for i, s := range texts {
		rows = append(rows, row{Text: string(s)})
		if i%3 == 0 {
			rows = append(rows, row{Text: edit(rng, string(s), 0.05)}, row{Text: edit(rng, string(s), 0.1)})
		}
	}
	return rows
}

// nearBench returns a Near holding the benchmark rows, added in batches
// of 2048, and their text bytes.
func nearBench(b *testing.B) (*Near, int64) {
	rows := nearBenchRows(b)
	d := NewNear()
	var n int64
	for i := 0; i < len(rows); i += 2048 {
		bt := fixtures.Batch(b, rows[i:min(i+2048, len(rows))], int64(i+1))
		if err := d.Add(bt); err != nil {
			b.Fatal(err)
		}
		bt.Record.Release()
	}
	for _, r := range rows {
		n += int64(len(r.Text))
	}
	return d, n
}

// BenchmarkNearResult times the finish: candidates, verification and
// clusters of the benchmark rows.
func BenchmarkNearResult(b *testing.B) {
	d, _ := nearBench(b)
	for _, tt := range []struct {
		name   string
		result func(*Near, []string, int) (NearResult, []finding.Finding, int64)
	}{{"new", (*Near).Result}, {"ref", (*Near).refResult}} {
		b.Run(tt.name, func(b *testing.B) { benchResult(b, d, tt.result) })
	}
}

func benchResult(b *testing.B, d *Near, result func(*Near, []string, int) (NearResult, []finding.Finding, int64)) {
	b.ReportAllocs()
	var res NearResult
	// The caller's thread runs the replay, the part that stays on one
	// core: its CPU time is the finish's floor on a loaded machine.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu, own := cpuTime(), threadCPUTime()
	for b.Loop() {
		res, _, _ = result(d, []string{"f"}, 1000)
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "caller-cpu-ns/op")
	b.ReportMetric(float64(res.Candidates), "candidates")
	b.ReportMetric(float64(res.RowsScored), "rows")
}

// BenchmarkNearSign times the signatures of a row from its word hashes.
func BenchmarkNearSign(b *testing.B) {
	rows := nearBenchRows(b)
	var wh stats.WordHasher
	var hs [][]uint64
	words := 0
	for _, r := range rows[:min(len(rows), 20000)] {
		h := wh.Hashes(nil, []byte(r.Text))
		if len(h) >= nearMinWords {
			hs = append(hs, h)
			words += len(h)
		}
	}
	b.ReportAllocs()
	var r nearRow
	var w, p nearSig
	cpu := cpuTime()
	for b.Loop() {
		for _, h := range hs {
			sign(h, &r, &w, &p)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/float64(words), "cpu-ns/word")
}

// cpuTime returns the CPU time the process has used, user and system, in
// nanoseconds: on a loaded machine it measures what wall time cannot.
func cpuTime() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

// threadCPUTime returns the CPU time of the calling thread in
// nanoseconds.
func threadCPUTime() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return ts.Nano()
}

// BenchmarkNearGuess times the verification guessed ahead of the replay
// (guessBuckets) over the 16 band lists of the benchmark rows, with no
// clusters published: the part of the finish that verifies pairs, with
// the signatures copied and in place.
func BenchmarkNearGuess(b *testing.B) {
	d, _ := nearBench(b)
	refs := d.rows.Refs()
	sortRefs(refs, func(r uint32) (int32, int64, int64) { x := d.spot(d.rows.At(r)); return x.File, x.N, x.Elem })
	n := len(refs)
	inv := make([]int32, n)
	pos := d.rows.Positions()
	for i, r := range refs {
		inv[pos(r)] = int32(i)
	}
	var s radixScratch
	var lists []bandList
	keys := newBandKeys(n, func(j0, j1 int, dst []uint32) { d.bandKeys(inv, j0, j1, dst) })
	for j := range nearBands {
		lists = append(lists, s.list(n, j, keys, nil))
	}
	// The signatures copied into two arrays (Result's), and put in order
	// within their blocks (Finish's).
	copied := inputOrder(&d.words, &d.pairs, refs, false)
	inPlace := inputOrder(&d.words, &d.pairs, refs, true)
	for _, tc := range []struct {
		name string
		t    sigTable
	}{{"copy", copied}, {"in-place", inPlace}} {
		b.Run(tc.name, func(b *testing.B) {
			v := newNearVerifier(d.WordJ, d.PairJ, tc.t)
			snaps := newClusterSnaps()
			var out []uint8
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			own := threadCPUTime()
			for b.Loop() {
				for _, l := range lists {
					_, out = v.guessBuckets(snaps, l, out) // no snapshot: l is left as it is
				}
			}
			b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkIsASCII times the ASCII test of Near.Add on the benchmark
// rows' texts.
func BenchmarkIsASCII(b *testing.B) {
	rows := nearBenchRows(b)
	var texts [][]byte
	var n int64
	for _, r := range rows {
		texts = append(texts, []byte(r.Text))
		n += int64(len(r.Text))
	}
	b.SetBytes(n)
	k := 0
	for b.Loop() {
		for _, t := range texts {
			if isASCII(t) {
				k++
			}
		}
	}
	if k == 0 {
		b.Fatal("no ASCII text")
	}
}
