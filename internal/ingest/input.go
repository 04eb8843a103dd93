package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Format is the format of an input file.
type Format uint8

// The input formats.
const (
	JSONL Format = iota
	Parquet
)

func (f Format) String() string {
	if f == Parquet {
		return "parquet"
	}
	return "jsonl"
}

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
	Path        string
	Format      Format
	Compression Compression
	Size        int64
}

var (
	magicParquet = []byte("PAR1")
	magicGzip    = []byte{0x1f, 0x8b}
	magicZstd    = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// dataExt reports whether a file found while walking a directory is one
// to read: only names with a known extension are, so a directory can hold
// READMEs and checksums.
func dataExt(name string) bool {
	n := strings.ToLower(name)
	for _, c := range []string{".gz", ".zst", ".zstd"} {
		n = strings.TrimSuffix(n, c)
	}
	// Not .json: in a data directory those are mostly metadata (manifests,
	// schemas, dataset cards). A .json file named explicitly is still read.
	return strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".ndjson") ||
		strings.HasSuffix(n, ".parquet") || strings.HasSuffix(n, ".pq")
}

// Expand turns command-line arguments (files, directories, globs) into the
// list of inputs, in a deterministic order: arguments in the order given,
// and the files of a directory or glob sorted by path. A file named
// explicitly is read whatever its extension; a directory contributes the
// files below it with a known extension. The same file named twice is read
// once.
func Expand(args []string) ([]Input, error) {
	var paths []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		switch {
		case err == nil && st.IsDir():
			var found []string
			err := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() && dataExt(d.Name()) {
					found = append(found, p)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("walk %s: %w", arg, err)
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("%s: no .jsonl, .ndjson or .parquet files (also .gz, .zst) in this directory", arg)
			}
			sort.Strings(found)
			for _, p := range found {
				add(p)
			}
		case err == nil:
			add(arg)
		case errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(arg, "*?["):
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, fmt.Errorf("bad pattern %q: %w", arg, gerr)
			}
			n := 0
			for _, m := range matches {
				if st, err := os.Stat(m); err == nil && !st.IsDir() {
					add(m)
					n++
				}
			}
			if n == 0 {
				return nil, fmt.Errorf("%s: no files match", arg)
			}
		default:
			return nil, err
		}
	}
	inputs := make([]Input, 0, len(paths))
	for _, p := range paths {
		in, err := detect(p)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// detect finds a file's format from its first bytes, falling back on its
// extension: content wins, so a Parquet file named .jsonl is still read as
// Parquet, and a .parquet that is not one gets a precise error later.
func detect(path string) (Input, error) {
	in := Input{Path: path}
	f, err := os.Open(path)
	if err != nil {
		return in, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return in, err
	}
	in.Size = st.Size()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	lower := strings.ToLower(path)
	switch {
	case bytes.HasPrefix(head, magicParquet):
		in.Format = Parquet
	case strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".pq"):
		in.Format = Parquet // not a Parquet file: prepareParquet says why
	case bytes.HasPrefix(head, magicGzip):
		in.Compression = Gzip
	case bytes.HasPrefix(head, magicZstd):
		in.Compression = Zstd
	}
	return in, nil
}

// OpenJSONL opens a JSONL input for reading, decompressing it if needed.
// Its lines are numbered as Run numbers them.
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
func openJSONL(in Input) (io.Reader, *countingReader, io.Closer, error) {
	f, err := os.Open(in.Path)
	if err != nil {
		return nil, nil, nil, err
	}
	cr := &countingReader{r: f}
	switch in.Compression {
	case Gzip:
		zr, err := gzip.NewReader(cr)
		if err != nil {
			f.Close()
			return nil, nil, nil, fmt.Errorf("%s: gzip: %w", in.Path, err)
		}
		return zr, cr, f, nil
	case Zstd:
		zr, err := zstd.NewReader(cr, zstd.WithDecoderConcurrency(1))
		if err != nil {
			f.Close()
			return nil, nil, nil, fmt.Errorf("%s: zstd: %w", in.Path, err)
		}
		return zr.IOReadCloser(), cr, closers{zr.IOReadCloser(), f}, nil
	}
	return cr, cr, f, nil
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

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
