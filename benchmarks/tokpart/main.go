//go:build amd64

// Command tokpart measures, outside the dataaudit command, what counting a
// batch's short and mid tokens after radix-partitioning them by their home
// slot could save over the count table's pipelined probes
// (internal/stats: countShortASCII's stage A and B). It reads the first
// 100 MB of text of a JSONL corpus (one worker's share of the 200 MB
// corpus), tokenizes it with stats.Tokenizer, hashes the tokens of at most
// 16 bytes as the count table does (shortHash, midHash), builds a table of
// 2^18 16-byte slots and 2^17 32-byte mid slots (linear probing, as
// countTable) holding every distinct token, then counts the whole stream
// again in that table, in the corpus' batches of 700 texts, one of three
// ways (only the counting is timed):
//
//   - window: the kernel's memory pattern: a window of tokens (-w, 160,
//     about 16 blocks) is hashed and each home slot PREFETCHT0'd, then the
//     window's tokens are compared and counted in their home slots (short
//     and mid tokens in two pipes);
//   - window -sorted: the same over each batch sorted by hash beforehand
//     (not timed): home slots in address order, the locality partitioning
//     could at best give, at no cost;
//   - part -p B: each batch's tokens scattered into 2^B partitions by the
//     home slot's top B bits (16 bytes a short token: hash and index; 24 a
//     mid one), then each partition counted, its slots a 2^B-th of the
//     indexes (-p 2: 1 MiB and 1 MiB; -p 4: 256 and 256 KiB).
//
// -thrash MB writes that much other memory between batches (not timed),
// as the analyses after the token summary do in a worker.
//
//	go build -o /tmp/tokpart ./benchmarks/tokpart
//	/tmp/tokpart -corpus /work/bench-data/corpus-200MB-s1.jsonl -mode part -p 4
//
// Its numbers are in internal/stats' package doc (session 28).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"time"
	"unsafe"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// args is what the kernels read, by offset (model_amd64.s).
type args struct {
	slots, mids     unsafe.Pointer
	shift, midShift uint64
	st              *uint64 // the stream: hash, w0, w1 a token (w0 0: short)
	n               int
	pipe, mpipe     *uint64
	w               int
	pbits           uint64
	sptr, mptr      *uintptr // each partition's next entry
	sbase, mbase    *uintptr // each partition's first
}

// windowCount counts a.n tokens of a.st the kernel's way and returns the
// misses (tokens not in their home slot).
//
//go:noescape
func windowCount(a *args) int

// partCount counts a.n tokens of a.st partitioned, and returns the misses.
//
//go:noescape
func partCount(a *args) int

type slot struct {
	h        uint64
	ref, cnt uint32
}

type midSlot struct {
	h, w0, w1 uint64
	ref, cnt  uint32
}

const (
	fib      = 0x9e3779b97f4a7c15
	fib2     = 0xc2b2ae3d27d4eb4f
	seed     = 0x5bd1e9955bd1e900
	midSeed0 = 0x27d4eb2f165667c5
	midSeed1 = 0x165667b19e3779f9
)

