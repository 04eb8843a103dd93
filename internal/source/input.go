package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Format is the format of an input file.
type Format uint8

// The input formats.
const (
	JSONL Format = iota
	Parquet
	// JSONArray is one JSON array of objects (a .json file, or a stream,
	// whose first byte other than white space is '['), read element by
	// element.
	JSONArray
	// CSV and TSV are comma- and tab-separated values with a header row.
	CSV
	TSV
	// Arrow is an Arrow IPC stream or file (what Hugging Face datasets
	// writes as .arrow).
	Arrow
)

func (f Format) String() string {
	switch f {
	case Parquet:
		return "parquet"
	case JSONArray:
		return "json"
	case CSV:
		return "csv"
	case TSV:
		return "tsv"
	case Arrow:
		return "arrow"
	}
	return "jsonl"
}

// Text reports whether the format is text read through Decompress (JSONL,
// a JSON array, CSV, TSV).
func (f Format) Text() bool { return f == JSONL || f == JSONArray || f == CSV || f == TSV }

// Lined reports whether the format's record positions are lines (JSONL,
// CSV, TSV); a JSON array's are elements, a Parquet or Arrow file's rows.
func (f Format) Lined() bool { return f == JSONL || f == CSV || f == TSV }

// Compression is the compression of a JSONL file.
type Compression uint8

// The compressions of JSONL files; Parquet compresses inside the file.
const (
	None Compression = iota
	Gzip
	Zstd
)

func (c Compression) String() string {
	switch c {
	case Gzip:
		return "gzip"
	case Zstd:
		return "zstd"
	}
	return "none"
}

// Input is one file to read.
type Input struct {
	// Path names the input as given: a file, a FIFO, /dev/stdin; "<stdin>"
	// for "-" (standard input).
	Path        string
	Format      Format
	Compression Compression
	// Size is the file's size when Expand found it; 0 for a stream, whose
	// size is known once read (see Bytes).
	Size int64

	modTime time.Time
	src     *Stream // a pipe, FIFO, device or standard input: read once
	obj     *object // an object in a bucket (s3://, gs://, ...): see remote.go
	err     error   // why the input cannot be read: Run reports it
}

// StdinName is the Path of standard input ("-" on the command line).
const StdinName = "<stdin>"

// IsStream reports whether the input can be read only once (standard
// input, a pipe, a FIFO, a device): a second pass over it reads the copy
// Run keeps with Options.Spool, or fails.
func (in Input) IsStream() bool { return in.src != nil }

// Err returns why the input cannot be read at all (a file without read
// permission, a link loop), or nil. Run reports it as an unreadable_input
// record.
func (in Input) Err() error { return in.err }

// Bytes returns the input's size: its size on disk, or for a stream the
// number of bytes read from it so far.
func (in Input) Bytes() int64 {
	if in.src != nil {
		return in.src.live
	}
	return in.Size
}

// Digest returns the hex SHA-256 of a stream that was read to its end, and
// false for a file (hash the file) or a stream not read to its end.
func (in Input) Digest() (string, bool) {
	if in.src == nil {
		return "", false
	}
	return in.src.digest()
}

// Stream returns the stream the input reads, or nil for a file.
func (in Input) Stream() *Stream { return in.src }

// ModTime is the file's modification time when Expand found it (zero for a
// stream).
func (in Input) ModTime() time.Time { return in.modTime }

// Open opens the file that holds the input's bytes: the file itself, the
// object (read with ranged requests), or for a stream, the copy Run kept of
// it (Options.Spool).
func (in Input) Open() (File, error) {
	if in.err != nil {
		return nil, in.err
	}
	if in.obj != nil {
		return newObjectFile(context.Background(), in), nil
	}
	f, err := os.Open(in.diskPath())
	if err != nil {
		return nil, err // not a nil *os.File in a non-nil File
	}
	return f, nil
}

// diskPath is the path to open for the input's bytes.
func (in Input) diskPath() string {
	if in.src != nil {
		if in.src.Kept() {
			return in.src.spoolPath
		}
		return in.src.name // fails to open, or opens a new stream: see Open
	}
	return in.Path
}

