package main

import (
	"bytes"
	"strings"
	"testing"

	"forwhom/session"
)

// forwhom runs the binary's main logic with args and a fake environment.
func forwhom(t *testing.T, environ []string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, env(environ...), nil, &out, &errOut)
	return out.String(), errOut.String(), status
}

func TestLocalExportReadsTheDataDirectory(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, testConfig(dir))
	code := newWorkshop(t, srv, "Team A")

	// While the server runs: the host reads its own file, no key needed.
	out, errOut, status := forwhom(t, nil, "export", "--data", dir, code, "--format", "csv")
	if status != 0 || errOut != "" {
		t.Fatalf("export: status %d, stderr %q", status, errOut)
	}
	if first, _, _ := strings.Cut(out, "\r\n"); first != strings.Join(session.CSVHeader, ",") {
		t.Errorf("first line = %q, want the CSV header", first)
	}

	// And after it stopped, with the directory from the environment.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	out, errOut, status = forwhom(t, []string{"FORWHOM_DATA", dir}, "export", code)
	if status != 0 || !strings.Contains(out, "# Team A") {
		t.Errorf("export from FORWHOM_DATA: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	out, _, status = forwhom(t, nil, "export", "--data="+dir, "-f", "json", code)
	if status != 0 || !strings.Contains(out, `"title": "Team A"`) {
		t.Errorf("export --data=DIR -f json: status %d, stdout %q", status, out)
	}
}

func TestLocalExportExplainsFailures(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, testConfig(dir))
	code := newWorkshop(t, srv, "Team A")

	tests := []struct {
		name   string
		args   []string
		status int
		says   string
	}{
		{"a directory without data", []string{"export", "--data", t.TempDir(), code}, 1, "no forwhom data in"},
		{"an unknown code", []string{"export", "--data", dir, "ABCDEF"}, 1, "no workshop has the code ABCDEF"},
		{"no code", []string{"export", "--data", dir}, 2, "usage: export CODE"},
		{"--data without a directory", []string{"export", code, "--data"}, 2, "--data needs a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := forwhom(t, nil, tt.args...)
			if status != tt.status || out != "" || !strings.Contains(errOut, tt.says) {
				t.Errorf("%q: status %d, stdout %q, stderr %q; want %d and %q", tt.args, status, out, errOut, tt.status, tt.says)
			}
		})
	}
}

func TestHelpAndBadFlagsDoNotServe(t *testing.T) {
	_, errOut, status := forwhom(t, nil, "--help")
	if status != 0 || !strings.Contains(errOut, "FORWHOM_LISTEN") {
		t.Errorf("--help: status %d, output %q", status, errOut)
	}
	_, errOut, status = forwhom(t, nil, "--listen")
	if status != 2 || errOut == "" {
		t.Errorf("--listen without a value: status %d, stderr %q", status, errOut)
	}
}
