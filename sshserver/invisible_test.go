package sshserver

// Characters a terminal draws as nothing, or as its font likes, that the
// server's layout would count as cells (issue 19): in a workshop's title,
// a participant's name (from the SSH user name), notes and a segment's
// name, none may shift a row on anyone else's terminal.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"forwhom/session"
)

// shiftingCharacters are, by class, what issue 19 found shifting rows by
// up to 30 columns: tags, unassigned default-ignorables, unassigned code
// points, Hangul fillers, the combining grapheme joiner, Khmer inherent
// vowels, Mongolian variation selectors, private use, and the emoji parts
// that a terminal and the server measure differently when alone.
var shiftingCharacters = []struct{ class, chars string }{
	{"tags", "\U000E0002\U000E001F\U000E0080"},
	{"unassigned ignorables", "\U000E01F0\u2065\uFFF0"},
	{"unassigned", "\u0378"},
	{"fillers", "\u115F\u1160\u3164\uFFA0"},
	{"joiners and inherent vowels", "\u034F\u17B4\u180B"},
	{"private use", "\uE000\U000F0000"},
	{"lone emoji parts", "\U0001F1E9x\U0001F3FD\uFE0F"},
}

// withEveryClass is text made of words with every class of
// shiftingCharacters inside them.
func withEveryClass(word string) string {
	var b strings.Builder
	for i, c := range shiftingCharacters {
		fmt.Fprintf(&b, "%s%d%s ", word, i, c.chars)
	}
	return strings.TrimSpace(b.String())
}

func TestNoTextShiftsAnotherParticipantsRows(t *testing.T) {
	srv, _ := hostileServer(t)
	ctx := context.Background()
	fran := newUser(t, srv, "fran")
	mallory := newUser(t, srv, "mal"+shiftingCharacters[3].chars+"lory"+shiftingCharacters[0].chars)
	victor := newUser(t, srv, "victor")

	// The title comes over SSH, raw, as `new` takes it.
	r := fran.run("new " + withEveryClass("Ti"))
	if r.Status != 0 {
		t.Fatalf("new: status %d, stderr %q", r.Status, r.Stderr)
	}
	code, _, _ := strings.Cut(r.Stdout, "\n")
	facilitator, err := srv.manager.Join(ctx, code, session.Identity{ID: keyFingerprint(fran), Name: "fran"})
	if err != nil {
		t.Fatal(err)
	}
	defer facilitator.Close()
	steer := func(c *session.Conn, cmds ...session.Command) {
		t.Helper()
		for _, cmd := range cmds {
			if err := c.Do(ctx, cmd); err != nil {
				t.Fatalf("%T: %v", cmd, err)
			}
		}
	}
	steer(facilitator, session.SetAnonymous{Anonymous: false}, session.SetPhase{Phase: session.PhaseAnswer},
		session.SetHideNotes{Hidden: false})

	// Mallory joins over SSH under her user name; what she writes goes
	// through the session as her keys would send it.
	m := mallory.openWithSize("join "+code, 120, 40)
	waitScreen(t, m, "One idea per note")
	mal, err := srv.manager.Join(ctx, code, session.Identity{ID: keyFingerprint(mallory), Name: "ignored: already in"})
	if err != nil {
		t.Fatal(err)
	}
	defer mal.Close()
	steer(mal,
		session.AddNote{Question: session.QuestionWho, Text: withEveryClass("who")},
		session.AddNote{Question: session.QuestionWho, Text: "plain who"},
		session.AddNote{Question: session.QuestionDo, Text: withEveryClass("do")},
		session.AddNote{Question: session.QuestionValue, Text: withEveryClass("val")},
	)
	steer(facilitator, session.SetPhase{Phase: session.PhaseGroup})
	var who []int64
	for _, n := range mal.View().Notes {
		if n.Question == session.QuestionWho {
			who = append(who, n.ID)
		}
	}
	steer(mal, session.CreateSegment{Name: "Seg" + shiftingCharacters[0].chars + shiftingCharacters[3].chars + "ment", Notes: who[:1]})

	// Victor arrives last: his first frame is drawn whole.
	const cols, rows = 120, 40
	v := victor.openWithSize("join "+code, cols, rows)
	screen := waitScreenAll(t, v, "the Group screen with Mallory's texts", []string{"● Group", "who0", "do0", "ment (1)", "lory", "? more"})
	checkWorkshopFrame(t, screen, cols, rows, session.Sanitize(withEveryClass("Ti"), session.MaxTitleLen), code, "● Group")
	// Every row that runs to the right margin (the header, whose join
	// code is right-aligned, and the body's boxes, border to border) is
	// exactly as wide to a terminal as the frame planned; no row is
	// wider.
	for y := range rows {
		got := v.RowWidth(y)
		full := y == 0 || (y >= 3 && y < rows-2)
		if (full && got != cols-1) || got > cols-1 {
			t.Errorf("row %d is %d columns on Victor's terminal, want %d: %q", y, got, cols-1, v.Line(y))
		}
	}
}
