package main

import (
	"bytes"
	"strings"
	"testing"
)

// The host imports on its own data directory, but not behind a running
// server's back: the server would not see the notes, and would write over
// them.
func TestLocalImportWaitsForTheServerToStop(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv := startServer(t, cfg)
	code := newWorkshop(t, srv, "Survey")

	run := func(input string, args ...string) (string, string, int) {
		var out, errOut bytes.Buffer
		status := run(append([]string{"import", "--data", dir}, args...), env(), strings.NewReader(input), &out, &errOut)
		return out.String(), errOut.String(), status
	}
	out, errOut, status := run("Parents\n", code, "-q", "who")
	if status != 1 || out != "" || !strings.Contains(errOut, "a forwhom server is running on "+dir) {
		t.Fatalf("while the server runs: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if _, err := Start(cfg, testLogger(t)); err == nil {
		t.Fatal("a second server started on a data directory the first one serves")
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	out, errOut, status = run("Parents\nKids\n", code, "-q", "who", "-s", "survey")
	if status != 0 || out != "added 2 notes to "+code+", marked \"survey\" (do 0, value 0, who 2)\n" {
		t.Fatalf("after the server stopped: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	// The restarted server has them.
	startServer(t, cfg)
	d := loadData(t, dir, code)
	if len(d.Notes) != 2 || d.Notes[1].Text != "Kids" || d.Notes[1].Source != "survey" {
		t.Errorf("notes after the local import: %+v", d.Notes)
	}
}
