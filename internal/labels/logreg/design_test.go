package logreg

import (
	"bufio"
	"encoding/binary"
	"flag"
	"hash/fnv"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var designIn = flag.String("design", "", "TestDesignFile: a design in svmlight form (labels' TestPeerDesign writes one)")

// readSVMLight reads a design written by WriteSVMLight: class, qid =
// fold + 1, 1-based local features and values.
func readSVMLight(t testing.TB, path string) *Design {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := &Design{ptr: []int{0}}
	nf := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		y, _ := strconv.Atoi(fs[0])
		q, _ := strconv.Atoi(strings.TrimPrefix(fs[1], "qid:"))
		for _, e := range fs[2:] {
			c, v, _ := strings.Cut(e, ":")
			ci, _ := strconv.Atoi(c)
			vf, _ := strconv.ParseFloat(v, 32)
			d.col = append(d.col, int32(ci-1))
			d.val = append(d.val, float32(vf))
			nf = max(nf, ci)
		}
		d.ptr = append(d.ptr, len(d.col))
		d.y = append(d.y, int32(y))
		d.fold = append(d.fold, int32(q-1))
		d.C = max(d.C, y+1)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	d.buckets = make([]uint32, nf)
	for i := range d.buckets {
		d.buckets[i] = uint32(i)
	}
	d.K = d.C
	if d.C == 2 {
		d.K = 1
	}
	return d
}

// TestDesignFile fits a design read from -design and logs the time, the
// C chosen and the out-of-fold log loss and accuracy: a harness for
// measuring the fit alone. Skipped without -design.
func TestDesignFile(t *testing.T) {
	if *designIn == "" {
		t.Skip("needs -design")
	}
	d := readSVMLight(t, *designIn)
	if d.K > 1 {
		d.transpose()
	}
	t.Logf("%d rows, %d features, %d entries, %d classes", len(d.y), len(d.buckets), len(d.col), d.C)
	start, cpu0 := time.Now(), cpuTime()
	xs, c := d.fitFolds(5)
	el := time.Since(start)
	t.Logf("cpu %.3f s", cpuTime()-cpu0)
	probs := d.Probs(xs)
	var loss float64
	correct := 0
	for i, p := range probs {
		loss -= math.Log(max(p[d.y[i]], 1e-15))
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		if best == int(d.y[i]) {
			correct++
		}
	}
	h := fnv.New64a()
	for _, p := range probs {
		for _, v := range p {
			binary.Write(h, binary.LittleEndian, v)
		}
	}
	t.Logf("fit %v, C=%g, oof log loss %.9f, accuracy %.4f, probs hash %x", el, c, loss/float64(len(probs)), float64(correct)/float64(len(probs)), h.Sum64())
}

func init() {
	dualTrace = func(seed uint64, c, loose float64, passes, entries int) {
		if *designIn != "" {
			println("dual fold", seed, "C", int(c), "loose", int(loose), "passes", passes, "entries", entries)
		}
	}
}

// cpuTime is the process's user + system time in seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
