package source

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// File is an open input: an *os.File for a file on disk, or an object in
// a bucket read with ranged requests (see OpenURL).
type File interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
	// Stat returns the file's size and modification time now: Run
	// compares them with what Expand found (an input_changed record).
	Stat() (fs.FileInfo, error)
	Name() string
}

var _ File = (*os.File)(nil)
var _ File = (*objectFile)(nil)

// The object-store URL schemes: an argument that starts with one of them
// names objects in a bucket (gocloud.dev/blob), not a local path. file://
// is there so that the same code path can be tried without a cloud.
var urlSchemes = []string{"s3", "gs", "azblob", "file"}

// IsURL reports whether arg names objects in a bucket: s3://, gs://,
// azblob:// or file://.
func IsURL(arg string) bool {
	scheme, _, ok := strings.Cut(arg, "://")
	if !ok {
		return false
	}
	for _, s := range urlSchemes {
		if scheme == s {
			return true
		}
	}
	return false
}

// object is an input that is an object in a bucket.
type object struct {
	bucket *blob.Bucket
	key    string
	url    string // the object's URL with the bucket's query: see Input.URL
}

// buckets holds the buckets opened so far, by bucket URL, for the life of
// the process: a Beam worker or a second pass reopens its inputs by URL,
// and one bucket (one HTTP client, one credential chain) serves them all.
var buckets struct {
	sync.Mutex
	m map[string]*blob.Bucket
}

// splitURL cuts an object URL into the URL of its bucket (scheme, bucket
// name and the query, which holds the driver's options: region, endpoint)
// and the object's key. A file:// URL's bucket is the root directory and
// its key the absolute path without its first slash.
func splitURL(arg string) (bucketURL, key, display string, err error) {
	u, err := url.Parse(arg)
	if err != nil {
		return "", "", "", fmt.Errorf("bad object URL %q: %w", arg, err)
	}
	key = strings.TrimPrefix(u.Path, "/")
	if u.Scheme == "file" {
		if u.Host != "" && u.Host != "localhost" {
			return "", "", "", fmt.Errorf("bad object URL %q: a file:// URL names a local absolute path (file:///dir/file.jsonl)", arg)
		}
		b := url.URL{Scheme: "file", Path: "/", RawQuery: u.RawQuery}
		return b.String(), key, "file:///", nil
	}
	if u.Host == "" {
		return "", "", "", fmt.Errorf("bad object URL %q: no bucket name (%s://BUCKET/KEY)", arg, u.Scheme)
	}
	q := u.Query()
	if u.Scheme == "s3" && !q.Has("response_checksum_validation") {
		// Ranged reads carry no checksum of the bytes they return; left
		// at when_supported, the AWS SDK logs that on standard error for
		// every read.
		q.Set("response_checksum_validation", "when_required")
	}
	b := url.URL{Scheme: u.Scheme, Host: u.Host, RawQuery: q.Encode()}
	return b.String(), key, u.Scheme + "://" + u.Host + "/", nil
}

// openGS opens a gs:// bucket in place of gcsblob's opener on
// blob.DefaultURLMux when the gs:// driver is linked (driver_gcs.go).
var openGS func(ctx context.Context, u *url.URL) (*blob.Bucket, error)

// openBucket returns the bucket at bucketURL, opened once per process.
func openBucket(ctx context.Context, bucketURL string) (*blob.Bucket, error) {
	buckets.Lock()
	defer buckets.Unlock()
	if b := buckets.m[bucketURL]; b != nil {
		return b, nil
	}
	scheme, _, _ := strings.Cut(bucketURL, "://")
	if !blob.DefaultURLMux().ValidBucketScheme(scheme) {
		return nil, fmt.Errorf("%s: this dataaudit was built without the %s:// driver (see \"Object stores\" in the README)", bucketURL, scheme)
	}
	var b *blob.Bucket
	var err error
	if u, perr := url.Parse(bucketURL); perr == nil && scheme == "gs" && openGS != nil {
		b, err = openGS(ctx, u)
	} else {
		b, err = blob.OpenBucket(ctx, bucketURL)
	}
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", bucketURL, err)
	}
	if buckets.m == nil {
		buckets.m = map[string]*blob.Bucket{}
	}
	buckets.m[bucketURL] = b
	return b, nil
}

// listed is an object found by expandURL, with its name in reports.
type listed struct {
	name string
	key  string
}

