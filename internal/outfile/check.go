package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dataaudit/dataaudit/internal/source"
)

// Path is a file a command reads or writes, and what named it: a flag
// ("--json") or a role ("input", "profile").
type Path struct {
	Flag, Path string
}

// CheckOutputs returns an error when an output is the same file as an
// input, or as another output: after symlinks and hard links (os.SameFile)
// for files that exist, by resolved directory and name for outputs not
// yet written. An object URL (s3://, gs://, azblob://) is the object it
// names, whatever the driver's query, and the same as an input that
// Expand named so; a file:// URL is the local file it names. Empty paths and "-" (standard input or output) are never a
// clash, nor are files that are not regular (/dev/null, a terminal).
// Commands call it after expanding their inputs and before reading them,
// so that a mistyped flag costs nothing but a message.
func CheckOutputs(outputs, inputs []Path) error {
	type ided struct {
		p  Path
		id identity
	}
	var outs []ided
	for _, o := range outputs {
		if err := placeable(o); err != nil {
			return err
		}
		if id, ok := identify(o.Path); ok {
			outs = append(outs, ided{o, id})
		}
	}
	if len(outs) == 0 {
		return nil
	}
	for i, o := range outs {
		for _, p := range outs[:i] {
			if o.id.same(p.id) {
				return fmt.Errorf("%s %s and %s %s are the same file: give each output its own", p.p.Flag, p.p.Path, o.p.Flag, o.p.Path)
			}
		}
	}
	for _, in := range inputs {
		id, ok := identify(in.Path)
		if !ok {
			continue
		}
		for _, o := range outs {
			if o.id.same(id) {
				what := in.Flag
				if in.Path != o.p.Path {
					what += " " + in.Path
				}
				return fmt.Errorf("%s %s would overwrite the %s it reads: refusing to touch an input", o.p.Flag, o.p.Path, what)
			}
		}
	}
	return nil
}

// identity is a file's identity: its FileInfo when it exists, else its
// resolved directory and name.
type identity struct {
	fi  os.FileInfo
	key string
}

func (a identity) same(b identity) bool {
	if a.fi != nil && b.fi != nil {
		return os.SameFile(a.fi, b.fi)
	}
	return a.fi == nil && b.fi == nil && a.key == b.key
}

// identify returns path's identity; ok is false for "" and "-" and for
// files that exist but are not regular.
func identify(path string) (id identity, ok bool) {
	if path == "" || path == "-" {
		return identity{}, false
	}
	if source.IsURL(path) {
		name, local, err := source.ObjectName(path)
		if err != nil {
			return identity{key: path}, true
		}
		if !local {
			return identity{key: name}, true
		}
		path = name
	}
	if st, err := os.Stat(path); err == nil {
		return identity{fi: st}, st.Mode().IsRegular()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	if a, err := filepath.Abs(dir); err == nil {
		dir = a
	}
	return identity{key: filepath.Join(dir, base)}, true
}

// placeable returns an error when output o cannot be written where it is
// named, as far as a look tells before the run: it is a directory, or its
// directory does not exist or is not one. Found after the run, these cost
// the whole run.
func placeable(o Path) error {
	if o.Path == "" || o.Path == "-" || source.IsURL(o.Path) {
		return nil
	}
	if st, err := os.Stat(o.Path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s %s is a directory: name a file", o.Flag, o.Path)
		}
		return nil
	}
	dir := filepath.Dir(o.Path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: no directory %s", o.Flag, o.Path, dir)
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s %s: %s is not a directory", o.Flag, o.Path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", o.Flag, o.Path, err)
	}
	return nil
}
