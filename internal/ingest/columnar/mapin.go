package columnar

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// MapPages turns on reading a local file's text column chunks through a
// read-only mapping (mapIn) where pageText reads them. A variable so that
// tests read the same files through pread(2) too and compare.
var MapPages = true

// MapWindow is how much of a column chunk mapIn maps at a time: the
// pages it has read are unmapped when it maps the next window, so that a
// decoder's mapped pages (they count in the resident set) stay under it.
// A variable so that tests cross windows often (a multiple of the page
// size).
var MapWindow int64 = 4 << 20

// mappedWindows counts the windows mapIn mapped (see MappedWindows).
var mappedWindows atomic.Int64

// MappedWindows returns how many windows of files pageText has mapped in
// this process: tests tell with it that a file was read mapped.
func MappedWindows() int64 { return mappedWindows.Load() }

// MapFault is a mapped read that faulted: the file was cut short (or
// could not be read) while it was mapped.
type MapFault struct {
	Path string
	Off  int64 // the file offset of the byte that could not be read
}

func (e *MapFault) Error() string {
	return fmt.Sprintf("%s: byte %d could not be read: the file was cut short (or failed) while it was read", e.Path, e.Off)
}

// mapIn reads the bytes start to end of a regular file through read-only
// mappings of it, mapWindow bytes at a time, for pageText: what it
// reads is copied from the page cache's pages, with no pread(2) and no
// buffer between (bufio's, which pageText reads the file through
// otherwise).
//
// A file cut short while it is mapped raises SIGBUS on the next access
// of a page past its new end: every access is made with
// debug.SetPanicOnFault on and the panic recovered (guard), so that it
// becomes a MapFault, naming the file and the byte, that Read returns
// and keeps returning; readDirect reports the rest of the row group
// unreadable with it (pqarrow, reading on with pread(2), would report an
// EOF of its own), and Run's input_changed record follows. A cut inside
// a page leaves that page's bytes past the new end as zeros, not a
// fault: pageText reads them as the page's (a header or value that does
// not parse stops it, as a damaged page does), and input_changed says
// the counts are of neither version, as for a file rewritten under
// pread(2). Object stores, streams (their spooled copies too) and files
// that are not regular keep the bufio path, as does any platform but
// 64-bit Linux (canMap).
//
// Why (session 23): on the benchmark Parquet's default audit the
// kernel's copy of the compressed pages into bufio's buffer
// (_copy_to_iter) was ~2.9% of samples. Session 19 built the same for
// the JSONL (internal/ingest/textread's doc) and found the copy's cost
// moved into the mapping; a Parquet's compressed bytes are garbage once
// decompressed, so no page has to be dropped behind the readers, only
// the window unmapped. What is saved is one copy (bufio's buffer into
// zstd's block buffer, or snappy's input buffer): the decoder's own
// copy out of the mapping now reads the page cache from DRAM, as the
// kernel's copy did.
//
// Measured (main 35f8541, /usr/bin/time, runs 3 s apart, alternated,
// exclusive CPU lock, load 0.6-1.1; CPU = user + sys):
//   - Fault counts (perf record -e page-faults -c 1): the window's
//     first touches are minor faults on cached pages, 16 pages each
//     (fault-around): zstd's readBig 73 faults a run through bufio, 1,117
//     mapped; the rest as before (30,648 and 30,883 in all).
//   - Benchmark Parquet, 6 rounds: CPU 1.660 s (1.52-1.85) to 1.627
//     (1.45-1.80), sys 0.380 to 0.288, user 1.280 to 1.338; wall 0.972
//     to 0.948; peak RSS 149.0 to 145.0 MB; faults 30,756 to 30,542.
//   - MAP_POPULATE (each window's pages mapped by mmap, no faults)
//     in the same rounds: CPU 1.605, but faults 32,083 (ru_minflt
//     counts the populate's) and peak RSS 150.9 MB; not kept.
//   - Windows of 1, 4 and 16 MiB (2 unlocked runs each, load 10)
//     were not told apart in faults or peak RSS; 4 MiB bounds what a
//     decoder holds mapped. A binary run right after it was linked
//     showed ~9 MB more file RSS than the same binary copied (the page
//     cache's folios of a fresh file): compare copies.
//   - DuckDB's snappy layout (/tmp/lead/c200-snappy-rg122k.parquet),
//     the same 6 rounds: CPU 1.662 s (1.48-1.77) to 1.617 (1.39-1.73),
//     sys 0.418 to 0.272, user 1.243 to 1.345; wall 0.952 to 0.903;
//     peak RSS 176.2 to 174.2 MB; faults 37,898 to 38,677.
//   - One row group (/tmp/lead/c200-zstd-rg1m.parquet), 3 rounds only
//     (the CPU lock's queue; load 2-4): CPU 1.970 s (1.75-2.28) to
//     1.990 (1.75-2.35), sys 0.513 to 0.437, user 1.457 to 1.553; peak
//     RSS 178.6 to 173.9 MB; faults 38,349 to 38,687: not told apart.
//
// Of those 12 pairs of rounds, 8 were lower mapped, 1 equal, 3 higher;
// sys was lower in all 12. The user time that rose is the decoder's copy
// out of the mapping and the window's faults.
type mapIn struct {
	f          *os.File
	start, end int64
	base       int64  // the file offset of win[0]
	win        []byte // the mapped window, nil when none is
	at         int    // the next byte of win to read
	err        error  // a MapFault, once one happened
}

