package sshserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"forwhom/internal/termclient"
	"forwhom/session"
	"forwhom/store"
)

// importRoom is a workshop over a memory store, its facilitator and a
// participant, for running import through the router.
type importRoom struct {
	t    *testing.T
	mgr  *session.Manager
	code string
	ana  session.Identity // the facilitator
	bob  session.Identity
}

func newImportRoom(t *testing.T) *importRoom {
	t.Helper()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Limits: session.DefaultLimits()})
	t.Cleanup(mgr.Close)
	r := &importRoom{t: t, mgr: mgr,
		ana: session.Identity{ID: "SHA256:ana", Name: "Ana"}, bob: session.Identity{ID: "SHA256:bob", Name: "Bob"}}
	code, err := mgr.Create(context.Background(), r.ana, "Survey")
	if err != nil {
		t.Fatal(err)
	}
	r.code = code
	c, err := mgr.Join(context.Background(), code, r.bob)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	return r
}

// run runs a command as who with input on stdin.
func (r *importRoom) run(who session.Identity, input string, args ...string) (stdout, stderr string, status int) {
	var out, errOut bytes.Buffer
	inv := &invocation{manager: r.mgr, who: who, addr: sshAddress{host: "example.org"},
		stdin: strings.NewReader(input), stdout: &out, stderr: &errOut}
	status = runCommand(context.Background(), inv, args)
	return out.String(), errOut.String(), status
}

func (r *importRoom) notes() []session.Note {
	snap, err := r.mgr.Snapshot(context.Background(), r.code)
	if err != nil {
		r.t.Fatal(err)
	}
	return snap.Notes
}

// Every bad input is refused with its line, on stderr, and the workshop
// keeps not one of the file's answers.
func TestImportRefusesBadInputAndAddsNothing(t *testing.T) {
	r := newImportRoom(t)
	long := strings.Repeat("é", session.MaxNoteLen+1)
	var overLimit strings.Builder
	overLimit.WriteString("question,text\n")
	for i := range session.DefaultLimits().NotesPerWorkshop + 1 {
		fmt.Fprintf(&overLimit, "who,Answer %d\n", i)
	}
	tests := []struct {
		name  string
		input string
		args  []string
		says  string
	}{
		{"a missing text column", "question,segment\nwho,x\n", nil, "line 1 names no text column"},
		{"a missing question column", "text\nParents\n", nil, "line 1 names no question column"},
		{"an unknown question", "question,text\nwho,Parents\nwhom,Kids\n", nil, `line 3: unknown question "whom"`},
		{"an empty answer", "question,text\nwho,Parents\nwho,\n", nil, "line 3 is empty"},
		{"an empty line in a plain list", "Parents\n   \nKids\n", []string{"--question", "who"}, "line 2 is empty"},
		{"an over-long line", "question,text\nwho,Parents\nwho,Kids\nwho," + long + "\n", nil, "line 4 is 281 characters long"},
		{"invalid UTF-8", "Parents\nKids\xfe\n", []string{"-q", "3"}, "line 2 is not valid UTF-8"},
		{"more answers than the workshop may hold", overLimit.String(), nil, "line 5002 is over the workshop's note limit"},
		{"an empty input", "", nil, "the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := r.run(r.ana, tt.input, append([]string{"import", r.code}, tt.args...)...)
			if status != 1 || out != "" || !strings.Contains(errOut, tt.says) || !strings.Contains(errOut, "nothing was imported") {
				t.Errorf("status %d, stdout %q, stderr %q; want 1 and %q, nothing imported", status, out, errOut, tt.says)
			}
			if n := len(r.notes()); n != 0 {
				t.Errorf("%d notes were added", n)
			}
		})
	}
}

