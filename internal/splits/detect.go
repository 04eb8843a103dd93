package splits

import (
	"path/filepath"
	"strings"
)

// The split names a layout is recognised by. Aliases are read as the
// canonical name: valid and val as validation, training as train,
// testing as test.
const (
	Train      = "train"
	Test       = "test"
	Validation = "validation"
	Dev        = "dev"
	// Other is the split of the inputs that are in none when others are:
	// they are counted, never compared.
	Other = "other"
)

var aliases = map[string]string{
	"train": Train, "training": Train,
	"test": Test, "testing": Test,
	"validation": Validation, "valid": Validation, "val": Validation,
	"dev": Dev,
}

// IsEval reports whether a split holds evaluation rows (test, validation,
// dev): rows that must not copy training rows, and that a deduplicated
// copy keeps rather than their training twin.
func IsEval(name string) bool { return name == Test || name == Validation || name == Dev }

// Detect names the split of each path (in the same order), from the
// layouts dataset hubs use:
//
//	train.jsonl  test.jsonl  validation.jsonl          a file per split
//	train-00000-of-00002.parquet  test-00000-of-00001.parquet   shards
//	data/train-00000-of-00002-5c1d….parquet           (Hugging Face)
//	train/part-0.jsonl  test/part-0.jsonl             a folder per split
//	default/train/0000.parquet  default/test/0000.parquet  (HF Parquet export)
//
// A file's own name decides first: it names a split when it is a split
// name (or alias) followed by the end or by '-', '_' or '.' (train_small,
// test-clean), or when it has the shard suffix -NNNNN-of-NNNNN, whose
// prefix is then the split whatever it is (unsupervised). Otherwise the
// nearest folder, below the folders all paths share, that is exactly a
// split name (or, for a file named only by digits, any folder) decides.
//
// The inputs are splits only when at least two split names are found:
// one train.jsonl alone is a corpus. Then the paths that name none get
// Other. Detect returns nil when the inputs are not splits.
func Detect(paths []string) []string { return Table(paths, nil) }

// Canonical returns a split name as a table holds it: lowercase, aliases
// (valid, val, training, testing) read as their split.
func Canonical(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[name]; ok {
		return a
	}
	return name
}

// Table is Detect with the splits of some paths given (given[i] != "",
// read with Canonical; given may be nil): those are kept, the others
// detected. The inputs are splits when a split is given or Detect's rule
// holds.
func Table(paths, given []string) []string {
	anyGiven := false
	for _, g := range given {
		anyGiven = anyGiven || g != ""
	}
	if len(paths) < 2 && !anyGiven {
		return nil
	}
	dirs := make([][]string, len(paths))
	for i, p := range paths {
		dirs[i] = strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
	}
	common := commonDirs(dirs)
	names := make([]string, len(paths))
	distinct := map[string]bool{}
	for i, parts := range dirs {
		if i < len(given) && given[i] != "" {
			names[i] = Canonical(given[i])
		} else {
			names[i] = nameOf(parts[common:])
		}
		if names[i] != "" {
			distinct[names[i]] = true
		}
	}
	if len(distinct) < 2 && !anyGiven {
		return nil
	}
	for i, n := range names {
		if n == "" {
			names[i] = Other
		}
	}
	return names
}

// commonDirs is how many leading folders every path shares (a path's own
// file name is never counted).
func commonDirs(paths [][]string) int {
	n := len(paths[0]) - 1
	for _, p := range paths[1:] {
		n = min(n, len(p)-1)
		for j := range n {
			if p[j] != paths[0][j] {
				n = j
				break
			}
		}
	}
	return max(n, 0)
}

// nameOf is the split of a path below the shared folders (its last
// element the file name), or "".
func nameOf(parts []string) string {
	file := strings.ToLower(parts[len(parts)-1])
	if i := strings.IndexByte(file, '.'); i > 0 {
		file = file[:i]
	}
	if prefix, ok := shardPrefix(file); ok {
		if a, ok := aliases[prefix]; ok {
			return a
		}
		return prefix
	}
	if n := leadingSplit(file); n != "" {
		return n
	}
	digits := file != "" && strings.Trim(file, "0123456789") == ""
	for j := len(parts) - 2; j >= 0; j-- {
		dir := strings.ToLower(parts[j])
		if a, ok := aliases[dir]; ok {
			return a
		}
		if digits && j == len(parts)-2 && dir != "" && dir != "." && dir != ".." {
			return dir
		}
	}
	return ""
}

// leadingSplit is the split a file name starts with, followed by its end
// or a separator, or "".
func leadingSplit(file string) string {
	end := strings.IndexAny(file, "-_.")
	if end < 0 {
		end = len(file)
	}
	return aliases[file[:end]]
}

// shardPrefix splits NAME-00000-of-00002[-anything] and reports whether
// file has that shape.
func shardPrefix(file string) (string, bool) {
	i := strings.Index(file, "-of-")
	if i < 0 {
		return "", false
	}
	j := strings.LastIndexByte(file[:i], '-')
	if j <= 0 || !allDigits(file[j+1:i]) {
		return "", false
	}
	rest := file[i+len("-of-"):]
	k := strings.IndexByte(rest, '-')
	if k < 0 {
		k = len(rest)
	}
	if !allDigits(rest[:k]) {
		return "", false
	}
	return file[:j], true
}

func allDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