// ErrStreamGone is what reading a stream a second time, without a copy,
// gives.
func (in Input) ErrStreamGone() error {
	return fmt.Errorf("%s: a pipe, FIFO or standard input can be read only once, and no copy of it was kept", in.Path)
}

// Close closes the streams among inputs and removes the copies kept of
// them. The inputs cannot be read afterwards.
func Close(inputs []Input) error {
	var first error
	for _, in := range inputs {
		if in.src != nil {
			if err := in.src.close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// Spool reads every stream among inputs into a temporary file, so that
// they can be read several times (by Run or Open), and calls notify (if not
// nil) for each. A stream that cannot be read to its end is left as it is:
// Run reports it. Close removes the copies.
func Spool(ctx context.Context, inputs []Input, notify func(string)) error {
	for _, in := range inputs {
		if in.src == nil || in.src.Kept() || in.err != nil {
			continue
		}
		if notify != nil {
			notify(SpoolNote(in))
		}
		if err := in.src.SpoolAll(ctx); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// SpoolNote is the note shown (through Options.Notify of internal/ingest)
// when a copy of the stream in is kept in $TMPDIR.
func SpoolNote(in Input) string {
	if in.Format == Parquet {
		return fmt.Sprintf("%s is a Parquet stream: copying it to %s first, as Parquet needs random access (removed at the end)", in.Path, os.TempDir())
	}
	if in.Format == Arrow {
		return fmt.Sprintf("%s is an Arrow stream: copying it to %s first (removed at the end)", in.Path, os.TempDir())
	}
	return fmt.Sprintf("%s is a stream: keeping a copy in %s for a second read (removed at the end)", in.Path, os.TempDir())
}

var (
	magicArrow   = []byte("ARROW1")
	magicIPC     = []byte{0xff, 0xff, 0xff, 0xff} // an IPC stream's first message
	magicParquet = []byte("PAR1")
	magicGzip    = []byte{0x1f, 0x8b}
	magicZstd    = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// dataExt reports whether a file found while walking a directory is one
// to read: only names with a known extension are, so a directory can hold
// READMEs and checksums.
func dataExt(name string) bool { return skipReason(name) == "" }

// trimCompression drops a compression suffix from a lower-case name.
func trimCompression(n string) string {
	for _, c := range []string{".gz", ".zst", ".zstd"} {
		n = strings.TrimSuffix(n, c)
	}
	return n
}

// skipReason says why a directory walk does not read the file called
// name, or "" when it does.
func skipReason(name string) string {
	if strings.HasPrefix(name, ".") {
		return "hidden"
	}
	n := trimCompression(strings.ToLower(name))
	for _, ext := range []string{".jsonl", ".ndjson", ".parquet", ".pq", ".csv", ".tsv", ".arrow"} {
		if strings.HasSuffix(n, ext) {
			return ""
		}
	}
	// A .json that is not an array: in a data directory those are mostly
	// metadata (manifests, schemas, dataset cards, Hugging Face's
	// dataset_info.json and state.json). Named explicitly, it is read.
	if strings.HasSuffix(n, ".json") {
		return "a .json file in a directory is read only if it holds a JSON array; name it to read it as JSON Lines"
	}
	ext := filepath.Ext(n)
	if ext == "" {
		return "no extension"
	}
	return "unknown extension " + ext
}

// isArrayFile reports whether the file at path, called name, is a .json
// (.gz, .zst) holding a JSON array.
func isArrayFile(path, name string) bool {
	if !strings.HasSuffix(trimCompression(strings.ToLower(name)), ".json") {
		return false
	}
	in := detect(path)
	return in.err == nil && in.Format == JSONArray
}

// Skipped is a file a directory walk found and did not read.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Expand is ExpandContext without a context: opening a FIFO cannot be
// interrupted.
func Expand(args []string) ([]Input, error) {
	return ExpandContext(context.Background(), args)
}

// ExpandContext turns command-line arguments (files, directories, globs,
// FIFOs, "-" for standard input) into the list of inputs, in a
// deterministic order: arguments in the order given, and the files of a
// directory or glob sorted by path. A file named explicitly is read
// whatever its extension; a directory contributes the regular files below
// it with a known extension (a FIFO or device in it is skipped). A file is read once however often it is named, through
// whatever links or directories (files are told apart by device and
// inode); the first name it was found under names it.
//
// A path named explicitly that does not exist is an error. A file that
// exists but cannot be read (no permission, a symbolic link loop, a
// directory that cannot be listed) is an input that Run reports as an
// unreadable_input record, like a file cut short, and the run goes on.
//
// Streams (standard input, pipes, FIFOs) are opened here, once, and their
// first bytes read to find their format; ctx ends a wait for a FIFO's
// writer or for those bytes. Close closes them.
func ExpandContext(ctx context.Context, args []string) (inputs []Input, err error) {
	inputs, _, err = ExpandSkipped(ctx, args)
	return inputs, err
}

// ExpandSkipped is ExpandContext that also returns the files found in
// directories and not read, with why (an unknown extension, a hidden
// file), sorted by path. A hidden directory is one entry, not walked.
func ExpandSkipped(ctx context.Context, args []string) (inputs []Input, skipped []Skipped, err error) {
	type entry struct {
		path string
		st   os.FileInfo // nil for an entry that could not be looked at
		err  error
		obj  int // the number of objects an object URL gave (from objects)
	}
	var entries []entry
	seenPath := map[string]bool{}
	add := func(p string, st os.FileInfo, err error) {
		if !seenPath[p] {
			seenPath[p] = true
			entries = append(entries, entry{p, st, err, 0})
		}
	}
	var objects []Input
	for _, arg := range args {
		if IsURL(arg) {
			found, sk, err := expandURL(ctx, arg)
			if err != nil {
				return nil, nil, err
			}
			skipped = append(skipped, sk...)
			objects = append(objects, found...)
			entries = append(entries, entry{path: arg, obj: len(found)})
			continue
		}
		if arg == "-" {
			st, err := os.Stdin.Stat()
			add(arg, st, err)
			continue
		}
		st, err := os.Stat(arg) // follows links
		switch {
		case err == nil && st.IsDir():
			var found []string
			bad := map[string]error{}
			werr := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					if p == arg && d == nil {
						return err // the directory itself went away
					}
					bad[p] = err // a directory that cannot be listed: a finding
					found = append(found, p)
					return nil
				}
				if p != arg && d.IsDir() && strings.HasPrefix(d.Name(), ".") {
					skipped = append(skipped, Skipped{p + string(filepath.Separator), "hidden directory"})
					return filepath.SkipDir
				}
				if !d.IsDir() {
					if why := skipReason(d.Name()); why != "" && !isArrayFile(p, d.Name()) {
						skipped = append(skipped, Skipped{p, why})
					} else {
						found = append(found, p)
					}
				}
				return nil
			})
			if werr != nil {
				return nil, nil, fmt.Errorf("walk %s: %w", arg, werr)
			}
			if len(found) == 0 {
				return nil, nil, fmt.Errorf("%s: no .jsonl, .ndjson, .parquet, .csv, .tsv or .arrow files (also .gz, .zst) in this directory", arg)
			}
			sort.Strings(found)
			for _, p := range found {
				if err := bad[p]; err != nil {
					add(p, nil, err)
					continue
				}
				st, err := os.Stat(p)
				if err == nil && st.IsDir() {
					continue // a link to a directory: not followed, as WalkDir does not
				}
				if err == nil && !st.Mode().IsRegular() {
					// A FIFO would block the run for a writer, a device
					// never end: read only when named.
					skipped = append(skipped, Skipped{p, "not a regular file (a FIFO, socket or device): name it to read it"})
					continue
				}
				add(p, st, err)
			}
		case err == nil:
			add(arg, st, nil)
		case errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(arg, "*?["):
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, nil, fmt.Errorf("bad pattern %q: %w", arg, gerr)
			}
			n := 0
			for _, m := range matches {
				st, err := os.Stat(m)
				if err == nil && st.IsDir() {
					continue
				}
				add(m, st, err)
				n++
			}
			if n == 0 {
				return nil, nil, fmt.Errorf("%s: no files match", arg)
			}
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, err // a typo: nothing is read
		default:
			add(arg, nil, err) // a link loop, a directory without search permission
		}
	}

	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Path < skipped[j].Path })
	defer func() {
		if err != nil {
			Close(inputs)
			inputs, skipped = nil, nil
		}
	}()
	seen := map[fileID]bool{}
	seenObj := map[string]bool{}
	for _, e := range entries {
		if e.obj > 0 {
			for _, in := range objects[:e.obj] {
				if !seenObj[in.Path] {
					seenObj[in.Path] = true
					inputs = append(inputs, in)
				}
			}
			objects = objects[e.obj:]
			continue
		}
		if e.err != nil || e.st == nil {
			inputs = append(inputs, Input{Path: e.path, err: e.err})
			continue
		}
		if id, ok := idOf(e.st); ok {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		if e.path == "-" {
			if !takeStdin() {
				return inputs, nil, errors.New("-: standard input was read already (named by another argument): it can be read only once")
			}
			in := Input{Path: StdinName, src: newStream(StdinName, os.Stdin, false)}
			if err := sniffStream(ctx, &in); err != nil {
				return inputs, nil, err
			}
			inputs = append(inputs, in)
			continue
		}
		if !e.st.Mode().IsRegular() {
			f, err := openStream(ctx, e.path)
			if ctx.Err() != nil {
				return inputs, nil, ctx.Err()
			}
			if err != nil {
				inputs = append(inputs, Input{Path: e.path, err: err})
				continue
			}
			in := Input{Path: e.path, src: newStream(e.path, f, true)}
			if err := sniffStream(ctx, &in); err != nil {
				in.src.close()
				return inputs, nil, err
			}
			inputs = append(inputs, in)
			continue
		}
		inputs = append(inputs, detect(e.path))
	}
	return inputs, skipped, nil
}

// stdinTaken is the os.Stdin that an Expand has made an input of: standard
// input gives its bytes once, so a second Expand of "-" (compare - -) is an
// error, not an empty input. Tests that swap os.Stdin get a fresh one.
var stdinTaken struct {
	sync.Mutex
	f *os.File
}

func takeStdin() bool {
	stdinTaken.Lock()
	defer stdinTaken.Unlock()
	if stdinTaken.f == os.Stdin {
		return false
	}
	stdinTaken.f = os.Stdin
	return true
}

// sniffStream finds a stream's format from its first bytes, which stay to
// be read. A stream whose first bytes cannot be read is an unreadable
// input; only ctx's end is an error.
func sniffStream(ctx context.Context, in *Input) error {
	head, err := in.src.peek(ctx, 4)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		in.err = fmt.Errorf("%s: %w", in.Path, err)
		return nil
	}
	in.Format, in.Compression = sniff(head, in.Path)
	if why := notDecompressed(in.Format, head); why != "" {
		in.err = fmt.Errorf("%s: %s", in.Path, why)
		return nil
	}
	if maybeArray(in) {
		n := 512
		if in.Compression != None {
			n = 64 << 10
		}
		head, err := in.src.peek(ctx, n)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil && startsArray(*in, bytes.NewReader(head)) {
			in.Format = JSONArray
		}
	}
	if in.Format == JSONL && in.Path == StdinName {
		head, err := in.src.peek(ctx, 64<<10)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			in.Format = sniffDelimited(*in, head)
		}
	}
	return nil
}

