//go:build !(linux && (amd64 || arm64 || ppc64 || ppc64le || riscv64 || s390x || loong64 || mips64 || mips64le))

package columnar

import (
	"errors"
	"os"
)

// mapFile is not used here (canMap): 32-bit address spaces, and systems
// whose mappings were not measured, read files with pread(2).
func mapFile(f *os.File, off int64, n int) ([]byte, error) {
	return nil, errors.New("no mapping on this platform")
}

func unmapFile(b []byte) {}

const canMap = false
