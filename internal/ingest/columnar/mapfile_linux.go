//go:build linux && (amd64 || arm64 || ppc64 || ppc64le || riscv64 || s390x || loong64 || mips64 || mips64le)

package columnar

import (
	"errors"
	"os"
	"syscall"
)

// mapFile maps n bytes of f from offset off (a multiple of the page
// size) read-only.
func mapFile(f *os.File, off int64, n int) ([]byte, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var b []byte
	var merr error
	if err := rc.Control(func(fd uintptr) {
		b, merr = syscall.Mmap(int(fd), off, n, syscall.PROT_READ, syscall.MAP_SHARED)
	}); err != nil {
		return nil, err
	}
	if merr != nil {
		return nil, merr
	}
	if len(b) != n {
		syscall.Munmap(b)
		return nil, errors.New("short mapping")
	}
	return b, nil
}

func unmapFile(b []byte) { syscall.Munmap(b) }

// canMap says whether mapIn maps files here.
const canMap = true
