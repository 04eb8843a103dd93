package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/verify"
)

// VerifyConfig is what a verification checks.
type VerifyConfig struct {
	// Profile is the path of the profile whose manifest the Inputs
	// (files, directories, globs, "-") are checked against.
	Profile string
	Inputs  []string
	// Root, when there are no Inputs, is the directory the manifest's
	// relative paths are read from ("": the profile's directory): the
	// manifest's own files are checked, as sha256sum -c checks a list.
	Root string
	// Ingest says how to read changed files to recount their rows; its
	// Text and Label are the profile's.
	Ingest ingest.Options
}

// Verify checks the inputs against the profile's manifest and returns one
// verdict per file, manifest files first in manifest order, then extra
// files. A stream is spooled first (said with hooks.Notify): it is hashed,
// then perhaps recounted.
func Verify(ctx context.Context, cfg *VerifyConfig, hooks Hooks) ([]report.Verified, error) {
	p, err := ReadProfile(ctx, cfg.Profile)
	if err != nil {
		return nil, err
	}
	if len(cfg.Inputs) == 0 {
		return verifyManifest(ctx, cfg, p)
	}
	inputs, err := ingest.ExpandContext(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(inputs)
	if err := ingest.Spool(ctx, inputs, hooks.notify); err != nil {
		return nil, err
	}
	iopts := cfg.Ingest
	iopts.Text, iopts.Label = p.Settings.Text, p.Settings.Label
	res, err := verify.Check(ctx, p, inputs, iopts, nil)
	if err == nil && namedFiles(cfg.Inputs) {
		// Files named one by one are checked against their own entries:
		// the manifest's other files were not asked about.
		for i := range res {
			if res[i].Status == "missing" {
				res[i].Status = "unchecked"
			}
		}
	}
	return res, err
}

// namedFiles reports whether every input names one file (or standard
// input), not a set of them (a directory, a glob, an object URL): only a
// set can miss a file of the manifest.
func namedFiles(args []string) bool {
	for _, a := range args {
		if a == "-" {
			continue
		}
		if ingest.IsURL(a) {
			return false
		}
		st, err := os.Stat(a)
		if err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// verifyManifest checks the files the manifest names, at their paths
// resolved against cfg.Root (or the profile's directory): a file that is
// not there, or not a regular file (a manifest is untrusted: no FIFO or
// device is read), is missing. Lines name the files as the manifest does.
func verifyManifest(ctx context.Context, cfg *VerifyConfig, p *profile.Profile) ([]report.Verified, error) {
	root := cfg.Root
	if root == "" {
		root = filepath.Dir(cfg.Profile)
		if cfg.Profile == "-" {
			root = "."
		}
	}
	at := func(manifestPath string) string {
		p := filepath.Join(root, manifestPath)
		if filepath.IsAbs(manifestPath) {
			p = filepath.Clean(manifestPath)
		}
		if p == "-" {
			return "./-" // a file named -, not standard input
		}
		return p
	}
	var paths []string
	for _, f := range p.Manifest {
		if st, err := os.Stat(at(f.Path)); err == nil && st.Mode().IsRegular() {
			paths = append(paths, at(f.Path))
		}
	}
	var inputs []ingest.Input
	if len(paths) > 0 {
		var err error
		if inputs, err = ingest.ExpandContext(ctx, paths); err != nil {
			return nil, err
		}
		defer ingest.Close(inputs)
	}
	iopts := cfg.Ingest
	iopts.Text, iopts.Label = p.Settings.Text, p.Settings.Label
	return verify.Check(ctx, p, inputs, iopts, at)
}

// ReadProfile reads the profile at path; waiting for a FIFO's writer or
// bytes ends with ctx.
func ReadProfile(ctx context.Context, path string) (*profile.Profile, error) {
	f, err := ingest.OpenContext(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Read(f)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	return p, nil
}