// open makes m read the bytes start to end of f, mapping the first
// window; false if the platform or the mapping says no (the caller then
// reads the file as it did).
func (m *mapIn) open(f *os.File, start, end int64) bool {
	m.close()
	*m = mapIn{f: f, start: start, end: end}
	return m.mapAt(start) == nil
}

// close unmaps the window.
func (m *mapIn) close() {
	if m.win != nil {
		unmapFile(m.win)
		m.win = nil
	}
	m.f = nil
}

// pos is the file offset of the next byte Read returns.
func (m *mapIn) pos() int64 { return m.base + int64(m.at) }

// seek moves to file offset off (start to end).
func (m *mapIn) seek(off int64) error {
	if m.err != nil {
		return m.err
	}
	if m.win != nil && off >= m.base && off <= m.base+int64(len(m.win)) {
		m.at = int(off - m.base)
		return nil
	}
	return m.mapAt(off)
}

// mapAt maps the window holding file offset off (from the page it is in)
// and moves to it.
func (m *mapIn) mapAt(off int64) error {
	if m.win != nil {
		unmapFile(m.win)
		m.win = nil
	}
	if off < m.start || off > m.end {
		return errPages
	}
	if off == m.end {
		m.base, m.at = off, 0
		return nil
	}
	base := off &^ int64(os.Getpagesize()-1)
	win, err := mapFile(m.f, base, int(min(m.end-base, MapWindow)))
	if err != nil {
		return err
	}
	m.base, m.win, m.at = base, win, int(off-base)
	mappedWindows.Add(1)
	return nil
}

func (m *mapIn) Read(p []byte) (n int, err error) {
	if m.err != nil {
		return 0, m.err
	}
	if m.at == len(m.win) {
		if m.pos() >= m.end {
			return 0, io.EOF
		}
		if err := m.mapAt(m.pos()); err != nil {
			return 0, err
		}
	}
	defer m.guard(debug.SetPanicOnFault(true), &err)
	n = copy(p, m.win[m.at:])
	m.at += n
	return n, nil
}

func (m *mapIn) ReadByte() (b byte, err error) {
	if m.err == nil && m.at < len(m.win) {
		defer m.guard(debug.SetPanicOnFault(true), &err)
		b = m.win[m.at]
		m.at++
		return b, nil
	}
	var one [1]byte
	if _, err := m.Read(one[:]); err != nil {
		return 0, err
	}
	return one[0], nil
}

// guard, deferred around an access of the window, turns a fault in it
// into a MapFault in *err (and in m.err, so that the read stops there),
// and sets the goroutine's SetPanicOnFault back to old. A panic of any
// other kind goes on.
func (m *mapIn) guard(old bool, err *error) {
	debug.SetPanicOnFault(old)
	v := recover()
	if v == nil {
		return
	}
	e, ok := v.(interface{ Addr() uintptr })
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(m.win)))
	if !ok || e.Addr() < lo || e.Addr() >= lo+uintptr(len(m.win)) {
		panic(v)
	}
	m.err = &MapFault{Path: m.f.Name(), Off: m.base + int64(e.Addr()-lo)}
	*err = m.err
}