// expandURL resolves an object URL as Expand resolves a path: one object,
// a glob over keys (path.Match: * does not cross a slash), or a "directory"
// (a key prefix ending in a slash, or one that names no object) whose
// objects with a known extension are read, sorted by key. Objects found
// are named scheme://bucket/key, without the URL's query (the driver's
// options, an endpoint: not the data's name), which Input.URL keeps so
// that a worker can reopen them.
func expandURL(ctx context.Context, arg string) (found []Input, skipped []Skipped, err error) {
	bucketURL, key, prefix, err := splitURL(arg)
	if err != nil {
		return nil, nil, err
	}
	b, err := openBucket(ctx, bucketURL)
	if err != nil {
		return nil, nil, err
	}
	query := ""
	if _, q, ok := strings.Cut(arg, "?"); ok {
		query = "?" + q
	}
	name := func(k string) string { return prefix + k }
	var objs []listed
	switch {
	case strings.ContainsAny(key, "*?["):
		if _, err := path.Match(key, ""); err != nil {
			return nil, nil, fmt.Errorf("bad pattern %q: %w", arg, err)
		}
		lp := key[:strings.IndexAny(key, "*?[")]
		err = listObjects(ctx, b, lp, func(o *blob.ListObject) {
			if ok, _ := path.Match(key, o.Key); ok {
				objs = append(objs, listed{name(o.Key), o.Key})
			}
		})
		if err == nil && len(objs) == 0 {
			return nil, nil, fmt.Errorf("%s: no objects match", arg)
		}
	default:
		if key != "" && !strings.HasSuffix(key, "/") {
			_, aerr := b.Attributes(ctx, key) // exists?
			if aerr == nil {
				return []Input{objectInput(ctx, name(key), query, b, key)}, nil, nil
			}
			if gcerrors.Code(aerr) != gcerrors.NotFound {
				return []Input{{Path: name(key), err: fmt.Errorf("%s: %w", name(key), aerr)}}, nil, nil
			}
			key += "/"
		}
		var n int
		err = listObjects(ctx, b, key, func(o *blob.ListObject) {
			n++
			rest := strings.TrimPrefix(o.Key, key)
			if i := strings.LastIndexByte(rest, '/'); i >= 0 {
				for _, dir := range strings.Split(rest[:i], "/") {
					if strings.HasPrefix(dir, ".") {
						skipped = append(skipped, Skipped{name(key + rest[:strings.Index(rest, dir)+len(dir)+1]), "hidden directory"})
						return
					}
				}
			}
			if why := skipReason(path.Base(o.Key)); why != "" {
				skipped = append(skipped, Skipped{name(o.Key), why})
				return
			}
			objs = append(objs, listed{name(o.Key), o.Key})
		})
		if err == nil && n == 0 {
			return nil, nil, fmt.Errorf("%s: %w", arg, fs.ErrNotExist)
		}
		if err == nil && len(objs) == 0 {
			return nil, nil, fmt.Errorf("%s: no .jsonl, .ndjson, .parquet, .csv, .tsv or .arrow objects (also .gz, .zst) under this prefix", arg)
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("list %s: %w", arg, err)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].key < objs[j].key })
	skipped = compactSkipped(skipped)
	for _, o := range objs {
		found = append(found, objectInput(ctx, o.name, query, b, o.key))
	}
	return found, skipped, nil
}

// compactSkipped drops repeats (a hidden directory is named once).
func compactSkipped(s []Skipped) []Skipped {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x.Path] {
			seen[x.Path] = true
			out = append(out, x)
		}
	}
	return out
}

// listObjects calls fn with every object whose key starts with prefix.
func listObjects(ctx context.Context, b *blob.Bucket, prefix string, fn func(*blob.ListObject)) error {
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !o.IsDir {
			fn(o)
		}
	}
}

