package session_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"forwhom/session"
)

// Authority: the session, never the screen, decides who may steer. These
// tables give every command only a facilitator may give to a plain
// participant and to a guest, in every phase, and check that each is
// refused with the kind the command documents and changes nothing at all:
// the whole stored state (Snapshot.Data) and its version are compared
// before and after. In the phase where the command makes sense the
// facilitator then gives the same command and it is accepted and changes
// the state, so each refusal is about who asked, not about the phase or a
// command that would have done nothing anyway.

// privileged is one command only a facilitator may give.
type privileged struct {
	what  string        // "change the phase", as in "Pat cannot change the phase"
	phase session.Phase // where the facilitator's own command is accepted
	prep  func(r *room) // run in that phase only, before anyone acts
	// cmd is the command as actor would give it.
	cmd func(r *room, actor *session.Conn) session.Command
	// refused is the kind of refusal anyone but a facilitator gets.
	refused error
	// facilitator is what the facilitator gets in the phase (nil:
	// accepted).
	facilitator error
	// same: the facilitator's own command is accepted but has nothing to
	// change.
	same bool
}

func privilegedCommands() []privileged {
	fixed := func(c session.Command) func(*room, *session.Conn) session.Command {
		return func(*room, *session.Conn) session.Command { return c }
	}
	deleteAllNotes := func(r *room) {
		for _, id := range []int64{r.patWho, r.patWho2, r.piaWho, r.patDo, r.piaValue} {
			r.do(r.fac, session.DeleteNote{Note: id})
		}
	}
	return []privileged{
		{
			what: "move the room to the next phase", phase: answer,
			cmd: func(r *room, _ *session.Conn) session.Command {
				p := r.snap().Workshop.Phase
				if p == done {
					return session.SetPhase{Phase: prioritize}
				}
				return session.SetPhase{Phase: p + 1}
			},
			refused: session.ErrNotFacilitator,
		},
		{
			what: "take the room back a phase", phase: group,
			cmd: func(r *room, _ *session.Conn) session.Command {
				p := r.snap().Workshop.Phase
				if p == lobby {
					return session.SetPhase{Phase: answer}
				}
				return session.SetPhase{Phase: p - 1}
			},
			refused: session.ErrNotFacilitator,
		},
		{
			what: "set a phase timer", phase: answer,
			cmd: fixed(session.SetTimer{Duration: 5 * time.Minute}), refused: session.ErrNotFacilitator,
		},
		{
			what: "clear the phase timer", phase: answer,
			prep: func(r *room) { r.do(r.fac, session.SetTimer{Duration: 5 * time.Minute}) },
			cmd:  fixed(session.SetTimer{Duration: 0}), refused: session.ErrNotFacilitator,
		},
		{
			what: "set the dot budget and cap", phase: group,
			cmd: fixed(session.SetVoteSettings{Budget: 7, MaxPerSegment: 2}), refused: session.ErrNotFacilitator,
		},
		{
			what: "reveal the vote totals", phase: vote,
			cmd: fixed(session.RevealVotes{Revealed: true}), refused: session.ErrNotFacilitator,
		},
		{
			what: "hide revealed vote totals", phase: vote,
			prep: func(r *room) { r.do(r.fac, session.RevealVotes{Revealed: true}) },
			cmd:  fixed(session.RevealVotes{Revealed: false}), refused: session.ErrNotFacilitator,
		},
		{
			what: "lock grouping", phase: group,
			cmd: fixed(session.LockGrouping{Locked: true}), refused: session.ErrNotFacilitator,
		},
		{
			what: "unlock grouping", phase: group,
			prep: func(r *room) { r.do(r.fac, session.LockGrouping{Locked: true}) },
			cmd:  fixed(session.LockGrouping{Locked: false}), refused: session.ErrNotFacilitator,
		},
		{
			what: "show everyone's hidden notes", phase: answer,
			cmd: fixed(session.SetHideNotes{Hidden: false}), refused: session.ErrNotFacilitator,
		},
		{
			what: "hide everyone's notes again", phase: answer,
			prep: func(r *room) { r.do(r.fac, session.SetHideNotes{Hidden: false}) },
			cmd:  fixed(session.SetHideNotes{Hidden: true}), refused: session.ErrNotFacilitator,
		},
		{
			what: "turn anonymity off", phase: answer, prep: deleteAllNotes,
			cmd: fixed(session.SetAnonymous{Anonymous: false}), refused: session.ErrNotFacilitator,
		},
		{
			what: "turn anonymity on", phase: answer,
			prep: func(r *room) {
				deleteAllNotes(r)
				r.do(r.fac, session.SetAnonymous{Anonymous: false})
			},
			cmd: fixed(session.SetAnonymous{Anonymous: true}), refused: session.ErrNotFacilitator,
		},
		{
			what: "retitle the workshop", phase: lobby,
			cmd: fixed(session.Retitle{Title: "Taken over"}), refused: session.ErrNotFacilitator,
		},
		{
			what: "remove another participant", phase: answer,
			cmd: func(r *room, _ *session.Conn) session.Command {
				return session.RemoveParticipant{Participant: r.pia.ID()}
			},
			refused: session.ErrNotFacilitator,
		},
		{
			what: "remove the facilitator", phase: answer,
			cmd: func(r *room, _ *session.Conn) session.Command {
				return session.RemoveParticipant{Participant: r.fac.ID()}
			},
			refused: session.ErrNotFacilitator,
			// Nobody removes themselves: a workshop keeps a facilitator.
			facilitator: session.ErrInvalid,
		},
		{
			what: "make themselves facilitator", phase: answer,
			cmd: func(_ *room, actor *session.Conn) session.Command {
				return session.SetRole{Participant: actor.ID(), Role: session.RoleFacilitator}
			},
			refused: session.ErrNotFacilitator,
			same:    true, // the facilitator already is one
		},
		{
			what: "make another participant co-facilitator", phase: answer,
			cmd: func(r *room, _ *session.Conn) session.Command {
				return session.SetRole{Participant: r.pia.ID(), Role: session.RoleFacilitator}
			},
			refused: session.ErrNotFacilitator,
		},
		{
			what: "make the facilitator a plain participant", phase: answer,
			prep: func(r *room) { r.do(r.fac, session.SetRole{Participant: r.pia.ID(), Role: session.RoleFacilitator}) },
			cmd: func(r *room, _ *session.Conn) session.Command {
				return session.SetRole{Participant: r.fac.ID(), Role: session.RoleParticipant}
			},
			refused: session.ErrNotFacilitator,
		},
		{
			what: "hand facilitation to another participant", phase: group,
			cmd:     func(r *room, _ *session.Conn) session.Command { return session.HandOver{Participant: r.pia.ID()} },
			refused: session.ErrNotFacilitator,
		},
		{
			// Handing over to oneself is refused as nonsense before the
			// role is even looked at; the kind HandOver documents.
			what: "hand facilitation to themselves", phase: group,
			cmd:         func(_ *room, actor *session.Conn) session.Command { return session.HandOver{Participant: actor.ID()} },
			refused:     session.ErrInvalid,
			facilitator: session.ErrInvalid,
		},
		{
			// Moderation: the facilitator removes any note; anyone else
			// only their own, which is not theirs to touch.
			what: "delete someone else's note", phase: group,
			cmd:     func(r *room, _ *session.Conn) session.Command { return session.DeleteNote{Note: r.piaWho} },
			refused: session.ErrNotYours,
		},
	}
}

