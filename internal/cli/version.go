package cli

import (
	"fmt"
	"path"
	"regexp"
	"runtime/debug"
	"sync"
)

// Version is what a program's version command prints.
type Version struct {
	Program string
	// Release is the release set at build time; while it is Dev, a
	// binary built by 'go install ...@v1.2.3' names its module version.
	Release, Dev string
	// Deps are the module paths of the dependencies whose versions are
	// worth naming ("github.com/apache/arrow-go/v18" is named arrow-go).
	Deps []string
}

// Format names the release, the commit the binary was built from and its
// time, and whether the work tree had uncommitted changes, from the build
// information the go command stamps into binaries built in a repository
// ('go build', 'go install'). A binary built without it (go test,
// -buildvcs=false, a module cache without VCS) says what it can: the
// release, the Go version and platform.
func (v Version) Format(goPlatform string, bi *debug.BuildInfo) string {
	release := v.Release
	var rev, when, modified string
	var deps []string
	if bi != nil {
		// The go command stamps "(devel)" for a build in the work tree
		// (before Go 1.24, or without a tag) and the module's version
		// (v1.2.3, or a pseudo-version naming the commit) otherwise.
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" && release == v.Dev {
			release = mv
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		for _, want := range v.Deps {
			for _, dep := range bi.Deps {
				if dep.Path == want {
					deps = append(deps, fmt.Sprintf("%s %s", path.Base(majorSuffix().ReplaceAllString(want, "")), dep.Version))
				}
			}
		}
	}
	s := v.Program + " " + release
	if rev != "" {
		s += "\ncommit " + rev
		if modified == "true" {
			s += " (with uncommitted changes)"
		}
		if when != "" {
			s += "\ncommitted " + when
		}
	} else {
		s += "\ncommit unknown (built without version control information)"
	}
	s += "\n" + goPlatform
	for _, d := range deps {
		s += "\n" + d
	}
	return s
}

// majorSuffix is the /vN of a module path past v1 (compiled on first use:
// only 'version' needs it).
var majorSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/v[0-9]+$`) })
