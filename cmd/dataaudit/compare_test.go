package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The compare fixture: two small corpora with a shift in topic and labels,
// one exact and one near copy of A's rows in B, hostile labels (a script
// tag, an attribute break-out, a right-to-left mark) and a text with a
// right-to-left override.
const (
	fixtureA = "testdata/compare/a.jsonl"
	fixtureB = "testdata/compare/b.jsonl"
)

// renderCompare runs compare on the fixture with args and returns the
// Markdown and HTML it wrote.
func renderCompare(t *testing.T, args ...string) (md, html string) {
	t.Helper()
	dir := t.TempDir()
	mdPath, htmlPath := filepath.Join(dir, "cmp.md"), filepath.Join(dir, "cmp.html")
	code, _, stderr := runCmd(t, append([]string{"compare", "--quiet", "--label", "label", "--markdown", mdPath, "--html", htmlPath, fixtureA, fixtureB}, args...)...)
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	m, err := os.ReadFile(mdPath)
	if err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(m), string(h)
}

// checkGolden compares got with a golden file (go test -update rewrites it).
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/dataaudit -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got; go test -update rewrites it):\n%s", golden, diff)
	}
}

// TestCompareRenderGolden: the Markdown and HTML renderings of the
// fixture's comparison, and that they do not depend on the worker count.
func TestCompareRenderGolden(t *testing.T) {
	md, html := renderCompare(t, "--workers", "1", "--fail-on", "js_distance>0.99")
	checkGolden(t, "testdata/golden/compare_fixture.md", md)
	checkGolden(t, "testdata/golden/compare_fixture.html", html)
	md8, html8 := renderCompare(t, "--workers", "8", "--chunk-bytes", "200", "--fail-on", "js_distance>0.99")
	if md8 != md || html8 != html {
		t.Error("the renderings with 8 workers differ from those with 1")
	}
	for _, want := range []string{"2 of B's 8 rows are in A (1 exact, 1 near-duplicate)", "`x\"onmouseover=\"alert(1)`", "`\\u200fhebrew`", "| `js_distance>0.99` |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

// TestCompareToStdout: - writes a rendering to stdout instead of the
// summary.
func TestCompareToStdout(t *testing.T) {
	for _, flag := range []string{"--markdown", "--html"} {
		code, out, stderr := runCmd(t, "compare", "--quiet", flag, "-", fixtureA, fixtureB)
		if code != exitOK || strings.Contains(out, "A (reference):") || !strings.Contains(out, "dataaudit compare") {
			t.Errorf("compare %s -: exit %d, %s\nstdout: %.300s", flag, code, stderr, out)
		}
	}
}

func TestCompareGates(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.txt")
	if err := os.WriteFile(policy, []byte("# contamination gate for the eval set\noverlap_rows > 0   # any copy fails\n\njs_distance > 0.99\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prof, _ := mustProfile(t, dir, "b.profile.json", fixtureB)
	tests := []struct {
		name string
		args []string
		want int
		msg  string // in stderr
	}{
		{"contamination", []string{"--fail-on", "overlap_rows>0"}, exitFindings, "gate reached: overlap_rows>0 (value 2)"},
		{"overlap rate from counts", []string{"--fail-on", "overlap_rate>=0.25"}, exitFindings, "gate reached: overlap_rate>=0.25 (value 0.25)"},
		{"not reached", []string{"--fail-on", "js_distance>0.99,domain_auc>0.999,overlap_exact>1"}, exitOK, ""},
		{"drift", []string{"--fail-on", "js_distance>0.5", "--fail-on", "psi<1"}, exitFindings, "gate reached: js_distance>0.5 (value 0.57"},
		{"length drift per unit", []string{"--fail-on", "length_ks.tokens>0.3"}, exitFindings, "gate reached: length_ks.tokens>0.3 (value 0.4)"},
		{"label shift", []string{"--label", "label", "--fail-on", "label_total_variation>0.5"}, exitFindings, "gate reached: label_total_variation>0.5 (value 0.525)"},
		{"policy file", []string{"--policy", policy}, exitFindings, "gate reached: overlap_rows > 0 (value 2)"},
		{"unknown metric", []string{"--fail-on", "overlap>0"}, exitError, `unknown metric "overlap"; the metrics are: domain_auc,`},
		{"scan metric", []string{"--fail-on", "bad_record_rate>0"}, exitError, `unknown metric "bad_record_rate"`},
		{"labels without --label", []string{"--fail-on", "label_psi>0.1"}, exitError, "label_psi is computed only with --label"},
		{"overlap without overlap", []string{"--no-overlap", "--fail-on", "overlap_rows>0"}, exitError, "computed only with raw data on both sides and without --no-overlap"},
		{"bad policy", []string{"--policy", filepath.Join(dir, "nope.txt")}, exitError, "--policy: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, append([]string{"compare", "--quiet", fixtureA, fixtureB}, tt.args...)...)
			if code != tt.want {
				t.Errorf("compare %q = %d, want %d\nstderr: %s", tt.args, code, tt.want, stderr)
			}
			if !strings.Contains(stderr, tt.msg) {
				t.Errorf("compare %q stderr = %q, want it to contain %q", tt.args, stderr, tt.msg)
			}
		})
	}
	// Against a profile: no overlap, refused before reading; a profile
	// made without --label has no labels, found on the report.
	for _, tt := range []struct {
		gate, msg string
	}{
		{"domain_auc>0.9", "domain_auc is computed only with raw data on both sides"},
		{"label_js_distance>0.1", `the report has no label_js_distance: it needs per-label counts on both sides`},
	} {
		code, _, stderr := runCmd(t, "compare", "--quiet", "--label", "label", fixtureA, prof, "--fail-on", tt.gate)
		if code != exitError || !strings.Contains(stderr, tt.msg) {
			t.Errorf("compare A profile --fail-on %s: exit %d, %q; want 2 and %q", tt.gate, code, stderr, tt.msg)
		}
	}
	// The JSON report lists every gate with its value.
	out := filepath.Join(dir, "cmp.json")
	if code, _, stderr := runCmd(t, "compare", "--quiet", "--json", out, fixtureA, fixtureB, "--fail-on", "js_distance>0.99,overlap_near>=1"); code != exitFindings {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	var doc map[string]any
	if b, err := os.ReadFile(out); err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("no JSON report: %v", err)
	}
	want := []any{
		map[string]any{"gate": "js_distance>0.99", "value": doc["tokens"].(map[string]any)["js_distance"], "reached": false},
		map[string]any{"gate": "overlap_near>=1", "value": 1.0, "reached": true},
	}
	if diff := cmp.Diff(want, doc["gates"]); diff != "" {
		t.Errorf("gates in the JSON report (-want +got):\n%s", diff)
	}
}

func TestCompareHelpListsMetrics(t *testing.T) {
	code, out, _ := runCmd(t, "help", "compare")
	for _, m := range []string{"Metrics for --fail-on", "js_distance", "overlap_rate", "length_ks.tokens", "domain_auc", "label_js_distance", "-markdown", "-html", "-policy", "-fail-on"} {
		if code != exitOK || !strings.Contains(out, m) {
			t.Errorf("help compare lacks %q", m)
		}
	}
}

// hostileProfile profiles the fixture's B and renames three of its tokens
// to hostile strings: a profile is a file anyone can edit, so its tokens
// are untrusted.
func hostileProfile(t *testing.T, dir string) string {
	t.Helper()
	path, b := mustProfile(t, dir, "hostile.profile.json", fixtureB, "--label", "label")
	s := string(b)
	for old, repl := range map[string]string{
		`"token":"free"`:  `"token":"<script>document.title='pwned'</script>"`,
		`"token":"claim"`: `"token":"x\" onload=\"document.title='pwned'"`,
		`"token":"click"`: `"token":"\u202eevil\u200f"`,
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("profile lacks %s", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompareHostileTokens: tokens from a hostile profile are escaped in
// both renderings.
func TestCompareHostileTokens(t *testing.T) {
	p := hostileProfile(t, t.TempDir())
	for _, flag := range []string{"--markdown", "--html"} {
		code, out, stderr := runCmd(t, "compare", "--quiet", "--label", "label", flag, "-", fixtureA, p)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(out, "\u202e") || strings.Contains(out, "\u200f") {
			t.Errorf("%s: a bidi control got through", flag)
		}
		if flag == "--html" && (strings.Contains(out, "<script") || strings.Contains(out, `" onload=`)) {
			t.Errorf("%s: a hostile token got through as markup", flag)
		}
		if !strings.Contains(out, `\u202eevil\u200f`) {
			t.Errorf("%s: the bidi token is not shown with its controls visible", flag)
		}
	}
}

// needBrowser skips the test unless DATAAUDIT_BROWSER_TEST=1, and then
// returns the path of Chromium.
func needBrowser(t *testing.T) string {
	t.Helper()
	if os.Getenv("DATAAUDIT_BROWSER_TEST") != "1" {
		t.Skip("set DATAAUDIT_BROWSER_TEST=1 (and install chromium) to run")
	}
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("DATAAUDIT_BROWSER_TEST=1 but no chromium on PATH")
	}
	return browser
}

// browse loads a page in headless Chromium and returns the DOM it built,
// the console messages it logged (errors, and CSP violations, which are
// how a blocked request shows) and the URLs the page itself requested that
// are not the page's own file (from a NetLog; Chromium's own background
// requests have no page initiator and are left out).
func browse(t *testing.T, browser, page string) (dom string, console, external []string) {
	t.Helper()
	dir := t.TempDir()
	netlog := filepath.Join(dir, "netlog.json")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--enable-logging=stderr", "--v=0", "--log-net-log="+netlog,
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+page)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("no NetLog: %v", err)
	}
	var log struct {
		Events []struct {
			Params map[string]any `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("NetLog: %v", err)
	}
	for _, e := range log.Events {
		url, _ := e.Params["url"].(string)
		init, ok := e.Params["initiator"].(string)
		if url != "" && ok && init != "not an origin" && !strings.HasPrefix(url, "file:") {
			external = append(external, url)
		}
	}
	return string(out), console, external
}

// TestCompareHTMLInBrowser loads the compare pages of the fixture and of a
// hostile profile in headless Chromium: they render (charts and tables in
// the DOM), log nothing to the console, request nothing, and no script
// from the data runs. A control page with an external image and a console
// error shows that the checks see both. Needs Debian's chromium; runs only
// with DATAAUDIT_BROWSER_TEST=1.
func TestCompareHTMLInBrowser(t *testing.T) {
	browser := needBrowser(t)
	dir := t.TempDir()
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<!doctype html><title>c</title><img src="http://example.invalid/x.png"><script>console.error("boom")</script>`), 0o644)
	if _, console, external := browse(t, browser, control); len(console) == 0 || len(external) == 0 {
		t.Fatalf("the control page's console error (%q) or external request (%q) was not seen: the checks below would be blind", console, external)
	}

	hostile := hostileProfile(t, dir)
	for _, tt := range []struct {
		name   string
		args   []string
		svgs   int
		tables int
	}{
		{"data", []string{"--label", "label", fixtureA, fixtureB}, 5, 3},           // drivers, 3 length CDFs, labels; lengths, labels, overlap
		{"hostile profile", []string{"--label", "label", fixtureA, hostile}, 5, 2}, // no overlap against a profile
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := filepath.Join(t.TempDir(), "cmp.html")
			if code, _, stderr := runCmd(t, append([]string{"compare", "--quiet", "--html", page}, tt.args...)...); code != exitOK {
				t.Fatalf("compare: exit %d: %s", code, stderr)
			}
			d, console, external := browse(t, browser, page)
			if !strings.Contains(d, "<title>dataaudit compare report</title>") {
				t.Error("the page's title was changed: a script from the data ran")
			}
			if n := strings.Count(d, "<svg"); n < tt.svgs {
				t.Errorf("the browser's DOM has %d charts, want %d", n, tt.svgs)
			}
			if n := strings.Count(d, "<table"); n < tt.tables {
				t.Errorf("the browser's DOM has %d tables, want %d", n, tt.tables)
			}
			if len(console) > 0 {
				t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
			}
			if len(external) > 0 {
				t.Errorf("the page requested %q", external)
			}
			if strings.Contains(d, "<script") {
				t.Error("a script element from the data is in the DOM")
			}
		})
	}
}

// TestCompareDomainSampleZero: --domain-sample 0 (allowed: "not
// negative") samples no row for the domain classifier; it panicked on the
// first row (an empty heap's top read).
func TestCompareDomainSampleZero(t *testing.T) {
	for _, n := range []string{"0", "1"} {
		t.Run(n, func(t *testing.T) {
			code, _, stderr := runCmd(t, "compare", "-q", "--domain-sample", n, sample, sample)
			if code != exitOK || stderr != "" {
				t.Errorf("compare --domain-sample %s = %d, stderr %.300q; want %d and nothing", n, code, stderr, exitOK)
			}
		})
	}
}
