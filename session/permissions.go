package session

import "slices"

// The rules of who may do what, each stated once. The commands check them
// (with a sentence for the user when they refuse), and every View carries
// them worked out for its viewer as Permissions: a screen offers what the
// session would accept and never decides a rule itself.

// When things may be done.
var (
	notePhases         = []Phase{PhaseAnswer} // writing, editing and deleting one's own notes
	readyPhases        = []Phase{PhaseAnswer, PhaseVote}
	groupPhases        = []Phase{PhaseGroup}
	votePhases         = []Phase{PhaseVote} // dots, and revealing the totals
	voteSettingsPhases = []Phase{PhaseLobby, PhaseAnswer, PhaseGroup, PhaseVote}
	pickPhases         = []Phase{PhasePrioritize}
	discussPhases      = []Phase{PhaseDiscuss} // the spotlight, who a segment is, next steps
)

// mayDeleteNote is the rule for deleting a note: a facilitator may delete
// any note (moderation) until the workshop is done; anyone else only their
// own, while answering. It returns the kind of refusal, or nil.
func mayDeleteNote(w WorkshopInfo, actor Participant, mine bool) error {
	if actor.Facilitator() {
		if w.Phase == PhaseDone {
			return ErrWrongPhase
		}
		return nil
	}
	if !mine {
		return ErrNotYours
	}
	if !slices.Contains(notePhases, w.Phase) {
		return ErrWrongPhase
	}
	return nil
}

// mayGroup is the rule for changing the grouping: in Group, and while
// grouping is locked, only facilitators.
func mayGroup(w WorkshopInfo, actor Participant) error {
	if !slices.Contains(groupPhases, w.Phase) {
		return ErrWrongPhase
	}
	if w.Settings.GroupingLocked && !actor.Facilitator() {
		return ErrGroupingLocked
	}
	return nil
}

// mayMoveTo is the rule for moving the room to a phase: facilitators
// only, forward one phase at a time or back to any earlier one, and into
// Vote only once there is a segment to vote on.
func mayMoveTo(w WorkshopInfo, actor Participant, to Phase, segments int) error {
	switch {
	case !actor.Facilitator():
		return ErrNotFacilitator
	case !to.Valid() || to == w.Phase:
		return ErrInvalid
	case to > w.Phase+1:
		return ErrWrongPhase
	case to == PhaseVote && segments == 0:
		return ErrWrongPhase
	}
	return nil
}

// mayMoveSpotlight is the rule for the spotlight: facilitators, in Discuss.
func mayMoveSpotlight(p Participant, phase Phase) bool {
	return p.Facilitator() && slices.Contains(discussPhases, phase)
}

// mayClassify is the rule for saying who a segment is: in Discuss, a
// facilitator for any segment; a participant, when the facilitator has
// opened it to the room, for the segment in the spotlight.
func mayClassify(p Participant, w WorkshopInfo, seg, spotlight int64) bool {
	if !slices.Contains(discussPhases, w.Phase) {
		return false
	}
	return p.Facilitator() || (w.Settings.OpenWho && seg == spotlight)
}

// mayChangeStep is the rule for editing and removing a next step: in
// Discuss, a facilitator any, a participant their own.
func mayChangeStep(p Participant, phase Phase, s NextStep) bool {
	return slices.Contains(discussPhases, phase) && (p.Facilitator() || s.Author == p.ID)
}

// mayShowAuthors is the rule for turning anonymity off: once notes were
// written anonymously, never.
func mayShowAuthors(w WorkshopInfo, actor Participant, notes int) error {
	if !actor.Facilitator() {
		return ErrNotFacilitator
	}
	if w.Settings.Anonymous && notes > 0 {
		return ErrInvalid
	}
	return nil
}