// sniffDelimited tells CSV and TSV from JSON Lines on standard input, which
// has no name to go by: the stream is TSV when its first line (after a
// byte-order mark) does not start a JSON object or array and holds a tab,
// CSV when it holds a comma instead: a header row. Anything else stays
// JSONL, whose lines are then records, good or bad, as before.
func sniffDelimited(in Input, head []byte) Format {
	dr, closer, err := Decompress(in, bytes.NewReader(head))
	if err != nil {
		return JSONL
	}
	if closer != nil {
		defer closer.Close()
	}
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(dr, buf)
	line := bytes.TrimPrefix(buf[:n], []byte{0xEF, 0xBB, 0xBF})
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	t := bytes.TrimLeft(line, " \t\r")
	switch {
	case len(t) == 0 || t[0] == '{' || t[0] == '[':
		return JSONL
	case bytes.IndexByte(line, '\t') >= 0:
		return TSV
	case bytes.IndexByte(line, ',') >= 0:
		return CSV
	}
	return JSONL
}

// maybeArray reports whether an input sniffed as JSONL may be a JSON
// array: standard input, or a name ending .json (.gz, .zst), is one when
// its first byte other than white space is '['. A .jsonl file is not
// sniffed: its lines are records whatever they hold.
func maybeArray(in *Input) bool {
	if in.Format != JSONL {
		return false
	}
	return in.Path == StdinName || strings.HasSuffix(trimCompression(strings.ToLower(in.Path)), ".json")
}