func TestOnlyAFacilitatorSteers(t *testing.T) {
	for _, pc := range privilegedCommands() {
		t.Run(pc.what, func(t *testing.T) {
			for _, phase := range session.Phases {
				t.Run("in "+phase.String(), func(t *testing.T) {
					r := newRoom(t, phase)
					if phase == pc.phase && pc.prep != nil {
						pc.prep(r)
					}
					for _, actor := range []struct {
						who  string
						conn *session.Conn
					}{{"participant Pat", r.pat}, {"guest Gus", r.gus}} {
						cmd := pc.cmd(r, actor.conn)
						before := r.snap()
						err := actor.conn.Do(r.ctx, cmd)
						if !errors.Is(err, pc.refused) {
							t.Fatalf("%s tried to %s (%T%+v): got %v, want %v", actor.who, pc.what, cmd, cmd, err, pc.refused)
						}
						if err.Error() == "" {
							t.Errorf("the refusal to %s has no message for the user", actor.who)
						}
						unchanged(t, before, r.snap(), fmt.Sprintf("%s's refused attempt to %s", actor.who, pc.what))
					}
					if phase != pc.phase {
						return
					}
					// The same command from the facilitator: the refusal
					// above was about who asked.
					cmd := pc.cmd(r, r.fac)
					before := r.snap()
					err := r.fac.Do(r.ctx, cmd)
					switch {
					case pc.facilitator == nil && err != nil:
						t.Fatalf("the facilitator could not %s either (%T%+v): %v", pc.what, cmd, cmd, err)
					case pc.facilitator != nil && !errors.Is(err, pc.facilitator):
						t.Fatalf("the facilitator tried to %s: got %v, want %v", pc.what, err, pc.facilitator)
					case pc.facilitator == nil && !pc.same && reflect.DeepEqual(before.Data(), r.snap().Data()):
						t.Errorf("the facilitator's %T%+v changed nothing: the row proves nothing", cmd, cmd)
					}
				})
			}
		})
	}
}

