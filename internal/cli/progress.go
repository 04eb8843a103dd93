package cli

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// progress shows a byte progress bar on stderr, but only when stderr is a
// terminal (progressbar/v3 does not check), only after 200 ms (a quick run
// shows nothing), and never with --quiet.
type progress struct {
	done  atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
	total int64
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func startProgress(stderr io.Writer, total int64, quiet bool) *progress {
	p := &progress{stop: make(chan struct{}), total: total}
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
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("scanning"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				_ = bar.Set64(p.done.Load())
				_ = bar.Clear()
				return
			case <-t.C:
				_ = bar.Set64(p.done.Load())
			}
		}
	}()
	return p
}

// add is called by workers with the input bytes they finished.
func (p *progress) add(n int64) { p.done.Add(n) }

func (p *progress) finish() {
	close(p.stop)
	p.wg.Wait()
}

// ProgressHook is the audit.Hooks.Progress of a command: a bar on a
// terminal unless quiet.
func ProgressHook(stderr io.Writer, quiet bool) func(total int64) (func(int64), func()) {
	return func(total int64) (func(int64), func()) {
		p := startProgress(stderr, total, quiet)
		return p.add, p.finish
	}
}