// startsArray reports whether the raw bytes r of input in, decompressed,
// start with '[' after white space and a byte-order mark.
func startsArray(in Input, r io.Reader) bool {
	dr, closer, err := Decompress(in, r)
	if err != nil {
		return false
	}
	if closer != nil {
		defer closer.Close()
	}
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(dr, buf)
	b := bytes.TrimPrefix(buf[:n], []byte{0xEF, 0xBB, 0xBF})
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '['
}

// sniff finds a format from the first bytes of an input, falling back on
// its name: content wins, so a Parquet file named .jsonl is still read as
// Parquet, and a .parquet that is not one gets a precise error later.
func sniff(head []byte, path string) (Format, Compression) {
	lower := strings.ToLower(path)
	switch {
	case bytes.HasPrefix(head, magicParquet):
		return Parquet, None
	case strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".pq"):
		return Parquet, None // not a Parquet file: ingest's prepareParquet says why
	case bytes.HasPrefix(head, magicArrow) || strings.HasSuffix(lower, ".arrow"):
		return Arrow, None
	case bytes.HasPrefix(head, magicIPC) && path == StdinName:
		return Arrow, None
	}
	f, c := JSONL, None
	switch {
	case bytes.HasPrefix(head, magicGzip):
		c = Gzip
	case bytes.HasPrefix(head, magicZstd):
		c = Zstd
	}
	switch n := trimCompression(lower); {
	case strings.HasSuffix(n, ".csv"):
		f = CSV
	case strings.HasSuffix(n, ".tsv"):
		f = TSV
	}
	return f, c
}

