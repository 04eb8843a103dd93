package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// progress shows one read's bar on stderr, named by its phase ("reading",
// "label checks"), but only when stderr is a terminal, only after 200 ms
// (a quick read shows nothing), and never with --quiet. Each read has its
// own bar, cleared when the read ends.
type progress struct {
	done  atomic.Int64
	stop  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	total int64
	phase string
	start time.Time
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func startProgress(stderr io.Writer, phase string, total int64, quiet bool) *progress {
	p := &progress{stop: make(chan struct{}), total: total, phase: phase, start: time.Now()}
	stderr = termsafe.Raw(stderr) // the bar's \r and escapes are its own
	if quiet || !isTerminal(stderr) {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.stop:
			return
		case <-time.After(200 * time.Millisecond):
		}
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			fmt.Fprint(stderr, "\r"+barLine(p.phase, p.done.Load(), p.total, time.Since(p.start))+"\x1b[K")
			select {
			case <-p.stop:
				fmt.Fprint(stderr, "\r\x1b[K")
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// add is called by workers with the input bytes they finished.
func (p *progress) add(n int64) { p.done.Add(n) }

func (p *progress) finish() {
	p.once.Do(func() {
		close(p.stop)
		p.wg.Wait()
	})
}

// ProgressHook is the audit.Hooks.Progress of a command: a bar for each
// read on a terminal unless quiet.
func ProgressHook(stderr io.Writer, quiet bool) func(phase string, total int64) (func(int64), func()) {
	return func(phase string, total int64) (func(int64), func()) {
		p := startProgress(stderr, phase, total, quiet)
		return p.add, p.finish
	}
}

// A rate is shown only after rateAfter and rateBytes: the first chunks
// finish in bursts (a worker hands in 512 KiB at once; a second read is
// served from the page cache), and a rate over a few milliseconds is
// noise, such as 7.0 TB/s.
const (
	rateAfter = time.Second
	rateBytes = 4 << 20
)

// barLine is a read's line: its phase, the share done and a bar when the
// total is known (total < 0: a stream; 0: a phase that reads nothing,
// which shows its time only), the bytes, the rate once it
// means something, and the time taken.
//
//	label checks  45% [#########...........]  120 MB / 260 MB  85 MB/s  3s
func barLine(phase string, done, total int64, elapsed time.Duration) string {
	const width = 20
	var b strings.Builder
	b.WriteString(phase)
	if total == 0 {
		fmt.Fprintf(&b, "  %ds", int(elapsed.Seconds()))
		return b.String()
	}
	if total > 0 {
		done = min(done, total)
		n := int(int64(width) * done / total)
		fmt.Fprintf(&b, " %3d%% [%s%s]  %s / %s", 100*done/total, strings.Repeat("#", n), strings.Repeat(".", width-n), byteSize(done), byteSize(total))
	} else {
		fmt.Fprintf(&b, "  %s", byteSize(done))
	}
	if elapsed >= rateAfter && done >= rateBytes {
		fmt.Fprintf(&b, "  %s/s", byteSize(int64(float64(done)/elapsed.Seconds())))
	}
	fmt.Fprintf(&b, "  %ds", int(elapsed.Seconds()))
	return b.String()
}

// byteSize says n bytes in decimal units, as the rates of the report do:
// 999 B, 1.5 kB, 120 MB.
func byteSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	x := float64(n)
	unit := ""
	for _, u := range []string{"kB", "MB", "GB", "TB", "PB"} {
		x /= 1000
		unit = u
		if x < 1000 {
			break
		}
	}
	if x < 10 {
		return fmt.Sprintf("%.1f %s", x, unit)
	}
	return fmt.Sprintf("%.0f %s", x, unit)
}
