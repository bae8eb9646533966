package sshserver

// A fast typist's or a paste's actions land in the order they were made,
// over real SSH: each burst of keys is one write to the terminal, so the
// server gets the keys together, as it does from a paste or a quick typist.
// Everything is checked in the workshop's stored state, not only on screen.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"forwhom/internal/termclient"
	"forwhom/session"
)

// setup is a second connection of the same person, straight to the
// session, for the steps that lead up to what a test is about.
func setup(t *testing.T, srv *testServer, u *user, code string) *session.Conn {
	t.Helper()
	c, err := srv.manager.Join(context.Background(), code, session.Identity{ID: keyFingerprint(u), Name: u.name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func mustDo(t *testing.T, c *session.Conn, cmds ...session.Command) {
	t.Helper()
	for _, cmd := range cmds {
		if err := c.Do(context.Background(), cmd); err != nil {
			t.Fatalf("%T%+v: %v", cmd, cmd, err)
		}
	}
}

// typeAtOnce sends text in one write.
func typeAtOnce(t *testing.T, term *termclient.Term, text string) {
	t.Helper()
	if err := term.Type(text); err != nil {
		t.Fatal(err)
	}
}

func TestNotesTypedInOneWriteAreStoredAndExportedInTypedOrder(t *testing.T) {
	srv := startTestServer(t)
	fran := newUser(t, srv, "fran")
	// Typed: each note and its enter in one write, as a quick typist or
	// a terminal without bracketed paste sends them; pasted: the list as
	// a terminal pastes it, each line a note.
	for round, how := range []string{"typed", "typed", "typed", "pasted", "pasted"} {
		code := fran.newWorkshop(fmt.Sprint("Order ", round))
		// Named: an anonymous workshop lists its notes by text, so that
		// their order tells nothing of who wrote them.
		mustDo(t, setup(t, srv, fran, code), session.SetAnonymous{Anonymous: false})
		term := fran.open("join " + code)
		waitScreen(t, term, "Who is here")
		typeKeys(t, term, ">")
		waitScreen(t, term, "● Answer")
		// Column 3 asks "who"; a opens its input.
		want := []string{"Product engineers", "New hires", "SRE on call", "Data team", "Support desk"}
		for i := range want {
			want[i] = fmt.Sprintf("%s %d", want[i], round)
		}
		typeKeys(t, term, "tab", "tab", "a")
		waitScreen(t, term, "New note")
		if how == "typed" {
			typeAtOnce(t, term, strings.Join(want, "\r")+"\r")
		} else {
			typeAtOnce(t, term, "\x1b[200~"+strings.Join(want, "\r\n")+"\r\n\x1b[201~")
		}

		snap := waitWorkshop(t, srv, code, "five notes", func(s *session.Snapshot) bool { return len(s.Notes) == len(want) })
		var stored []string
		for _, n := range snap.Notes {
			stored = append(stored, n.Text)
		}
		if !slices.Equal(stored, want) {
			t.Fatalf("round %d (%s): notes stored as\n%q\nwant the order %s\n%q", round, how, stored, how, want)
		}
		var res session.Result
		if err := json.Unmarshal([]byte(fran.mustRun("export "+code+" --format json")), &res); err != nil {
			t.Fatalf("the export is not JSON: %v", err)
		}
		var exported []string
		for _, n := range res.Answers["who"] {
			exported = append(exported, n.Text)
		}
		if !slices.Equal(exported, want) {
			t.Fatalf("round %d (%s): notes exported as\n%q\nwant the order %s\n%q", round, how, exported, how, want)
		}
		_ = term.Close()
	}
}

func TestARenameTypedTwiceInOneWriteEndsWithTheSecondName(t *testing.T) {
	srv := startTestServer(t)
	fran := newUser(t, srv, "fran")
	code := fran.newWorkshop("Renames")
	term := fran.open("join " + code)
	waitScreen(t, term, "Who is here")
	// r opens the name with the current one in it; ctrl+u clears it.
	for i := range 5 {
		before, _ := srv.manager.Snapshot(context.Background(), code)
		first, second := fmt.Sprint("First name ", i), fmt.Sprint("Second name ", i)
		typeAtOnce(t, term, "r\x15"+first+"\rr\x15"+second+"\r")
		snap := waitWorkshop(t, srv, code, "both renames", func(s *session.Snapshot) bool {
			return s.Version >= before.Version+2
		})
		if p, _ := participantIn(snap, keyFingerprint(fran)); p.Name != second {
			t.Fatalf("after two renames the name is %q, want %q", p.Name, second)
		}
		waitScreen(t, term, second)
	}
}

func TestMinusThenPlusOnAFullBudgetKeepsTheDots(t *testing.T) {
	srv := startTestServer(t)
	fran := newUser(t, srv, "fran")
	code := fran.newWorkshop("Dots")
	c := setup(t, srv, fran, code)
	mustDo(t, c, session.SetVoteSettings{Budget: 2, MaxPerSegment: 2}, session.SetPhase{Phase: session.PhaseAnswer},
		session.AddNote{Question: session.QuestionWho, Text: "Builders"},
		session.AddNote{Question: session.QuestionWho, Text: "Operators"},
		session.SetPhase{Phase: session.PhaseGroup})
	snap, _ := srv.manager.Snapshot(context.Background(), code)
	mustDo(t, c, session.CreateSegment{Notes: []int64{snap.Notes[0].ID}}, session.CreateSegment{Notes: []int64{snap.Notes[1].ID}},
		session.SetPhase{Phase: session.PhaseVote})
	snap, _ = srv.manager.Snapshot(context.Background(), code)
	first := snap.Segments[0].ID
	mustDo(t, c, session.CastDot{Segment: first}, session.CastDot{Segment: first})

	term := fran.open("join " + code)
	waitScreen(t, term, "Dots left: 0 of 2")
	for range 5 {
		before, _ := srv.manager.Snapshot(context.Background(), code)
		typeAtOnce(t, term, "-+")
		after := waitWorkshop(t, srv, code, "the dot back and placed again", func(s *session.Snapshot) bool {
			return s.Version >= before.Version+2
		})
		for _, v := range after.Votes {
			if v.Segment == first && v.Dots != 2 {
				t.Fatalf("after - then +, %d dots on the segment, want 2", v.Dots)
			}
		}
		if dotsOn(after, first) != 2 {
			t.Fatalf("after - then +, %d dots on the segment, want 2", dotsOn(after, first))
		}
	}
}

func dotsOn(s *session.Snapshot, seg int64) int {
	n := 0
	for _, v := range s.Votes {
		if v.Segment == seg {
			n += v.Dots
		}
	}
	return n
}

// Each toggle pressed twice in one write is applied twice: the state is
// back where it started, in the database, and both changes were made.
func TestEveryTogglePressedTwiceInOneWriteEndsWhereItStarted(t *testing.T) {
	srv := startTestServer(t)
	fran := newUser(t, srv, "fran")
	code := fran.newWorkshop("Toggles")
	c := setup(t, srv, fran, code)
	term := fran.open("join " + code)
	waitScreen(t, term, "Who is here")

	snap := func() *session.Snapshot {
		s, err := srv.manager.Snapshot(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	me := func(s *session.Snapshot) session.Participant {
		p, _ := participantIn(s, keyFingerprint(fran))
		return p
	}
	toggle := func(name, keys string, state func(*session.Snapshot) any) {
		t.Helper()
		before := snap()
		typeAtOnce(t, term, keys)
		after := waitWorkshop(t, srv, code, name+" pressed twice", func(s *session.Snapshot) bool {
			return s.Version >= before.Version+2
		})
		if got, want := state(after), state(before); got != want {
			t.Errorf("%s pressed twice: %v, want %v as before", name, got, want)
		}
	}

	// Lobby: anonymity, from the facilitator menu (F, then A).
	toggle("anonymity", "FAFA", func(s *session.Snapshot) any { return s.Workshop.Settings.Anonymous })
	// Co-facilitator on the people panel (P, Pat, then c).
	pat := setup(t, srv, newUser(t, srv, "pat"), code)
	typeKeys(t, term, "P")
	waitScreen(t, term, "● pat")
	typeKeys(t, term, "down")
	waitScreen(t, term, "› ● pat")
	toggle("co-facilitator (c)", "cc", func(s *session.Snapshot) any { p, _ := participantIn(s, pat.ID()); return p.Role })
	typeKeys(t, term, "esc")
	waitScreen(t, term, "Who is here")

	mustDo(t, c, session.SetPhase{Phase: session.PhaseAnswer})
	waitScreen(t, term, "● Answer")
	toggle("done (space)", "  ", func(s *session.Snapshot) any { return me(s).Ready })
	toggle("hide notes (H)", "HH", func(s *session.Snapshot) any { return s.Workshop.Settings.HideNotes })
	mustDo(t, c, session.AddNote{Question: session.QuestionWho, Text: "Builders"})

	mustDo(t, c, session.SetPhase{Phase: session.PhaseGroup})
	waitScreen(t, term, "● Group")
	toggle("lock grouping (L)", "LL", func(s *session.Snapshot) any { return s.Workshop.Settings.GroupingLocked })
	mustDo(t, c, session.CreateSegment{Notes: []int64{snap().Notes[0].ID}})

	mustDo(t, c, session.SetPhase{Phase: session.PhaseVote})
	waitScreen(t, term, "● Vote")
	toggle("reveal (R)", "RR", func(s *session.Snapshot) any { return s.Workshop.Settings.VotesRevealed })
	toggle("done voting (d)", "dd", func(s *session.Snapshot) any { return me(s).Ready })

	mustDo(t, c, session.SetPhase{Phase: session.PhasePrioritize})
	waitScreen(t, term, "● Prioritize")
	for i := range session.Lenses {
		toggle(fmt.Sprint("insight ", i+1), fmt.Sprint(i+1, i+1), func(s *session.Snapshot) any { return len(s.Picks) })
	}
}