// notDecompressed says what an input is when its first bytes are the
// magic number of a compression or archive format that is not read
// (bzip2, xz, lz4, zip, 7z), or "". Such an input is unreadable, saying
// so: read as text, its binary bytes were hundreds of invalid_json (or
// CSV) bad records counted as records read.
func notDecompressed(f Format, head []byte) string {
	if f != JSONL && f != CSV && f != TSV {
		return ""
	}
	switch {
	case len(head) >= 4 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9':
		return "bzip2-compressed, which is not read: decompress it first (bzip2 -d)"
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X'}):
		return "xz-compressed, which is not read: decompress it first (xz -d)"
	case bytes.HasPrefix(head, []byte{0x04, 0x22, 0x4d, 0x18}):
		return "lz4-compressed, which is not read: decompress it first (lz4 -d)"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive, which is not read: extract it first (unzip)"
	case bytes.HasPrefix(head, []byte{'7', 'z', 0xbc, 0xaf}):
		return "a 7z archive, which is not read: extract it first (7z x)"
	}
	return ""
}

// detect finds a regular file's format from its first bytes (see sniff). A
// file that cannot be opened is an input Run reports as unreadable.
func detect(path string) Input {
	in := Input{Path: path}
	f, err := os.Open(path)
	if err != nil {
		in.err = err
		return in
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		in.err = err
		return in
	}
	in.Size, in.modTime = st.Size(), st.ModTime()
	head := make([]byte, 4)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		in.err = fmt.Errorf("%s: %w", path, err) // a directory named .jsonl, an I/O error
		return in
	}
	in.Format, in.Compression = sniff(head[:n], path)
	if why := notDecompressed(in.Format, head[:n]); why != "" {
		in.err = fmt.Errorf("%s: %s", path, why)
		return in
	}
	if maybeArray(&in) {
		if _, err := f.Seek(0, io.SeekStart); err == nil && startsArray(in, f) {
			in.Format = JSONArray
		}
	}
	return in
}

