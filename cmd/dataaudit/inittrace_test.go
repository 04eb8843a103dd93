package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestInitAllocations: every run pays for the package inits before the
// first byte of input is read, on one core. The report page, the compare
// page and the SVG charts are parsed on first use (they cost 166 KB and
// 34 KB of init), internal/dups' fold look-up is a static table (its init
// built 32 KB of it until session 23), and no package of ours allocates
// more than 40 KB at init. Counts are bytes from GODEBUG=inittrace=1 of
// this test binary, not times.
func TestInitAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd, err, stderr.Bytes())
	}
	limits := map[string]int{
		"github.com/dataaudit/dataaudit/internal/report":     4 << 10,
		"github.com/dataaudit/dataaudit/internal/report/svg": 4 << 10,
		// The fold look-up is a static table (fold_table.go): its init
		// built it on the heap, 32 KB.
		"github.com/dataaudit/dataaudit/internal/dups": 4 << 10,
		// Its profile-sniffing regexp is compiled on first use (8.9 KB).
		"github.com/dataaudit/dataaudit/internal/profile": 4 << 10,
	}
	const ours, anyOfOurs = "github.com/dataaudit/dataaudit/", 40 << 10
	seen := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @T ms, C ms clock, B bytes, N allocs
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		seen++
		b, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", sc.Text(), err)
		}
		limit, ok := limits[f[1]]
		if !ok && strings.HasPrefix(f[1], ours) {
			limit, ok = anyOfOurs, true
		}
		if ok && b > limit {
			t.Errorf("init of %s allocates %d bytes, want at most %d: build it on first use (sync.OnceValue)", f[1], b, limit)
		}
	}
	if seen == 0 {
		t.Fatalf("no inittrace lines in:\n%s", stderr.Bytes())
	}
}
