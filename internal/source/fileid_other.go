//go:build !unix

package source

import "os"

// fileID tells files apart; without device and inode numbers, names do.
type fileID struct{ dev, ino uint64 }

func idOf(os.FileInfo) (fileID, bool) { return fileID{}, false }