// Permissions are what a view's viewer may do now, by the rules above. A
// command they allow may still be refused for what a view cannot promise:
// a note deleted a moment before, the rate limit, a limit on notes.
type Permissions struct {
	Facilitate     bool     // steer the room: the facilitator menu, timer, settings, people
	MoveTo         PhaseSet // the phases the viewer may move the room to
	AddNotes       bool
	EditOwnNotes   bool
	DeleteOwnNotes bool
	DeleteAnyNote  bool // anyone's, as a facilitator moderates
	SayDone        bool // say they are done (or not) with this phase
	Group          bool // make, rename and merge segments, and put notes in them
	Vote           bool // place and take back dots
	VoteSettings   bool
	RevealVotes    bool // reveal or hide the totals
	PickInsights   bool
	ShowAuthors    bool // turn anonymity off

	// Discuss.
	MoveSpotlight      bool // walk the room through the segments
	ClassifyAny        bool // say who any segment is (its type and role)
	ClassifySpotlight  bool // say who the segment in the spotlight is
	AddNextSteps       bool
	ChangeOwnNextSteps bool // edit and remove one's own
	ChangeAnyNextStep  bool // anyone's, as a facilitator
	EditQuestions      bool // change the questions (SetQuestions, ApplyTemplate)
	ReviewEarlier      bool // mark a follow-up's earlier segments (ReviewEarlier)
}

// PhaseSet is a set of phases.
type PhaseSet uint8

// Has reports whether p is in the set.
func (s PhaseSet) Has(p Phase) bool { return p.Valid() && s&(1<<p) != 0 }

// permissionsFor works out what actor may do in the state s.
func permissionsFor(s *Snapshot, actor Participant) Permissions {
	w := s.Workshop
	if actor.Removed || actor.ID == "" {
		return Permissions{}
	}
	fac := actor.Facilitator()
	in := func(phases []Phase) bool { return slices.Contains(phases, w.Phase) }
	p := Permissions{
		Facilitate:     fac,
		AddNotes:       in(notePhases),
		EditOwnNotes:   in(notePhases),
		DeleteOwnNotes: mayDeleteNote(w, actor, true) == nil,
		DeleteAnyNote:  mayDeleteNote(w, actor, false) == nil,
		SayDone:        in(readyPhases),
		Group:          mayGroup(w, actor) == nil,
		Vote:           in(votePhases),
		VoteSettings:   fac && in(voteSettingsPhases),
		RevealVotes:    fac && in(votePhases),
		PickInsights:   in(pickPhases),
		ShowAuthors:    mayShowAuthors(w, actor, len(s.Notes)) == nil,

		MoveSpotlight:      mayMoveSpotlight(actor, w.Phase),
		ClassifyAny:        fac && mayClassify(actor, w, 0, -1),
		ClassifySpotlight:  mayClassify(actor, w, 0, 0),
		AddNextSteps:       in(discussPhases),
		ChangeOwnNextSteps: mayChangeStep(actor, w.Phase, NextStep{Author: actor.ID}),
		ChangeAnyNextStep:  mayChangeStep(actor, w.Phase, NextStep{}),
		EditQuestions:      mayEditQuestions(w, actor, len(s.Notes)) == nil,
		ReviewEarlier:      mayReviewEarlier(w, actor) == nil && len(s.Earlier) > 0,
	}
	for _, to := range Phases {
		if mayMoveTo(w, actor, to, len(s.Segments)) == nil {
			p.MoveTo |= 1 << to
		}
	}
	return p
}

// CanDelete reports whether the viewer may delete the note.
func (v *View) CanDelete(n NoteView) bool {
	return v.Can.DeleteAnyNote || v.Can.DeleteOwnNotes && v.Mine(n.ID)
}

// CanEdit reports whether the viewer may edit the note.
func (v *View) CanEdit(n NoteView) bool { return v.Can.EditOwnNotes && v.Mine(n.ID) }

// CanClassify reports whether the viewer may say who the segment is.
func (v *View) CanClassify(seg int64) bool {
	return v.Can.ClassifyAny || v.Can.ClassifySpotlight && seg == v.Spotlight && seg != 0
}

// CanChangeStep reports whether the viewer may edit or remove the next
// step.
func (v *View) CanChangeStep(st NextStep) bool {
	return v.Can.ChangeAnyNextStep || v.Can.ChangeOwnNextSteps && v.MineStep(st.ID)
}