func TestImportAddsNotesAndSaysHowMany(t *testing.T) {
	r := newImportRoom(t)
	out, errOut, status := r.run(r.ana, "question,text,segment\nwho,Parents,families\n1,We lend books,\nvalue,No queues,\n",
		"import", strings.ToLower(r.code), "--source", "survey")
	if status != 0 || errOut != "" {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
	if want := fmt.Sprintf("added 3 notes to %s, marked \"survey\" (do 1, value 1, who 1)\n", r.code); out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	out, _, status = r.run(r.ana, "Kids\nTeens\n", "import", r.code, "--question=who")
	if status != 0 || !strings.Contains(out, `added 2 notes to `+r.code+`, marked "import"`) {
		t.Errorf("a plain list: status %d, stdout %q", status, out)
	}
	notes := r.notes()
	if len(notes) != 5 || notes[0].Source != "survey" || notes[4].Source != "import" || notes[4].Text != "Teens" {
		t.Errorf("notes: %+v", notes)
	}

	// Refusals: a participant, a usage error, the Group phase.
	if _, errOut, status := r.run(r.bob, "Kids\n", "import", r.code, "-q", "who"); status != 1 || !strings.Contains(errOut, "only a facilitator can import answers") {
		t.Errorf("a participant's import: status %d, stderr %q", status, errOut)
	}
	if _, errOut, status := r.run(r.ana, "Kids\n", "import", r.code, "--question", "why"); status != 2 || !strings.Contains(errOut, "unknown question") {
		t.Errorf("--question why: status %d, stderr %q", status, errOut)
	}
	if _, errOut, status := r.run(r.ana, "Kids\n", "import", r.code, "-q", "who", "--colour"); status != 2 || !strings.Contains(errOut, "usage: import CODE") {
		t.Errorf("an unknown option: status %d, stderr %q", status, errOut)
	}
	if n := len(r.notes()); n != 5 {
		t.Errorf("%d notes after refusals, want 5", n)
	}
}

// Over SSH, into the SQLite file: a 500-line CSV lands as 500 notes, in
// one commit (the store writes a command's changes in one transaction).
func TestImportOverSSHStoresEveryAnswer(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, testConfig(dir))
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Survey")
	var file strings.Builder
	file.WriteString("id,question,text\n")
	for i := range 500 {
		fmt.Fprintf(&file, "%d,%s,\"Answer %d, in the customer's words\"\n", i, []string{"do", "value", "who"}[i%3], i)
	}
	r := ana.runWithInput("import "+code+" --source survey", file.String())
	if r.Status != 0 || r.Stdout != "added 500 notes to "+code+", marked \"survey\" (do 167, value 167, who 166)\n" {
		t.Fatalf("import: status %d, stdout %q, stderr %q", r.Status, r.Stdout, r.Stderr)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dbPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Load(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notes) != 500 || d.Notes[499].Text != "Answer 499, in the customer's words" || d.Notes[499].Source != "survey" {
		t.Errorf("%d notes stored; the last %+v", len(d.Notes), d.Notes[len(d.Notes)-1])
	}
}

// runWithInput runs an exec command with input on its stdin, as
// `ssh HOST cmd < FILE` does.
func (u *user) runWithInput(cmd, input string) termclient.Result {
	u.t.Helper()
	c := u.dial()
	r, err := termclient.ExecWithInput(c, cmd, strings.NewReader(input))
	if err != nil {
		u.t.Fatal(err)
	}
	return r
}

// suggest prints what the Group screen offers, as md or json; --apply is a
// facilitator's, and accepts them all in one go.
func TestSuggestPrintsAndAppliesSuggestions(t *testing.T) {
	r := newImportRoom(t)
	ctx := context.Background()
	if _, errOut, status := r.run(r.ana, "", "suggest", r.code); status != 1 || !strings.Contains(errOut, "segments are suggested in the Group phase") {
		t.Errorf("suggest in Lobby: status %d, stderr %q", status, errOut)
	}
	if _, errOut, status := r.run(r.ana, "Kids\nKids\nTeens\nTeens\nStaff\n", "import", r.code, "-q", "who"); status != 0 {
		t.Fatalf("import: %s", errOut)
	}
	c, err := r.mgr.Join(ctx, r.code, r.ana)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, p := range []session.Phase{session.PhaseAnswer, session.PhaseGroup} {
		if err := c.Do(ctx, session.SetPhase{Phase: p}); err != nil {
			t.Fatal(err)
		}
	}

	out, errOut, status := r.run(r.bob, "", "suggest", r.code, "--format", "json")
	var got struct {
		Suggestions []struct {
			Name  string `json:"name"`
			Notes []struct {
				ID   int64  `json:"id"`
				Text string `json:"text"`
			} `json:"notes"`
			Segment *int64 `json:"segment"`
		} `json:"suggestions"`
	}
	if status != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("suggest --format json: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if len(got.Suggestions) != 2 || got.Suggestions[0].Name != "Kids" || len(got.Suggestions[0].Notes) != 2 ||
		got.Suggestions[0].Notes[1].Text != "Kids" || got.Suggestions[0].Segment != nil || !strings.Contains(out, `"segment": null`) {
		t.Errorf("suggest --format json printed %s", out)
	}
	if out, _, status := r.run(r.bob, "", "suggest", r.code); status != 0 || !strings.Contains(out, "1. **Kids**: a new segment of 2 notes\n   - Kids\n   - Kids\n") {
		t.Errorf("suggest (md): status %d, stdout %q", status, out)
	}
	if _, errOut, status := r.run(r.bob, "", "suggest", r.code, "--apply"); status != 1 || !strings.Contains(errOut, "only a facilitator") {
		t.Errorf("a participant's --apply: status %d, stderr %q", status, errOut)
	}
	if _, errOut, status := r.run(r.ana, "", "suggest", r.code, "-f", "csv"); status != 2 || !strings.Contains(errOut, "use md or json") {
		t.Errorf("suggest -f csv: status %d, stderr %q", status, errOut)
	}
	out, errOut, status = r.run(r.ana, "", "suggest", r.code, "--apply")
	if status != 0 || !strings.HasSuffix(out, "\nAccepted all 2 suggestions.\n") {
		t.Fatalf("--apply: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	v := c.View()
	if len(v.Segments) != 2 || v.Segments[0].Name != "Kids" || v.Segments[1].Name != "Teens" || len(v.Segments[1].Notes) != 2 {
		t.Errorf("segments after --apply: %+v", v.Segments)
	}
	if out, _, _ := r.run(r.ana, "", "suggest", r.code, "--format=json"); out != "{\n  \"suggestions\": []\n}\n" {
		t.Errorf("suggest after --apply: %q", out)
	}
	if _, errOut, status := r.run(r.ana, "", "suggest", r.code, "--apply"); status != 1 || !strings.Contains(errOut, "no suggestions") {
		t.Errorf("--apply with nothing left: status %d, stderr %q", status, errOut)
	}
}
