//go:build unix

package outfile

import (
	"io/fs"
	"sync"
	"syscall"
)

// umask is the process' file mode creation mask, read once: reading it
// means setting it, so this is done once, before any file is created here.
var umask = sync.OnceValue(func() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
})