// objectInput is the Input of one object, its format sniffed from its
// first bytes as detect does for a file. Its size and modification time
// are what Stat will compare them with: a HEAD request's (a listing's
// times can be more precise, or missing).
func objectInput(ctx context.Context, name, query string, b *blob.Bucket, key string) Input {
	in := Input{Path: name, obj: &object{b, key, name + query}}
	st, err := in.stat(ctx)
	if err != nil {
		in.err = err
		return in
	}
	in.Size, in.modTime = st.Size(), st.ModTime()
	head := make([]byte, 4)
	n := 0
	if in.Size > 0 { // S3 refuses a range of an empty object
		if n, err = readRange(ctx, b, key, 0, head); err != nil {
			in.err = fmt.Errorf("%s: %w", name, err)
			return in
		}
	}
	in.Format, in.Compression = sniff(head[:n], key)
	if why := notDecompressed(in.Format, head[:n]); why != "" {
		in.err = fmt.Errorf("%s: %s", name, why)
		return in
	}
	if maybeArray(&in) {
		f := newObjectFile(ctx, in)
		defer f.Close()
		if startsArray(in, f) {
			in.Format = JSONArray
		}
	}
	return in
}

// readRange reads the bytes of key at off into p, fewer at the object's
// end, with one ranged request.
func readRange(ctx context.Context, b *blob.Bucket, key string, off int64, p []byte) (int, error) {
	r, err := b.NewRangeReader(ctx, key, off, int64(len(p)), nil)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n, err := io.ReadFull(r, p)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil
	}
	return n, err
}

// objectFile reads an object as a File. Read streams the object from the
// current offset with one request (reopened after a Seek): JSONL is read
// so. ReadAt serves Parquet: reads of a block (blockSize) or more are one
// ranged request each; smaller ones (footers, page headers, the magic
// numbers) are served from the last cacheBlocks aligned blocks fetched, so
// that a footer and the small reads around it cost one request.
type objectFile struct {
	ctx  context.Context
	in   Input
	pos  int64
	rd   *blob.Reader // Read's stream at pos, or nil
	mu   sync.Mutex   // ReadAt's cache: arrow-go may read from goroutines
	lru  *list.List   // of *block, most recent first
	reqs int          // ranged requests made (tests)
	// closers are the streams of Sections, closed with the file.
	closers []io.Closer
}

type block struct {
	off  int64
	data []byte
}

const (
	blockSize   = 1 << 20
	cacheBlocks = 4
)

func newObjectFile(ctx context.Context, in Input) *objectFile {
	return &objectFile{ctx: ctx, in: in, lru: list.New()}
}

func (f *objectFile) Name() string { return f.in.Path }

func (f *objectFile) Read(p []byte) (int, error) {
	if f.pos >= f.in.Size {
		return 0, io.EOF
	}
	if f.rd == nil {
		rd, err := f.in.obj.bucket.NewRangeReader(f.ctx, f.in.obj.key, f.pos, -1, nil)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f.in.Path, err)
		}
		f.rd = rd
		f.count()
	}
	n, err := f.rd.Read(p)
	f.pos += int64(n)
	if errors.Is(err, io.EOF) && f.pos < f.in.Size {
		err = fmt.Errorf("%s: the object ended after %d bytes, %d expected: %w", f.in.Path, f.pos, f.in.Size, io.ErrUnexpectedEOF)
	}
	return n, err
}

func (f *objectFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += f.pos
	case io.SeekEnd:
		offset += f.in.Size
	}
	if offset < 0 {
		return 0, fmt.Errorf("%s: seek to %d", f.in.Path, offset)
	}
	if offset != f.pos && f.rd != nil {
		f.rd.Close()
		f.rd = nil
	}
	f.pos = offset
	return offset, nil
}

func (f *objectFile) count() {
	f.mu.Lock()
	f.reqs++
	f.mu.Unlock()
}

func (f *objectFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("%s: read at %d", f.in.Path, off)
	}
	if off >= f.in.Size {
		return 0, io.EOF
	}
	want := len(p)
	if rest := f.in.Size - off; int64(want) > rest {
		p = p[:rest]
	}
	var n int
	if len(p) >= blockSize {
		f.count()
		var err error
		n, err = readRange(f.ctx, f.in.obj.bucket, f.in.obj.key, off, p)
		if err != nil {
			return n, fmt.Errorf("%s: read %d bytes at %d: %w", f.in.Path, len(p), off, err)
		}
	} else {
		for n < len(p) {
			b, err := f.block((off + int64(n)) / blockSize * blockSize)
			if err != nil {
				return n, err
			}
			at := off + int64(n) - b.off
			if at >= int64(len(b.data)) {
				break // the object is shorter than Expand saw
			}
			n += copy(p[n:], b.data[at:])
		}
	}
	if n < want {
		return n, io.EOF
	}
	return n, nil
}

