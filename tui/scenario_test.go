package tui_test

import (
	"time"

	"forwhom/session"
)

// One workshop, walked through its phases the way a room would: each step
// builds on the one before. Notes include an emoji and CJK text, so every
// screen is also checked with wide characters.

// gathered: Fran's workshop in its Lobby phase; Pat and Sam are here, Kim
// came and went.
func gathered(r *room) {
	r.conn(fran)
	r.conn(pat)
	r.conn(sam)
	r.conn(kim)
	r.leave(kim)
}

// answering: everyone has written; Pat is done; a five-minute timer runs.
func answering(r *room) {
	gathered(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	r.do(pat,
		session.AddNote{Question: session.QuestionDo, Text: "Run the shared CI/CD platform"},
		session.AddNote{Question: session.QuestionValue, Text: "Faster, safer releases"},
		session.AddNote{Question: session.QuestionWho, Text: "App developers"},
		session.AddNote{Question: session.QuestionWho, Text: "Data scientists training models on our GPUs"},
	)
	r.do(sam,
		session.AddNote{Question: session.QuestionDo, Text: "Keep the Kubernetes clusters healthy"},
		session.AddNote{Question: session.QuestionValue, Text: "Less time spent on infrastructure"},
		session.AddNote{Question: session.QuestionWho, Text: "Mobile team 📱 in 東京"},
	)
	r.do(fran,
		session.AddNote{Question: session.QuestionWho, Text: "Security & compliance office"},
		session.AddNote{Question: session.QuestionValue, Text: "An audit trail for every deploy"},
	)
	r.do(pat, session.SetReady{Ready: true})
	r.do(fran, session.SetTimer{Duration: 5 * time.Minute})
}

// grouping: two segments made, one value note attached, one "who" note
// and the "do" notes still loose.
func grouping(r *room) {
	answering(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	r.do(pat, session.CreateSegment{Name: "Developers", Notes: []int64{
		r.note("App developers").ID, r.note("Data scientists training models on our GPUs").ID,
	}})
	r.do(fran, session.CreateSegment{Notes: []int64{r.note("Security & compliance office").ID}})
	r.do(sam, session.AttachNote{Note: r.note("Faster, safer releases").ID, Segment: r.segment("Developers").ID})
}

// groupingLocked: the same, with grouping locked by Fran.
func groupingLocked(r *room) {
	grouping(r)
	r.do(fran, session.LockGrouping{Locked: true})
}

// voting: three segments; Pat and Sam have placed dots, totals hidden.
func voting(r *room) {
	grouping(r)
	r.do(sam, session.CreateSegment{Notes: []int64{r.note("Mobile team 📱 in 東京").ID}})
	r.do(fran, session.SetPhase{Phase: session.PhaseVote})
	dev, mobile := r.segment("Developers").ID, r.segment("Mobile team 📱 in 東京").ID
	r.do(pat, session.CastDot{Segment: dev}, session.CastDot{Segment: dev}, session.CastDot{Segment: mobile})
	r.do(sam, session.CastDot{Segment: mobile}, session.CastDot{Segment: mobile}, session.CastDot{Segment: mobile},
		session.CastDot{Segment: dev}, session.CastDot{Segment: r.segment("Security & compliance office").ID})
}

// revealed: the same votes, with totals revealed.
func revealed(r *room) {
	voting(r)
	r.do(fran, session.RevealVotes{Revealed: true})
}

// prioritizing: ranked; a few insight picks made.
func prioritizing(r *room) {
	voting(r)
	r.do(fran, session.SetPhase{Phase: session.PhasePrioritize})
	dev, mobile := r.segment("Developers").ID, r.segment("Mobile team 📱 in 東京").ID
	sec := r.segment("Security & compliance office").ID
	r.do(pat,
		session.PickInsight{Lens: session.LensBiggest, Segment: dev},
		session.PickInsight{Lens: session.LensValuable, Segment: sec})
	r.do(sam,
		session.PickInsight{Lens: session.LensBiggest, Segment: dev},
		session.PickInsight{Lens: session.LensUnderserved, Segment: mobile})
	r.do(fran, session.PickInsight{Lens: session.LensBiggest, Segment: mobile})
}

// discussing: the room talks it through; Fran has the spotlight on the
// second segment, two segments are said who they are, and next steps are
// written for them.
func discussing(r *room) {
	prioritizing(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseDiscuss})
	dev, mobile := r.segment("Developers").ID, r.segment("Mobile team 📱 in 東京").ID
	sec := r.segment("Security & compliance office").ID
	r.do(fran,
		session.SetSegmentType{Segment: mobile, Type: session.TypeEndUser},
		session.SetSegmentRole{Segment: mobile, Role: session.RolePrimary},
		session.SetSegmentType{Segment: sec, Type: session.TypeStakeholder},
		session.SetSegmentType{Segment: dev, Type: session.TypeInternalTeam},
		session.SetSegmentRole{Segment: dev, Role: session.RoleSupporting},
		session.Spotlight{Segment: dev})
	r.do(pat, session.AddNextStep{Segment: dev, Kind: session.StepTalkTo,
		Text: "Pair with two app teams on their next release", Owner: "Sam", Due: "2025-03-28"})
	r.do(sam, session.AddNextStep{Segment: dev, Kind: session.StepHypothesis,
		Text: "We believe Developers need preview environments; we'll know when half the teams use them", Owner: "Pat"})
	r.do(fran, session.AddNextStep{Segment: mobile, Kind: session.StepSurvey, Text: "Survey the Tokyo mobile team", Owner: "Kim"})
}

// finished: the workshop is done.
func finished(r *room) {
	discussing(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseDone})
}