// OpenJSONL opens a JSONL input for reading, decompressing it if needed.
// Its lines are numbered as Run numbers them. A stream is read from the
// copy Run kept of it (Options.Spool).
func OpenJSONL(in Input) (io.ReadCloser, error) {
	r, _, closer, err := openJSONL(in)
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{r, closer}, nil
}

// openJSONL opens a JSONL file for reading, decompressing it if needed. The
// returned counter reports how many bytes of the file were read.
func openJSONL(in Input) (io.Reader, *CountingReader, io.Closer, error) {
	if in.src != nil && !in.src.Kept() {
		return nil, nil, nil, in.ErrStreamGone()
	}
	f, err := in.Open()
	if err != nil {
		return nil, nil, nil, err
	}
	cr := &CountingReader{R: f}
	r, closer, err := Decompress(in, cr)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	if closer == nil {
		return r, cr, f, nil
	}
	return r, cr, closers{closer, f}, nil
}

// Decompress wraps r, the raw bytes of a JSONL input, in its decompressor;
// closer (if not nil) must be closed after reading.
func Decompress(in Input, r io.Reader) (io.Reader, io.Closer, error) {
	switch in.Compression {
	case Gzip:
		zr, err := newGzipReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: gzip: %w", in.Path, err)
		}
		return zr, nil, nil
	case Zstd:
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: zstd: %w", in.Path, err)
		}
		return zr.IOReadCloser(), zr.IOReadCloser(), nil
	}
	return r, nil, nil
}

// gzipReader reads the members of a gzip file one after another, as gzip
// -d does, and accepts zero bytes after the last member (tape archives and
// some writers pad files to a block size; gzip -d says "decompression OK,
// trailing zero bytes ignored"). Anything else after a member must be
// another member.
type gzipReader struct {
	br   *bufio.Reader
	zr   *gzip.Reader
	done bool
}

func newGzipReader(r io.Reader) (*gzipReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	return &gzipReader{br: br, zr: zr}, nil
}

func (g *gzipReader) Read(p []byte) (int, error) {
	for {
		if g.done {
			return 0, io.EOF
		}
		n, err := g.zr.Read(p)
		if !errors.Is(err, io.EOF) {
			return n, err
		}
		// The member ended: another one, zero padding or the end.
		if err := g.next(); err != nil {
			return n, err
		}
		if n > 0 {
			return n, nil
		}
	}
}

// next moves to the member after the one that ended.
func (g *gzipReader) next() error {
	b, err := g.br.Peek(1)
	if errors.Is(err, io.EOF) {
		g.done = true
		return nil
	}
	if err != nil {
		return err
	}
	if b[0] == 0 {
		for {
			c, err := g.br.ReadByte()
			if errors.Is(err, io.EOF) {
				g.done = true
				return nil
			}
			if err != nil {
				return err
			}
			if c != 0 {
				return errors.New("gzip: data after the zero padding that ends the file")
			}
		}
	}
	if err := g.zr.Reset(g.br); err != nil {
		return err
	}
	g.zr.Multistream(false)
	return nil
}

type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// CountingReader counts the bytes read through it: the position in the
// raw (compressed) input that a read error is reported at.
type CountingReader struct {
	R io.Reader
	N int64 // bytes read from R so far
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += int64(n)
	return n, err
}
