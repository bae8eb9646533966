package session_test

import (
	"fmt"
	"testing"
	"time"

	"forwhom/session"
)

// permRoom is a workshop in a given phase where each role has written a
// "who" note: a facilitator, a participant, a guest and a participant the
// facilitator removed afterwards; from Group on, one segment holds them.
type permRoom struct {
	*workshop
	by    map[string]*session.Conn
	notes map[string]int64 // each role's own note
	seg   int64
	steps map[string]int64 // in Discuss, each role's own next step
}

var permRoles = []string{"facilitator", "participant", "guest", "removed"}

func newPermRoom(t *testing.T, phase session.Phase, locked, anonymous bool) *permRoom {
	t.Helper()
	r := &permRoom{workshop: newWorkshop(t), by: map[string]*session.Conn{}, notes: map[string]int64{}, steps: map[string]int64{}}
	r.by["facilitator"] = r.fac
	r.by["participant"] = r.participant("pat", "Pat")
	r.by["guest"] = r.guest("gus", "Gus")
	r.by["removed"] = r.participant("rem", "Rem")
	if anonymous {
		r.do(r.fac, session.SetAnonymous{Anonymous: true})
	}
	r.phase(session.PhaseAnswer)
	for _, role := range permRoles {
		r.notes[role] = r.note(r.by[role], session.QuestionWho, role+"s")
	}
	r.do(r.fac, session.RemoveParticipant{Participant: r.by["removed"].ID()})
	if phase >= session.PhaseGroup {
		r.phase(session.PhaseGroup)
		r.seg = r.segment(r.fac, "Everyone", r.notes["facilitator"], r.notes["participant"])
	}
	r.phase(phase)
	r.do(r.fac, session.LockGrouping{Locked: locked})
	if phase == session.PhaseDiscuss {
		for _, role := range permRoles[:3] {
			r.do(r.by[role], session.AddNextStep{Segment: r.seg, Text: role + "'s step"})
			r.steps[role] = r.snap().NextSteps[len(r.snap().NextSteps)-1].ID
		}
	}
	return r
}

// permProbe is a command that does what one permission allows; the view
// must allow it exactly when the session accepts it.
type permProbe struct {
	name    string
	allowed func(c session.Permissions, v *session.View, r *permRoom, role string) bool
	cmd     func(r *permRoom, role string) session.Command
}

func permProbes() []permProbe {
	other := func(role string) string {
		if role == "facilitator" {
			return "participant"
		}
		return "facilitator"
	}
	probes := []permProbe{
		{"facilitate", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.Facilitate },
			func(*permRoom, string) session.Command { return session.SetTimer{Duration: time.Minute} }},
		{"add a note", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.AddNotes },
			func(*permRoom, string) session.Command {
				return session.AddNote{Question: session.QuestionDo, Text: "more"}
			}},
		{"edit one's note", func(_ session.Permissions, v *session.View, r *permRoom, role string) bool {
			return v.CanEdit(session.NoteView{Note: session.Note{ID: r.notes[role]}})
		}, func(r *permRoom, role string) session.Command {
			return session.EditNote{Note: r.notes[role], Text: "edited"}
		}},
		{"delete one's note", func(_ session.Permissions, v *session.View, r *permRoom, role string) bool {
			return v.CanDelete(session.NoteView{Note: session.Note{ID: r.notes[role]}})
		}, func(r *permRoom, role string) session.Command { return session.DeleteNote{Note: r.notes[role]} }},
		{"delete another's note", func(_ session.Permissions, v *session.View, r *permRoom, role string) bool {
			return v.CanDelete(session.NoteView{Note: session.Note{ID: r.notes[other(role)]}})
		}, func(r *permRoom, role string) session.Command { return session.DeleteNote{Note: r.notes[other(role)]} }},
		{"say done", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.SayDone },
			func(*permRoom, string) session.Command { return session.SetReady{Ready: true} }},
		{"group", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.Group },
			func(r *permRoom, _ string) session.Command {
				return session.GroupNotes{Segment: r.seg, Notes: []int64{r.notes["guest"]}}
			}},
		{"vote", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.Vote },
			func(r *permRoom, _ string) session.Command { return session.CastDot{Segment: r.seg} }},
		{"vote settings", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.VoteSettings },
			func(*permRoom, string) session.Command { return session.SetVoteSettings{Budget: 4, MaxPerSegment: 2} }},
		{"reveal votes", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.RevealVotes },
			func(*permRoom, string) session.Command { return session.RevealVotes{Revealed: true} }},
		{"pick insights", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.PickInsights },
			func(r *permRoom, _ string) session.Command {
				return session.PickInsight{Lens: session.LensBiggest, Segment: r.seg}
			}},
		{"show authors", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.ShowAuthors },
			func(*permRoom, string) session.Command { return session.SetAnonymous{Anonymous: false} }},
		{"move the spotlight", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.MoveSpotlight },
			func(r *permRoom, _ string) session.Command { return session.Spotlight{Segment: r.seg} }},
		{"say who the spotlight is", func(_ session.Permissions, v *session.View, r *permRoom, _ string) bool {
			return v.CanClassify(r.seg)
		}, func(r *permRoom, _ string) session.Command {
			return session.SetSegmentType{Segment: r.seg, Type: session.TypeEndUser}
		}},
		{"add a next step", func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.AddNextSteps },
			func(r *permRoom, _ string) session.Command { return session.AddNextStep{Segment: r.seg, Text: "more"} }},
		{"remove one's next step", func(_ session.Permissions, v *session.View, r *permRoom, role string) bool {
			return v.CanChangeStep(session.NextStep{ID: r.steps[role]})
		}, func(r *permRoom, role string) session.Command { return session.DeleteNextStep{Step: r.steps[role]} }},
		{"remove another's next step", func(_ session.Permissions, v *session.View, r *permRoom, role string) bool {
			return v.CanChangeStep(session.NextStep{ID: r.steps[other(role)]})
		}, func(r *permRoom, role string) session.Command {
			return session.DeleteNextStep{Step: r.steps[other(role)]}
		}},
	}
	for _, to := range session.Phases {
		probes = append(probes, permProbe{"move to " + to.String(),
			func(c session.Permissions, _ *session.View, _ *permRoom, _ string) bool { return c.MoveTo.Has(to) },
			func(*permRoom, string) session.Command { return session.SetPhase{Phase: to} }})
	}
	return probes
}

// Every phase × role (× grouping locked or not, × anonymous or not): what
// the view says the viewer may do is exactly what the session accepts,
// probing each permission with its command in a room of its own.
func TestViewPermissionsMatchTheSessionsRules(t *testing.T) {
	probes := permProbes()
	for _, phase := range session.Phases {
		for _, locked := range []bool{false, true} {
			for _, anonymous := range []bool{false, true} {
				name := fmt.Sprintf("%s/locked=%v/anonymous=%v", phase, locked, anonymous)
				t.Run(name, func(t *testing.T) {
					seen := newPermRoom(t, phase, locked, anonymous)
					for _, role := range permRoles {
						v := seen.by[role].View()
						for _, p := range probes {
							allowed := p.allowed(v.Can, v, seen, role)
							r := newPermRoom(t, phase, locked, anonymous)
							cmd := p.cmd(r, role)
							err := r.by[role].Do(r.ctx, cmd)
							if allowed != (err == nil) {
								t.Errorf("%s may %s: the view says %v, the session answers %v to %T%+v",
									role, p.name, allowed, err, cmd, cmd)
							}
						}
					}
				})
			}
		}
	}
}