// block returns the cached block at off, fetching it if needed.
func (f *objectFile) block(off int64) (*block, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for e := f.lru.Front(); e != nil; e = e.Next() {
		if b := e.Value.(*block); b.off == off {
			f.lru.MoveToFront(e)
			return b, nil
		}
	}
	b := &block{off: off}
	if f.lru.Len() >= cacheBlocks {
		b = f.lru.Remove(f.lru.Back()).(*block) // reuse its buffer
		b.off = off
	}
	if cap(b.data) < blockSize {
		b.data = make([]byte, blockSize)
	}
	f.reqs++
	n, err := readRange(f.ctx, f.in.obj.bucket, f.in.obj.key, off, b.data[:min(blockSize, f.in.Size-off)])
	if err != nil {
		return nil, fmt.Errorf("%s: read at %d: %w", f.in.Path, off, err)
	}
	b.data = b.data[:n]
	f.lru.PushFront(b)
	return b, nil
}

func (f *objectFile) Close() error {
	var err error
	if f.rd != nil {
		err = f.rd.Close()
		f.rd = nil
	}
	for _, c := range f.closers {
		c.Close()
	}
	f.closers = nil
	return err
}

// Stat asks the store for the object's size and modification time now.
func (f *objectFile) Stat() (fs.FileInfo, error) { return f.in.stat(f.ctx) }

// stat returns an object's attributes as a FileInfo.
func (in Input) stat(ctx context.Context) (fs.FileInfo, error) {
	a, err := in.obj.bucket.Attributes(ctx, in.obj.key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	// To the second: a listing gives milliseconds, a HEAD request's
	// Last-Modified seconds.
	return objectInfo{path.Base(in.obj.key), a.Size, a.ModTime.Truncate(time.Second)}, nil
}

// Stat returns the input's size and modification time now: the file's or
// the object's.
func (in Input) Stat() (fs.FileInfo, error) {
	if in.obj != nil {
		return in.stat(context.Background())
	}
	return os.Stat(in.diskPath())
}

// IsObject reports whether the input is an object in a bucket.
func (in Input) IsObject() bool { return in.obj != nil }

// URL returns what Expand turns into this input again: for an object, its
// URL with the query of the argument that named it (the driver's options,
// which Path leaves out); for a file, its Path.
func (in Input) URL() string {
	if in.obj != nil {
		return in.obj.url
	}
	return in.Path
}

type objectInfo struct {
	name string
	size int64
	mod  time.Time
}

func (o objectInfo) Name() string       { return o.name }
func (o objectInfo) Size() int64        { return o.size }
func (o objectInfo) Mode() fs.FileMode  { return 0o444 }
func (o objectInfo) ModTime() time.Time { return o.mod }
func (o objectInfo) IsDir() bool        { return false }
func (o objectInfo) Sys() any           { return nil }

// Section returns a reader of the n bytes of f at off: for an object, one
// ranged request streamed, not a request per read.
func Section(f File, off, n int64) io.Reader {
	if o, ok := f.(*objectFile); ok {
		return &objectSection{f: o, off: off, n: n}
	}
	return io.NewSectionReader(f, off, n)
}

type objectSection struct {
	f      *objectFile
	off, n int64
	rd     io.ReadCloser
}

func (s *objectSection) Read(p []byte) (int, error) {
	if s.rd == nil {
		if s.n <= 0 {
			return 0, io.EOF
		}
		rd, err := s.f.in.obj.bucket.NewRangeReader(s.f.ctx, s.f.in.obj.key, s.off, s.n, nil)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", s.f.in.Path, err)
		}
		s.f.count()
		s.rd = rd
		s.f.closers = append(s.f.closers, rd)
	}
	n, err := s.rd.Read(p)
	return n, err
}

// WithURL returns in reading the object at url (what Input.URL gave for
// it: scheme://bucket/key and the driver's query), its path, format and
// size kept: a merge reopens the objects a state file names so. The
// bucket is opened once per process; the object is not asked for until
// it is read.
func (in Input) WithURL(ctx context.Context, u string) (Input, error) {
	bucketURL, key, _, err := splitURL(u)
	if err != nil {
		return in, err
	}
	b, err := openBucket(ctx, bucketURL)
	if err != nil {
		return in, err
	}
	in.obj = &object{b, key, u}
	return in, nil
}
