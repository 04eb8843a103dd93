package audit

import (
	"context"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/splits"
)

// SplitInput is an input named with its dataset split (--split
// NAME=PATH): every file PATH expands to is in split NAME.
type SplitInput struct {
	Name, Path string
}

// inputArgs are the inputs to expand: Inputs, then the SplitInputs'
// paths.
func (c *ScanConfig) inputArgs() []string {
	args := append([]string{}, c.Inputs...)
	for _, s := range c.SplitInputs {
		args = append(args, s.Path)
	}
	return args
}

// splitTable is the split of each file (nil: the inputs are not splits,
// or NoSplits): the SplitInputs' names for their files, the others
// detected (splits.Table). A file given two names is an error.
func (c *ScanConfig) splitTable(ctx context.Context, files []string) ([]string, error) {
	if c.NoSplits {
		return nil, nil
	}
	var given []string
	if len(c.SplitInputs) > 0 {
		at := map[string]int{}
		for i, f := range files {
			at[f] = i
		}
		given = make([]string, len(files))
		for _, s := range c.SplitInputs {
			if s.Path == "-" {
				return nil, fmt.Errorf("--split %s=-: a split is read from files, not standard input", s.Name)
			}
			ins, err := ingest.ExpandContext(ctx, []string{s.Path})
			if err != nil {
				return nil, err
			}
			ingest.Close(ins)
			name := splits.Canonical(s.Name)
			for _, in := range ins {
				i, ok := at[in.Path]
				if !ok {
					continue // the same file under another name, already given one
				}
				if g := given[i]; g != "" && g != name {
					return nil, fmt.Errorf("--split: %s is in two splits, %s and %s", in.Path, g, name)
				}
				given[i] = name
			}
		}
	}
	return splits.Table(files, given), nil
}

// evalFiles marks the files of evaluation splits in a split table (nil
// for none).
func evalFiles(table []string) []bool {
	if table == nil {
		return nil
	}
	eval := make([]bool, len(table))
	for i, s := range table {
		eval[i] = splits.IsEval(s)
	}
	return eval
}