func main() {
	corpus := flag.String("corpus", "", "JSONL corpus with a text field")
	size := flag.Int64("size", 100<<20, "bytes of text read")
	mode := flag.String("mode", "window", "window or part")
	w := flag.Int("w", 160, "window: tokens a window")
	pbits := flag.Int("p", 4, "part: log2 of the partitions")
	reps := flag.Int("reps", 5, "passes over the stream")
	sorted := flag.Bool("sorted", false, "sort each batch by hash first (not timed)")
	thrash := flag.Int("thrash", 0, "MB of other memory written between batches (not timed)")
	flag.Parse()
	st, bounds := stream(*corpus, *size)
	n := len(st) / 3
	const bits, mbits = 18, 17
	slots := make([]slot, 1<<bits)
	mids := make([]midSlot, 1<<mbits)
	shift, mshift := uint64(64-bits), uint64(64-mbits)
	var home, homeM, tot, totM, nd, nm int
	for i := range n {
		h, w0, w1 := st[3*i], st[3*i+1], st[3*i+2]
		if w0 == 0 {
			tot++
			for j := h >> shift; ; j = (j + 1) & (1<<bits - 1) {
				if slots[j].ref == 0 {
					slots[j] = slot{h, 1, 1}
					nd++
					break
				}
				if slots[j].h == h {
					slots[j].cnt++
					if j == h>>shift {
						home++
					}
					break
				}
			}
			continue
		}
		totM++
		for j := h >> mshift; ; j = (j + 1) & (1<<mbits - 1) {
			if mids[j].ref == 0 {
				mids[j] = midSlot{h, w0, w1, 1, 1}
				nm++
				break
			}
			if mids[j].w0 == w0 && mids[j].w1 == w1 {
				mids[j].cnt++
				if j == h>>mshift {
					homeM++
				}
				break
			}
		}
	}
	fmt.Printf("tokens %d: short %d (%d distinct, %.3f at home), mid %d (%d distinct, %.3f at home); %d batches\n",
		n, tot, nd, float64(home)/float64(tot), totM, nm, float64(homeM)/float64(totM), len(bounds))
	if *sorted {
		type tok struct{ h, w0, w1 uint64 }
		prev := 0
		for _, e := range bounds {
			ts := unsafe.Slice((*tok)(unsafe.Pointer(&st[3*prev])), e-prev)
			sort.Slice(ts, func(i, j int) bool { return ts[i].h < ts[j].h })
			prev = e
		}
	}
	maxb, prev := 0, 0
	for _, e := range bounds {
		maxb, prev = max(maxb, e-prev), e
	}
	pipe := make([]uint64, 3*(*w+16))
	mpipe := make([]uint64, 3*(*w+16))
	P := 1 << *pbits
	sptr, mptr := make([]uintptr, P), make([]uintptr, P)
	sbase, mbase := make([]uintptr, P), make([]uintptr, P)
	var bufs [][]uint64 // kept live: the kernels write through sptr and mptr
	for p := range P {
		s, m := make([]uint64, 2*maxb+8), make([]uint64, 3*maxb+8)
		bufs = append(bufs, s, m)
		sbase[p] = uintptr(unsafe.Pointer(&s[0]))
		mbase[p] = uintptr(unsafe.Pointer(&m[0]))
	}
	copy(sptr, sbase)
	copy(mptr, mbase)
	a := args{slots: unsafe.Pointer(&slots[0]), mids: unsafe.Pointer(&mids[0]), shift: shift, midShift: mshift,
		pipe: &pipe[0], mpipe: &mpipe[0], w: *w, pbits: uint64(*pbits),
		sptr: &sptr[0], mptr: &mptr[0], sbase: &sbase[0], mbase: &mbase[0]}
	junk := make([]uint64, *thrash<<17)
	var times []float64
	var miss int
	for range *reps {
		miss = 0
		var other time.Duration
		t0 := time.Now()
		prev := 0
		for _, e := range bounds {
			if len(junk) > 0 {
				t := time.Now()
				for i := 0; i < len(junk); i += 8 {
					junk[i]++
				}
				other += time.Since(t)
			}
			a.st, a.n = &st[3*prev], e-prev
			if *mode == "window" {
				miss += windowCount(&a)
			} else {
				miss += partCount(&a)
			}
			prev = e
		}
		times = append(times, float64((time.Since(t0)-other).Nanoseconds())/float64(n))
	}
	sort.Float64s(times)
	name := *mode
	switch {
	case *mode == "part":
		name += fmt.Sprintf(" -p %d", *pbits)
	case *sorted:
		name += " -sorted"
	}
	fmt.Printf("%s -thrash %d: ns a token min %.3f median %.3f max %.3f (%d misses)\n",
		name, *thrash, times[0], times[len(times)/2], times[len(times)-1], miss)
	if len(bufs) != 2*P {
		panic("partition buffers")
	}
}

// stream returns the hashes of the tokens of at most 16 bytes of the first
// size bytes of text of corpus (3 words a token) and the token count at
// the end of each batch of 700 texts.
func stream(corpus string, size int64) ([]uint64, []int) {
	f, err := os.Open(corpus)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var st []uint64
	var bounds []int
	var tz stats.Tokenizer
	var n int64
	texts := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n < size && sc.Scan() {
		var r struct{ Text *string }
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == nil {
			continue
		}
		text := []byte(*r.Text)
		n += int64(len(text))
		for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
			switch l := len(tok); {
			case l <= 8:
				var k uint64
				for i := l - 1; i >= 0; i-- {
					k = k<<8 | uint64(tok[i])
				}
				st = append(st, (k^seed)*fib, 0, 0)
			case l <= 16:
				var w0, w1 uint64
				for i := 7; i >= 0; i-- {
					w0 = w0<<8 | uint64(tok[i])
				}
				for i := l - 1; i >= 8; i-- {
					w1 = w1<<8 | uint64(tok[i])
				}
				h := (w0^midSeed0)*fib ^ (w1^midSeed1)*fib2
				st = append(st, h^h>>29, w0, w1)
			}
		}
		if texts++; texts%700 == 0 {
			bounds = append(bounds, len(st)/3)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return st, append(bounds, len(st)/3)
}
