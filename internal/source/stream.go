package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
)

// Stream is an input that can be read only once: standard input, a pipe, a
// FIFO, a character device. Its bytes are read by one goroutine (the pump)
// so that every read can give up when its context is done: a read of a
// pipe whose writer is idle, or of a terminal, blocks in the kernel and
// cannot be interrupted otherwise.
//
// Every byte is taken from the pump exactly once. Bytes looked at before
// the scan (the format's magic number, the probe of the first records) are
// kept and replayed to the next reader, so sniffing and probing cost no
// second read. The bytes taken are hashed and counted as they go (the
// profile's manifest needs their SHA-256), and, when a later pass will
// need them again, copied to a spool file in $TMPDIR as they are read.
//
// A stream is used by one goroutine at a time (Expand, then Run's checks,
// then Run's producer); only the pump runs alongside.
type Stream struct {
	name string
	f    *os.File
	own  bool // f was opened here (not os.Stdin): close it at the end

	startOnce sync.Once
	data      chan []byte   // filled buffers, from the pump
	free      chan []byte   // buffers back to the pump
	stop      chan struct{} // closed by close: the pump stops
	stopOnce  sync.Once
	perr      error // the pump's last error (io.EOF at the end); read after data is closed
	cur       []byte
	curBuf    []byte

	head      []byte // bytes taken but not yet consumed: replayed first
	rec       []byte // bytes consumed while recording
	recording bool

	live     int64 // bytes taken from the pump
	sum      hash.Hash
	ended    bool  // the pump is done
	endErr   error // nil: read to the end
	consumed bool  // a scan has read it; it cannot be read again but from its spool

	spool     *os.File // the copy being written, or nil
	spoolPath string   // path of the copy, removed by close
	spoolErr  error
}

// streamBufs and streamBufSize bound what the pump reads ahead.
const (
	streamBufs    = 4
	streamBufSize = 256 << 10
)

func newStream(name string, f *os.File, own bool) *Stream {
	return &Stream{name: name, f: f, own: own, sum: sha256.New()}
}