// unchanged fails the test if anything in the workshop differs between two
// snapshots, or a new version was published.
func unchanged(t *testing.T, before, after *session.Snapshot, what string) {
	t.Helper()
	if after.Version != before.Version {
		t.Errorf("%s published version %d (was %d)", what, after.Version, before.Version)
	}
	if b, a := before.Data(), after.Data(); !reflect.DeepEqual(b, a) {
		t.Errorf("%s changed the workshop:\nbefore %+v\nafter  %+v", what, b, a)
	}
}

// A note is its author's: nobody else edits it, in any phase (outside
// Answer nobody edits at all, and that refusal comes first), and nobody but
// a facilitator deletes it.
func TestNobodyTouchesAnothersNote(t *testing.T) {
	for _, phase := range session.Phases {
		t.Run("in "+phase.String(), func(t *testing.T) {
			r := newRoom(t, phase)
			editKind := session.ErrNotYours
			if phase != answer {
				editKind = session.ErrWrongPhase
			}
			cases := []struct {
				who  string
				by   *session.Conn
				cmd  session.Command
				want error
			}{
				{"participant Pat edits Pia's note", r.pat, session.EditNote{Note: r.piaWho, Text: "rewritten"}, editKind},
				{"guest Gus edits Pia's note", r.gus, session.EditNote{Note: r.piaValue, Text: "rewritten"}, editKind},
				{"the facilitator edits Pia's note", r.fac, session.EditNote{Note: r.piaWho, Text: "rewritten"}, editKind},
				{"participant Pia edits Pat's note", r.pia, session.EditNote{Note: r.patDo, Text: "rewritten"}, editKind},
				{"participant Pat deletes Pia's note", r.pat, session.DeleteNote{Note: r.piaWho}, session.ErrNotYours},
				{"guest Gus deletes Pia's note", r.gus, session.DeleteNote{Note: r.piaValue}, session.ErrNotYours},
				{"participant Pia deletes Pat's note", r.pia, session.DeleteNote{Note: r.patWho}, session.ErrNotYours},
			}
			for _, tc := range cases {
				before := r.snap()
				if err := tc.by.Do(r.ctx, tc.cmd); !errors.Is(err, tc.want) {
					t.Errorf("%s: got %v, want %v", tc.who, err, tc.want)
				}
				unchanged(t, before, r.snap(), tc.who)
			}
		})
	}
}

