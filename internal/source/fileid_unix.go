//go:build unix

package source

import (
	"os"
	"syscall"
)

// fileID tells files apart: two names of one file have the same.
type fileID struct{ dev, ino uint64 }

func idOf(st os.FileInfo) (fileID, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(sys.Dev), uint64(sys.Ino)}, true //nolint:unconvert // int32 on some systems
}