// openStream opens a FIFO, pipe or device by name. Opening a FIFO for
// reading blocks until a writer opens it, in a system call that ignores
// signals; so the open runs in its own goroutine, and when ctx is done
// first, the FIFO is opened for writing (without blocking) and closed at
// once, which lets the blocked open return, and the file it opened is
// closed.
func openStream(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// OpenContext opens path for reading as os.Open does, except that waiting
// ends when ctx is done: for a FIFO's writer to open it (OpenContext then
// returns ctx's error), or for its next bytes (reads then fail). For the
// small files of other commands (profiles) that may be FIFOs.
func OpenContext(ctx context.Context, path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil || st.Mode().IsRegular() {
		return os.Open(path)
	}
	f, err := openStream(ctx, path)
	if err != nil {
		return nil, err
	}
	// A FIFO's reads go through the runtime's poller, so a deadline ends
	// them.
	context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	return f, nil
}

func (s *Stream) start() {
	s.startOnce.Do(func() {
		s.data = make(chan []byte, streamBufs)
		s.free = make(chan []byte, streamBufs)
		s.stop = make(chan struct{})
		for range streamBufs - 1 { // one is with the reader
			s.free <- make([]byte, streamBufSize)
		}
		go s.pump(make([]byte, streamBufSize))
	})
}

// pump reads the file into buffers until its end, an error, or close.
func (s *Stream) pump(buf []byte) {
	defer close(s.data)
	for {
		n, err := s.f.Read(buf)
		if n > 0 {
			select {
			case s.data <- buf[:n]:
			case <-s.stop:
				return
			}
			select {
			case buf = <-s.free:
			case <-s.stop:
				return
			}
		}
		if err != nil {
			s.perr = err
			return
		}
	}
}

// Reader returns a reader of the stream whose reads end with ctx's error
// when ctx is done.
func (s *Stream) Reader(ctx context.Context) io.Reader { return &streamReader{s, ctx} }

type streamReader struct {
	s   *Stream
	ctx context.Context
}

func (r *streamReader) Read(p []byte) (int, error) { return r.s.read(r.ctx, p) }

func (s *Stream) read(ctx context.Context, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(s.head) > 0 {
		n := copy(p, s.head)
		s.head = s.head[n:]
		if s.recording {
			s.rec = append(s.rec, p[:n]...)
		}
		return n, nil
	}
	for len(s.cur) == 0 {
		if s.ended {
			if s.endErr != nil {
				return 0, s.endErr
			}
			return 0, io.EOF
		}
		if s.curBuf != nil {
			s.free <- s.curBuf[:cap(s.curBuf)] // never blocks: free holds every buffer
			s.curBuf = nil
		}
		s.start()
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		select {
		case b, ok := <-s.data:
			if !ok {
				s.end()
				continue
			}
			s.cur, s.curBuf = b, b
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	n := copy(p, s.cur)
	s.cur = s.cur[n:]
	if err := s.take(p[:n]); err != nil {
		return n, err
	}
	if s.recording {
		s.rec = append(s.rec, p[:n]...)
	}
	return n, nil
}

// take accounts for bytes read from the pump for the first time.
func (s *Stream) take(b []byte) error {
	s.live += int64(len(b))
	s.sum.Write(b)
	if s.spool != nil && s.spoolErr == nil {
		if _, err := s.spool.Write(b); err != nil {
			s.spoolErr = fmt.Errorf("%s: keep a copy in %s: %w", s.name, s.spoolPath, err)
		}
	}
	return s.spoolErr
}

// end records how the pump ended and closes the spool.
func (s *Stream) end() {
	s.ended = true
	if !errors.Is(s.perr, io.EOF) {
		s.endErr = s.perr
		if s.endErr == nil {
			s.endErr = errors.New("stream closed")
		}
	}
	if s.spool != nil {
		if err := s.spool.Close(); err != nil && s.spoolErr == nil {
			s.spoolErr = fmt.Errorf("%s: keep a copy in %s: %w", s.name, s.spoolPath, err)
		}
		s.spool = nil
	}
}

// peek returns up to n first bytes of the stream and leaves them to be
// read again.
func (s *Stream) peek(ctx context.Context, n int) ([]byte, error) {
	s.StartRecording()
	buf := make([]byte, n)
	m, err := io.ReadFull(s.Reader(ctx), buf)
	s.Rewind()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil
	}
	return buf[:m], err
}

// StartRecording keeps the bytes read from now on, for Rewind.
func (s *Stream) StartRecording() {
	s.recording = true
	s.rec = s.rec[:0]
}

// Rewind makes the bytes read since StartRecording the next ones read.
func (s *Stream) Rewind() {
	s.recording = false
	s.head = append(s.rec, s.head...)
	s.rec = nil
}

// SpoolTo starts keeping a copy of the stream in a temporary file; the
// bytes already taken (all of them still to be replayed) are written
// first. It must come before the stream is read past what was replayed.
func (s *Stream) SpoolTo() error {
	if s.spool != nil || s.spoolPath != "" {
		return nil
	}
	if s.consumed || s.live != int64(len(s.head)) {
		return fmt.Errorf("%s: the stream was read before it could be kept", s.name)
	}
	f, err := os.CreateTemp("", "dataaudit-spool-*")
	if err != nil {
		return fmt.Errorf("%s: keep a copy: %w", s.name, err)
	}
	s.spool, s.spoolPath = f, f.Name()
	if _, err := f.Write(s.head); err != nil {
		s.spoolErr = fmt.Errorf("%s: keep a copy in %s: %w", s.name, s.spoolPath, err)
		return s.spoolErr
	}
	if s.ended {
		s.end()
	}
	return nil
}

// SpoolAll reads the whole stream into its spool.
func (s *Stream) SpoolAll(ctx context.Context) error {
	if err := s.SpoolTo(); err != nil {
		return err
	}
	s.consumed = true
	buf := make([]byte, 64<<10)
	for {
		_, err := s.read(ctx, buf)
		if errors.Is(err, io.EOF) {
			return s.spoolErr
		}
		if err != nil {
			return err
		}
	}
}

// Kept reports whether the whole stream is in its spool file.
func (s *Stream) Kept() bool {
	return s.ended && s.endErr == nil && s.spoolPath != "" && s.spool == nil && s.spoolErr == nil
}

// Consumed reports whether a scan has read the stream (see
// MarkConsumed): it cannot be read again but from its spool.
func (s *Stream) Consumed() bool { return s.consumed }

// MarkConsumed records that a scan is reading the stream.
func (s *Stream) MarkConsumed() { s.consumed = true }

// Live returns the number of bytes taken from the stream so far; once it
// is Kept, the size of its copy.
func (s *Stream) Live() int64 { return s.live }

// SpoolErr returns why the copy of the stream is not whole (a write to
// $TMPDIR failed), or nil.
func (s *Stream) SpoolErr() error { return s.spoolErr }

// digest returns the SHA-256 of the stream, once read to its end.
func (s *Stream) digest() (string, bool) {
	if !s.ended || s.endErr != nil {
		return "", false
	}
	return hex.EncodeToString(s.sum.Sum(nil)), true
}

// close stops the pump, closes the file if it was opened here and removes
// the spool.
func (s *Stream) close() error {
	s.stopOnce.Do(func() {
		if s.stop != nil {
			close(s.stop)
		}
	})
	var err error
	if s.own {
		err = s.f.Close() // a pump blocked reading a FIFO returns
	}
	if s.spool != nil {
		s.spool.Close()
		s.spool = nil
	}
	if s.spoolPath != "" {
		if rerr := os.Remove(s.spoolPath); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
			err = rerr
		}
	}
	return err
}
