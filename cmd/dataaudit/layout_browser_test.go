package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// layoutScript measures the page as Chromium laid it out and writes what
// is wrong into <pre id="layout-result"> as JSON: row ids (the first cell
// of a findings table, code in a cell) that take more than one line, and
// SVG text elements that overlap another of their chart or stick out of
// it. Every <details> is opened first, so collapsed lists are measured too.
const layoutScript = `<script>
(function () {
  var res = {ids: 0, wrapped: [], texts: 0, overlaps: [], outside: []};
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  var lines = function (el) {
    var r = document.createRange(); r.selectNodeContents(el);
    var tops = {};
    Array.prototype.forEach.call(r.getClientRects(), function (q) { if (q.width > 0) tops[Math.round(q.top)] = 1; });
    return Object.keys(tops).length;
  };
  document.querySelectorAll("table.findings td:first-child, td code").forEach(function (el) {
    if (!el.textContent) return;
    res.ids++;
    if (lines(el) > 1) res.wrapped.push(el.textContent);
  });
  document.querySelectorAll("svg").forEach(function (svg, i) {
    var box = svg.getBoundingClientRect();
    var ts = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) { return {t: t.textContent, r: t.getBoundingClientRect()}; });
    res.texts += ts.length;
    ts.forEach(function (a, j) {
      if (a.r.left < box.left - 1 || a.r.right > box.right + 1) res.outside.push("chart " + i + ": " + a.t);
      ts.slice(j + 1).forEach(function (b) {
        var w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        var h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) res.overlaps.push("chart " + i + ": " + JSON.stringify(a.t) + " and " + JSON.stringify(b.t));
      });
    });
  });
  var pre = document.createElement("pre"); pre.id = "layout-result"; pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
})();
</script>`

type layoutResult struct {
	IDs      int      `json:"ids"`
	Wrapped  []string `json:"wrapped"`
	Texts    int      `json:"texts"`
	Overlaps []string `json:"overlaps"`
	Outside  []string `json:"outside"`
}

var cspRe = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)

// measure loads a copy of page, without its Content-Security-Policy and
// with layoutScript, in headless Chromium width pixels wide, and returns
// what the script found.
func measure(t *testing.T, browser, page string, width int) layoutResult {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe.html")
	html := strings.Replace(cspRe.ReplaceAllString(string(b), ""), "</body>", layoutScript+"</body>", 1)
	if err := os.WriteFile(probe, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), fmt.Sprintf("--window-size=%d,1200", width), "--dump-dom", "file://"+probe).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	m := regexp.MustCompile(`<pre id="layout-result">([^<]*)</pre>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("%s: the layout script left no result", page)
	}
	var r layoutResult
	if err := json.Unmarshal([]byte(strings.NewReplacer("&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(string(m[1]))), &r); err != nil {
		t.Fatalf("layout result %q: %v", m[1], err)
	}
	return r
}

// screenshot saves a full-page PNG of page into $DATAAUDIT_SCREENSHOTS,
// when set, to be looked at.
func screenshot(t *testing.T, browser, page, name string, width int) {
	dir := os.Getenv("DATAAUDIT_SCREENSHOTS")
	if dir == "" {
		return
	}
	out := filepath.Join(dir, name+".png")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(t.TempDir(), "profile"), fmt.Sprintf("--window-size=%d,4000", width), "--screenshot="+out, "file://"+page)
	if err := cmd.Run(); err != nil {
		t.Errorf("screenshot %s: %v", out, err)
	}
}

// TestHTMLLayoutInBrowser lays out the scan page of the sample (ids as
// path:line, and as --id) and the compare page of the fixture in
// headless Chromium, wide and narrow, and measures them: no row id takes
// two lines, no chart text overlaps another or leaves its chart. A
// control page with a wrapping id and overlapping labels shows that the
// measurements see both. Set DATAAUDIT_SCREENSHOTS=DIR to keep
// screenshots. Needs Debian's chromium; runs only with
// DATAAUDIT_BROWSER_TEST=1.
func TestHTMLLayoutInBrowser(t *testing.T) {
	browser := needBrowser(t)
	dir := t.TempDir()
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<!doctype html><html><head><title>c</title></head><body><table class="findings" style="width:60px"><tr><td><code style="word-break:break-all">big.jsonl:123456789</code></td></tr></table>
<svg width="200" height="40" viewBox="0 0 200 40"><text x="10" y="20">overlapping</text><text x="30" y="22">labels</text><text x="190" y="30">outside</text></svg></body></html>`), 0o644)
	if r := measure(t, browser, control, 800); len(r.Wrapped) == 0 || len(r.Overlaps) != 1 || len(r.Outside) != 1 {
		t.Fatalf("the control page measures %+v, want a wrapped id, one overlap, one text outside: the checks below would be blind", r)
	}

	scanPage := func(name string, args ...string) string {
		page := filepath.Join(dir, name+".html")
		if code, _, stderr := runCmd(t, append([]string{"scan", "--quiet", "--html", page}, args...)...); code != exitOK {
			t.Fatalf("scan %v: exit %d: %s", args, code, stderr)
		}
		return page
	}
	pages := map[string]string{
		"scan":         scanPage("scan", "--all", "--label", "label", "--id", "id", sample),
		"scan-no-id":   scanPage("scan-no-id", "--all", "--label", "label", sample),
		"compare":      filepath.Join(dir, "compare.html"),
		"compare-A-A2": filepath.Join(dir, "compare-A-A2.html"),
	}
	if code, _, stderr := runCmd(t, "compare", "--quiet", "--label", "label", "--html", pages["compare"], fixtureA, fixtureB); code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "compare", "--quiet", "--html", pages["compare-A-A2"], sample, fixtureB); code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	for name, page := range pages {
		for _, width := range []int{1280, 760} {
			t.Run(fmt.Sprintf("%s-%d", name, width), func(t *testing.T) {
				screenshot(t, browser, page, fmt.Sprintf("%s-%d", name, width), width)
				r := measure(t, browser, page, width)
				if (r.IDs == 0 && name != "compare-A-A2") || r.Texts == 0 {
					t.Errorf("measured %d ids and %d chart texts, want some of each (no ids without overlap)", r.IDs, r.Texts)
				}
				if len(r.Wrapped) > 0 {
					t.Errorf("ids broken across lines: %q", r.Wrapped)
				}
				if len(r.Overlaps) > 0 {
					t.Errorf("overlapping chart text: %q", r.Overlaps)
				}
				if len(r.Outside) > 0 {
					t.Errorf("chart text outside its chart: %q", r.Outside)
				}
			})
		}
	}
}