// A removed participant's key is out of that workshop for good: its open
// connection is refused everything, joining again (under any name) is
// refused and changes nothing, and the same key still creates and joins
// other workshops.
func TestARemovedParticipantStaysOut(t *testing.T) {
	r := newRoom(t, group)
	r.do(r.fac, session.RemoveParticipant{Participant: r.pat.ID()})

	before := r.snap()
	if err := r.pat.Do(r.ctx, session.AddNote{Question: session.QuestionWho, Text: "back door"}); !errors.Is(err, session.ErrRemoved) {
		t.Errorf("the removed participant's open connection: got %v, want ErrRemoved", err)
	}
	for _, name := range []string{"Pat", "Someone else entirely"} {
		err := r.tryJoin(r.code, session.Identity{ID: r.pat.ID(), Name: name})
		if !errors.Is(err, session.ErrRemoved) {
			t.Errorf("joining again as %q: got %v, want ErrRemoved", name, err)
		}
	}
	// Typed the way a user might: lower case, with a dash.
	typed := fmt.Sprintf("%s-%s", r.code[:3], r.code[3:])
	if err := r.tryJoin(typed, session.Identity{ID: r.pat.ID(), Name: "Pat"}); !errors.Is(err, session.ErrRemoved) {
		t.Errorf("joining again with the code typed as %q: got %v, want ErrRemoved", typed, err)
	}
	unchanged(t, before, r.snap(), "the removed participant's attempts")

	pat := session.Identity{ID: r.pat.ID(), Name: "Pat"}
	other, err := r.m.Create(r.ctx, session.Identity{ID: "SHA256:other", Name: "Olga"}, "Another team")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.tryJoin(other, pat); err != nil {
		t.Errorf("the removed participant joining another workshop: %v", err)
	}
	own, err := r.m.Create(r.ctx, pat, "Pat's own")
	if err != nil {
		t.Fatalf("the removed participant creating a workshop: %v", err)
	}
	if err := r.tryJoin(own, pat); err != nil {
		t.Errorf("the removed participant joining their own workshop: %v", err)
	}
}

// Nobody without an identity gets in: every rule is keyed by it.
func TestAnEmptyIdentityIsRefused(t *testing.T) {
	w := newWorkshop(t)
	if _, err := w.m.Join(w.ctx, w.code, session.Identity{Name: "nobody"}); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("join without an ID: %v, want ErrInvalid", err)
	}
	if _, err := w.m.Create(w.ctx, session.Identity{Name: "nobody"}, "Title"); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("create without an ID: %v, want ErrInvalid", err)
	}
}

// A command that changes nothing is neither saved nor sent to anyone.
func TestACommandThatChangesNothingWakesNobody(t *testing.T) {
	for _, tc := range []struct {
		name  string
		phase session.Phase
		by    func(r *room) *session.Conn
		cmd   func(r *room) session.Command
	}{
		{"a move to where the note is", session.PhaseGroup, func(r *room) *session.Conn { return r.pat },
			func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: r.segA} }},
		{"not done, when not done", session.PhaseAnswer, func(r *room) *session.Conn { return r.pat },
			func(*room) session.Command { return session.SetReady{Ready: false} }},
		{"the name one has", session.PhaseAnswer, func(r *room) *session.Conn { return r.pat },
			func(*room) session.Command { return session.Rename{Name: "Pat"} }},
		{"the title it has", session.PhaseAnswer, func(r *room) *session.Conn { return r.fac },
			func(r *room) session.Command { return session.Retitle{Title: r.snap().Workshop.Title} }},
		{"notes hidden, when hidden", session.PhaseAnswer, func(r *room) *session.Conn { return r.fac },
			func(r *room) session.Command {
				return session.SetHideNotes{Hidden: r.snap().Workshop.Settings.HideNotes}
			}},
		{"a segment's own name", session.PhaseGroup, func(r *room) *session.Conn { return r.fac },
			func(r *room) session.Command { return session.RenameSegment{Segment: r.segA, Name: "Builders"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoom(t, tc.phase)
			before := r.snap().Version
			r.do(tc.by(r), tc.cmd(r))
			if after := r.snap().Version; after != before {
				t.Fatalf("version %d → %d for a command that changed nothing", before, after)
			}
		})
	}
}
