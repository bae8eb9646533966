package forwhom

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Each package's imports, transitive, must stay inside its role (an entry
// ending in "/" forbids a whole tree; database/sql/driver, which a colour
// library imports for its interfaces, is not database/sql): the
// rules know no terminal, SSH or SQL; the runtime knows no screen and no
// rule; the screens know no storage, SSH or runtime. The test asks the go
// tool (go list), so it sees exactly what the compiler links.
func TestPackagesImportOnlyWhatTheirRoleAllows(t *testing.T) {
	terminal := []string{
		"charm.land/bubbletea/", "charm.land/bubbles/", "charm.land/lipgloss/",
		"github.com/charmbracelet/ultraviolet", "github.com/charmbracelet/colorprofile",
		"github.com/charmbracelet/x/term", "golang.org/x/term", "github.com/creack/pty",
		"forwhom/tui", "forwhom/internal/teahost", "forwhom/internal/cellwidth",
	}
	ssh := []string{
		"golang.org/x/crypto/ssh", "golang.org/x/crypto/ssh/", "github.com/charmbracelet/ssh", "charm.land/wish/",
		"forwhom/sshserver",
	}
	sql := []string{"database/sql", "modernc.org/sqlite", "forwhom/store"}
	rules := []struct {
		pkg    string
		forbid [][]string
		why    string
	}{
		{"forwhom/session", [][]string{terminal, ssh, sql},
			"the rules hold no terminal, SSH or SQL code (text is sanitized with x/ansi's parser, which draws nothing)"},
		{"forwhom/internal/teahost", [][]string{{"forwhom/tui", "forwhom/session", "forwhom/store", "forwhom/sshserver"}, ssh, sql},
			"the runtime runs any tea.Model: it knows no screen, rule, storage or SSH"},
		{"forwhom/tui", [][]string{sql, ssh, {"forwhom/internal/teahost"}},
			"the screens talk to session only: no storage, SSH, or the runtime that runs them"},
		{"forwhom/plain", [][]string{terminal, ssh, sql},
			"plain mode writes sentences: no screen library, storage or SSH"},
		{"forwhom/store", [][]string{terminal, ssh},
			"storage knows no terminal or SSH"},
		{"forwhom/sshserver", [][]string{sql},
			"the SSH server is given a session manager; it opens no store"},
	}
	deps := goListDeps(t)
	for _, r := range rules {
		ds, ok := deps[r.pkg]
		if !ok {
			t.Errorf("go list did not list %s", r.pkg)
			continue
		}
		for _, d := range ds {
			for _, group := range r.forbid {
				for _, bad := range group {
					if d == bad || strings.HasSuffix(bad, "/") && strings.HasPrefix(d, bad) {
						t.Errorf("%s imports %s (directly or through another package): %s", r.pkg, d, r.why)
					}
				}
			}
		}
	}
}

// goListDeps is every package of the module with its transitive imports,
// tests left out.
func goListDeps(t *testing.T) map[string][]string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	out, err := exec.Command(goTool, "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
	}
	return deps
}
