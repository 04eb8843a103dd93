// Package outfile provides output files that never leave a half-written
// file under their name, and the check that keeps outputs off the inputs.
//
// Create writes to a temporary file in the destination's directory (named
// ".NAME.tmp-*", so a directory walk for data files skips it); Commit
// flushes it to disk and renames it over the destination, Abort removes it.
// A run that fails, is interrupted or runs out of disk therefore leaves the
// previous file, if any, as it was, and no temporary file behind. The
// destination gets the permissions os.Create would give it: an existing
// file's own, or 0666 less the umask for a new one.
//
// A destination that exists and is not a regular file (/dev/stdout, a
// FIFO, a terminal) cannot be replaced by a rename; it is written in
// place, as os.Create would.
package outfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an output file being written. It is an io.Writer; its bytes
// reach the destination only when Commit returns nil.
type File struct {
	f    *os.File
	path string // the destination, after symlinks
	tmp  string // the temporary file; "" when writing in place
	done bool
}

// Create starts writing the file at path. The caller must call Commit or
// Abort; Abort after Commit does nothing, so `defer f.Abort()` is the
// idiom.
func Create(path string) (*File, error) {
	dest := path
	perm := fs.FileMode(0o666) &^ umask()
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		// A device, FIFO or terminal: write in place.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
		if err != nil {
			return nil, err
		}
		return &File{f: f, path: path}, nil
	case err == nil:
		perm = st.Mode().Perm()
		// Write where a symlink points, as os.Create does, instead of
		// replacing the link.
		if dest, err = filepath.EvalSymlinks(path); err != nil {
			return nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	dir, base := filepath.Split(dest)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{f: f, path: dest, tmp: f.Name()}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Name returns the destination path (after symlinks).
func (f *File) Name() string { return f.path }

// Commit syncs and closes the temporary file and renames it over the
// destination. On failure the temporary file is removed and the
// destination is left as it was.
func (f *File) Commit() error {
	if f.done {
		return errors.New("outfile: commit after commit or abort")
	}
	f.done = true
	if f.tmp == "" {
		return f.f.Close()
	}
	err := f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp, f.path)
	}
	if err != nil {
		os.Remove(f.tmp)
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Abort closes and removes the temporary file, leaving the destination as
// it was. It does nothing after Commit or Abort.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	if f.tmp != "" {
		os.Remove(f.tmp)
	}
}

// WriteFile writes path with write: all of it, or on an error from write
// or from writing to disk, nothing (the previous file stays).
func WriteFile(path string, write func(w *File) error) error {
	return WriteFileContext(context.Background(), path, write)
}

// WriteFileContext is WriteFile that also keeps nothing when ctx is done
// before the file is complete (an interrupted command); it then returns
// ctx's error.
func WriteFileContext(ctx context.Context, path string, write func(w *File) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.Commit()
}
